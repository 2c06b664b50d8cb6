"""The hash chain of a desa-year: each entry's hash covers the previous entry's hash and the
entry's own recorded fields, so rewriting or removing any entry breaks every link after it."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64


def entry_hash(
    *,
    prev_hash: str,
    desa_code: str,
    year: int,
    number: int,
    tracking_code: str,
    received_at: datetime,
    channel: str,
    category_slug: str,
    summary: str,
    anonymous: bool,
) -> str:
    # Canonical JSON (sorted keys, UTC microseconds) so that any database returns the same
    # bytes for the same row; changing this breaks every stored chain.
    payload = json.dumps(
        {
            "prev": prev_hash,
            "desa": desa_code,
            "year": year,
            "number": number,
            "complaint": tracking_code,
            "received_at": received_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "channel": channel,
            "category": category_slug,
            "summary": summary,
            "anonymous": anonymous,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    year: int
    number: int  # the first entry (or expected number) where the chain no longer holds
    reason: str


@dataclass(frozen=True)
class ChainReport:
    desa_code: str
    year: int
    entries: int
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None

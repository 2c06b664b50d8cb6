"""The WhatsApp Business Platform (Cloud API) as Meta documents it: the webhook's signature and
payload, the Graph API's media endpoint, and the shape of a template message.

Webhook notifications are `{"object": "whatsapp_business_account", "entry": [{"id": WABA,
"changes": [{"field": "messages", "value": {...}}]}]}`; a value carries `metadata`
(`phone_number_id` names the receiving number, hence the desa), `contacts[]` (`wa_id`,
`profile.name`), `messages[]` and/or `statuses[]` (receipts for what we sent).
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from django.conf import settings

from common.clock import current_time

SIGNATURE_HEADER = "X-Hub-Signature-256"
MEDIA_TYPES = ("image", "document", "audio")
SUPPORTED_TYPES = ("text", "location", *MEDIA_TYPES)


def signature_valid(body: bytes, header: str | None) -> bool:
    """`sha256=<hex>` of HMAC-SHA256(raw body, app secret), compared in constant time.

    No secret configured means nothing can be valid: an unconfigured server accepts nothing.
    """
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


def signature_of(body: bytes, secret: str) -> str:
    """The header value Meta would send for `body` (used by docs, tests and the bench)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Inbound:
    phone_number_id: str
    message: dict[str, Any]
    profile_name: str


@dataclass(frozen=True)
class Receipt:
    phone_number_id: str
    message_id: str
    status: str
    at: datetime


def moment(timestamp: Any) -> datetime:
    """Meta's timestamps are Unix seconds as strings."""
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return current_time()


def notifications_of(payload: Any) -> tuple[list[Inbound], list[Receipt]]:
    """The messages and receipts of one webhook body; anything else in it is ignored."""
    inbound: list[Inbound] = []
    receipts: list[Receipt] = []
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        return inbound, receipts
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            if not isinstance(value, dict):
                continue
            number_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
            names = {
                str(contact.get("wa_id")): (contact.get("profile") or {}).get("name") or ""
                for contact in value.get("contacts") or []
                if isinstance(contact, dict)
            }
            for message in value.get("messages") or []:
                if isinstance(message, dict) and message.get("id") and message.get("from"):
                    name = names.get(str(message["from"]), "")
                    inbound.append(Inbound(number_id, message, name))
            for status in value.get("statuses") or []:
                if isinstance(status, dict) and status.get("id") and status.get("status"):
                    receipts.append(
                        Receipt(
                            number_id,
                            str(status["id"]),
                            str(status["status"])[:12],
                            moment(status.get("timestamp")),
                        )
                    )
    return inbound, receipts


def text_of(message: dict[str, Any]) -> str:
    """What a person reads of a message: its text, a caption, or a location in words."""
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body") or "")
    if kind in MEDIA_TYPES:
        part = message.get(kind) or {}
        return str(part.get("caption") or part.get("filename") or "")
    if kind == "location":
        place = message.get("location") or {}
        words = [str(place.get(key)) for key in ("name", "address") if place.get(key)]
        where = f"{place.get('latitude')}, {place.get('longitude')}"
        return " — ".join([*words, where])
    return ""


class MediaError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def media_download(media_id: str, *, limit: int) -> bytes:
    """The bytes of a media object: `GET {graph}/{media-id}` gives a short-lived URL, fetched
    with the same bearer token. Raises MediaError (permanent for 4xx and oversize)."""
    headers = {"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"}
    timeout = settings.WHATSAPP_TIMEOUT
    try:
        meta = httpx.get(
            f"{settings.WHATSAPP_GRAPH_URL}/{media_id}", headers=headers, timeout=timeout
        )
        _check(meta)
        url = meta.json().get("url")
        if not url:
            raise MediaError("Graph API gave no media URL", permanent=True)
        size = int(meta.json().get("file_size") or 0)
        if size > limit:
            raise MediaError(f"media of {size} bytes is over the limit", permanent=True)
        with httpx.stream("GET", url, headers=headers, timeout=timeout) as response:
            _check(response)
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                if len(data) > limit:
                    raise MediaError("media over the size limit", permanent=True)
        return bytes(data)
    except httpx.HTTPError as exc:
        raise MediaError(f"Graph API: {exc!r}") from exc
    except ValueError as exc:  # a body that is not JSON
        raise MediaError(f"Graph API: {exc}", permanent=True) from exc


def _check(response: httpx.Response) -> None:
    if response.is_success:
        return
    permanent = response.status_code < 500 and response.status_code not in (408, 429)
    raise MediaError(f"Graph API {response.status_code}", permanent=permanent)


@dataclass(frozen=True)
class Template:
    """An approved template message: its name, language and the number of body parameters."""

    name: str
    language: str
    parameters: int


def approved_templates() -> list[Template]:
    templates = []
    for item in settings.WHATSAPP_TEMPLATES:
        name, _, rest = item.partition(":")
        language, _, count = rest.partition(":")
        templates.append(Template(name.strip(), language.strip() or "id", int(count or 0)))
    return templates


def template_request(*, name: str, language: str, parameters: list[str]) -> dict[str, Any]:
    """The `template` object of a Cloud API /messages request (`type: template`)."""
    return {
        "name": name,
        "language": {"code": language},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}
        ]
        if parameters
        else [],
    }

"""Retry-safe POSTs: the `Idempotency-Key` header, as in the IETF httpapi idempotency-key
draft and Stripe's API.

Residents on a weak signal resend a submission whose answer they never received. With the
same key and body the first answer is replayed and nothing runs again; the same key with
another body is 422; a repeat while the first is still running is 409 with `Retry-After`.

How a key is claimed, so that a retry can never run the work twice:

1. An `in_progress` row is inserted and committed in its own short transaction, before the
   work starts; the unique (scope, operation, key) makes a concurrent repeat fail to insert,
   and it reads the row instead.
2. The work and the marking of the row as `done` (with the answer) commit in one
   transaction, by compare-and-set on `claimed_at`. Either both happen or neither does.
3. A failure (an exception, a 5xx, a 409 or 429) deletes the claim so the client may retry.
   A claim left behind by a killed worker is taken over after `STALE_CLAIM`; should the old
   attempt still be alive, its compare-and-set fails and its work rolls back.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from common.api import exception_handler
from common.clock import current_time
from common.errors import IdempotencyKeyInUse, IdempotencyKeyReused
from common.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

# How long a key is remembered. The draft leaves it to the server; Stripe keeps keys 24 h,
# and a phone that lost its signal retries within minutes or hours, not days.
TTL = timedelta(hours=24)

# An `in_progress` claim older than this belongs to a worker that died mid-request: gunicorn
# kills a request after 30 s (deploy/backend.Dockerfile) or 60 s (Procfile).
STALE_CLAIM = timedelta(minutes=5)

# What a 409 asks the client to wait: a submission takes well under a second.
RETRY_AFTER_SECONDS = 2

# Rows deleted per statement by the purge, so one run never holds long locks.
PURGE_BATCH_SIZE = 1000

# Visible ASCII and space; Stripe allows 255 characters.
_KEY = re.compile(r"[\x20-\x7e]{1,255}")

# The header as `_key_parse` takes it, for the schema: 1 to 255 printable ASCII characters
# once the spaces around it (and a structured-field string's quotes) are trimmed; `""` is
# an empty string.
KEY_PATTERN = r'^ *(?!"" *$)[\x21-\x7e][\x20-\x7e]{0,254}$'

# Answers worth replaying: success and the client's own mistakes. A 409 or 429 is transient,
# a 5xx is ours; the client must be able to retry those with the same key.
_NOT_STORED = frozenset({409, 429})


class _ClaimLost(Exception):
    """Another attempt took over this key while ours ran (see STALE_CLAIM)."""


def idempotent(request: Request, *, operation: str, run: Callable[[], Response]) -> Response:
    """Answer `run()` at most once per (caller, operation, Idempotency-Key).

    Without the header, `run()` simply runs. Expected errors raised by `run()` become their
    API answers here, so that a 400 is stored and replayed like a 201. Must be called outside
    any transaction that the claim would otherwise wait for (views run in autocommit).
    """
    raw = request.headers.get(HEADER)
    if raw is None:
        return run()
    key = _key_parse(raw)
    record, claimed = _claim(
        scope=_scope_of(request),
        operation=operation,
        key=key,
        fingerprint=_fingerprint(request.data),
    )
    if record is None:
        return _in_use(request)
    if not claimed:
        return _replay(record) if record.state == IdempotencyRecord.State.DONE else _in_use(request)

    try:
        with transaction.atomic():
            response = _respond(request, run)
            if response.status_code < 500 and response.status_code not in _NOT_STORED:
                _complete(record, response)
            else:
                _release(record)
    except _ClaimLost:
        return _in_use(request)
    except BaseException:
        _release(record)
        raise
    return response


def idempotency_purge_expired(*, now: datetime | None = None) -> int:
    """Delete expired records in batches; returns how many. Safe to run twice or concurrently."""
    now = now or current_time()
    deleted = 0
    while True:
        batch = list(
            IdempotencyRecord.objects.filter(expires_at__lte=now).values_list("pk", flat=True)[
                :PURGE_BATCH_SIZE
            ]
        )
        if not batch:
            return deleted
        count, _by_model = IdempotencyRecord.objects.filter(
            pk__in=batch, expires_at__lte=now
        ).delete()
        deleted += count


def _key_parse(raw: str) -> str:
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]  # the draft sends a structured-field string: "8e03978e-…"
    if not _KEY.fullmatch(key):
        raise ValidationError({HEADER: [_("Use 1 to 255 printable ASCII characters.")]})
    return key


def _scope_of(request: Request) -> str:
    # Anonymous callers share one scope; a replay still needs the identical body, which only
    # the sender of the first request knows.
    return f"user:{request.user.pk}" if request.user.is_authenticated else "anon"


def _fingerprint(data) -> str:
    """A keyed hash of the canonical JSON body: an unkeyed one could be brute-forced for a
    NIK (whose digits encode region and birth date) by someone who knows the rest."""
    if hasattr(data, "lists"):  # a QueryDict (form or multipart body)
        data = {name: values for name, values in data.lists()}
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    key = settings.IDENTITY_HASH_KEY.encode()
    return hmac.new(key, b"idempotency\0" + canonical.encode(), hashlib.sha256).hexdigest()


def _claim(
    *, scope: str, operation: str, key: str, fingerprint: str
) -> tuple[IdempotencyRecord | None, bool]:
    """Insert and commit an `in_progress` row → (row, True); or the live row another request
    holds → (row, False), (None, False) if it kept changing under us. Raises
    IdempotencyKeyReused when that row was for another body."""
    for _attempt in range(3):  # each pass ends because a concurrent request moved on
        now = current_time()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    scope=scope,
                    operation=operation,
                    key=key,
                    fingerprint=fingerprint,
                    claimed_at=now,
                    created_at=now,
                    expires_at=now + TTL,
                )
            return record, True
        except IntegrityError:
            pass

        record = IdempotencyRecord.objects.filter(scope=scope, operation=operation, key=key).first()
        if record is None:  # its attempt failed and released the claim just now
            continue
        if record.expires_at <= now:  # expired keys count as never used
            IdempotencyRecord.objects.filter(pk=record.pk, expires_at__lte=now).delete()
            continue
        if record.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        if record.state == IdempotencyRecord.State.IN_PROGRESS and (
            record.claimed_at <= now - STALE_CLAIM
        ):
            taken = IdempotencyRecord.objects.filter(
                pk=record.pk,
                state=IdempotencyRecord.State.IN_PROGRESS,
                claimed_at=record.claimed_at,
            ).update(claimed_at=now, expires_at=now + TTL)
            if taken:
                record.claimed_at = now
                return record, True
            continue
        return record, False
    return None, False


def _respond(request: Request, run: Callable[[], Response]) -> Response:
    """`run()`'s answer, with expected errors rendered as the API renders them."""
    try:
        return run()
    except Exception as exc:
        response = exception_handler(exc, {"request": request})
        if response is None:
            raise
        return response


def _complete(record: IdempotencyRecord, response: Response) -> None:
    """Store the answer, in the work's transaction; raises _ClaimLost to roll the work back."""
    body = json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False)
    stored = IdempotencyRecord.objects.filter(
        pk=record.pk, state=IdempotencyRecord.State.IN_PROGRESS, claimed_at=record.claimed_at
    ).update(
        state=IdempotencyRecord.State.DONE,
        response_status=response.status_code,
        response_body=body,  # EncryptedTextField: encrypted on the way in
    )
    if not stored:
        raise _ClaimLost()


def _release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(
        pk=record.pk, state=IdempotencyRecord.State.IN_PROGRESS, claimed_at=record.claimed_at
    ).delete()


def _replay(record: IdempotencyRecord) -> Response:
    body = json.loads(record.response_body) if record.response_body else None
    return Response(body, status=record.response_status, headers={REPLAYED_HEADER: "true"})


def _in_use(request: Request) -> Response:
    error = IdempotencyKeyInUse(extra={"retry_after": RETRY_AFTER_SECONDS})
    response = exception_handler(error, {"request": request})
    assert response is not None  # a DomainError always has its answer
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

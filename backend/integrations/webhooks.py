"""Webhooks: the outbox written with each change, and delivery signed per Standard Webhooks.

Events are rows (`WebhookMessage`), one per subscribed URL, written in the transaction of
the change that causes them (`webhooks_on_submit`, `webhooks_on_transition`); after commit
a task per row is enqueued. Delivery happens in the worker, never in the request: a
receiver that hangs delays only its own message. Each attempt is signed with the
`standardwebhooks` library (`webhook-id`, `webhook-timestamp`, `webhook-signature`), keeps
the same `webhook-id`, follows no redirect and is logged. Failed attempts are retried
after `WEBHOOK_RETRY_SCHEDULE` (seconds: 5 s … 10 h, about 27 h in all); a URL failing for
`WEBHOOK_DISABLE_AFTER_DAYS` is disabled and the application's contact is told.

Payloads are de-identified: code, desa, category, status, timestamps, register number
and deadline; never anything of the reporter.
"""

import ipaddress
import logging
import secrets
import socket
import ssl
from collections.abc import Callable
from datetime import timedelta
from functools import cache as once
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from common.clock import current_time
from complaints.models import Complaint, Transition
from complaints.state import Action, Status
from config.celery import app as celery_app
from integrations.access import client_sees_desa
from integrations.models import (
    DeliveryState,
    WebhookAttempt,
    WebhookEventType,
    WebhookMessage,
    WebhookSubscription,
)
from notifications.services import notify_webhook_disabled
from register.selectors import register_number_of

log = logging.getLogger(__name__)

DELIVER_TASK = "integrations.tasks.deliver_webhook"
# Retries longer than this wait for the beat sweep rather than sit in the broker, whose
# visibility timeout (an hour) would hand a long-delayed task out twice.
SHORT_DELAY = 60
RESEND_BATCH = 500


# --- SSRF ----------------------------------------------------------------------------------
def url_check(url: str) -> None:
    """Refuse URLs that are not http(s) or resolve to loopback, private, link-local or other
    internal addresses, unless `WEBHOOK_ALLOW_PRIVATE_TARGETS` (for trying a local
    receiver). Checked when subscribing and again before every attempt (DNS can change)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Give an http or https URL.")})
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError:
        raise ValidationError({"url": _("This host name does not resolve.")}) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise ValidationError(
                {"url": _("This URL points into a private network; it is refused.")}
            )


# --- the outbox ------------------------------------------------------------------------------
def _moment(value) -> str | None:
    return value.isoformat() if value else None


def payload_of(complaint: Complaint) -> dict:
    """The de-identified facts of a complaint every event carries."""
    sla = getattr(complaint, "sla", None) if complaint.received_at else None
    return {
        "code": complaint.tracking_code,
        "desa": {"code": complaint.desa.code, "name": complaint.desa.name},
        "category": {"slug": complaint.category.slug, "name": complaint.category.name},
        "kind": complaint.kind,
        "channel": complaint.channel,
        "status": complaint.status,
        "submitted_at": _moment(complaint.submitted_at),
        "received_at": _moment(complaint.received_at),
        "answered_at": _moment(complaint.answered_at),
        "closed_at": _moment(complaint.closed_at),
        "deadline": _moment(sla.deadline) if sla else None,
        "register_number": None,
    }


# Most installations have no subscription at all: remembering that saves every submission
# and every move a query. Forgotten after commit of any change that could add one; the
# TTL bounds the one race (a read that saw none, cached after a subscription committed).
NONE_LIVE_KEY = "integrations:webhooks:none-live"
NONE_LIVE_SECONDS = 60


def subscriptions_changed() -> None:
    """Call in any transaction that adds or re-enables a subscription."""
    cache.delete(NONE_LIVE_KEY)
    transaction.on_commit(lambda: cache.delete(NONE_LIVE_KEY))


def _subscribers(desa) -> list[WebhookSubscription]:
    """Live subscriptions of applications whose region holds `desa` — one query at most."""
    if cache.get(NONE_LIVE_KEY):
        return []
    subscriptions = list(
        WebhookSubscription.objects.filter(
            disabled_at__isnull=True, client__revoked_at__isnull=True
        ).select_related("client__region")
    )
    if not subscriptions:
        cache.set(NONE_LIVE_KEY, True, NONE_LIVE_SECONDS)
    return [s for s in subscriptions if client_sees_desa(s.client, desa)]


def _write(subscriptions, event_type: str, data: dict) -> list[int]:
    now = current_time()
    ids = []
    for subscription in subscriptions:
        message = WebhookMessage.objects.create(
            msg_id=f"msg_{secrets.token_hex(12)}",
            subscription=subscription,
            event_type=event_type,
            payload={"type": event_type, "timestamp": now.isoformat(), "data": data},
            next_attempt_at=now,
        )
        ids.append(message.pk)
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return ids


def _emit(desa, event_types: list[str], data: Callable[[], dict]) -> None:
    """One query when nobody subscribed; the payload is only built for subscribers."""
    subscriptions = _subscribers(desa)
    wanted = {t: [s for s in subscriptions if t in s.events] for t in event_types}
    if not any(wanted.values()):
        return
    facts = data()
    for event_type, subscribed in wanted.items():
        _write(subscribed, event_type, facts)


def webhooks_on_submit(*, complaint: Complaint) -> None:
    """Queue `complaint.submitted`. Runs inside the submission's transaction."""
    _emit(complaint.desa, [WebhookEventType.COMPLAINT_SUBMITTED], lambda: payload_of(complaint))


def webhooks_on_transition(*, complaint: Complaint, transition: Transition, **_: Any) -> None:
    """Queue the events of one move. Runs inside the move's transaction; `complaint` is the
    locked row before the move, so the facts are read after it. Spam set aside is nobody's
    business outside the office: no event."""
    if transition.action == Action.DISMISS_SPAM:
        return
    events = [WebhookEventType.COMPLAINT_STATUS_CHANGED]
    if transition.to_status == Status.ANSWERED:
        events.append(WebhookEventType.COMPLAINT_ANSWERED)
    if transition.to_status == Status.CLOSED:
        events.append(WebhookEventType.COMPLAINT_CLOSED)
    if transition.action == Action.RECEIVE:
        # The register number is taken as the very last step of receiving: it is added
        # when the message is sent (`_with_late_facts`).
        events.append(WebhookEventType.REGISTER_ENTRY_CREATED)

    def facts() -> dict:
        moved = Complaint.objects.select_related("desa", "category", "sla").get(pk=complaint.pk)
        return {
            **payload_of(moved),
            "from_status": transition.from_status,
            "action": transition.action,
        }

    _emit(complaint.desa, events, facts)


def webhook_ping(*, subscription: WebhookSubscription) -> WebhookMessage:
    """Queue a `ping` to test a URL."""
    [message_id] = _write(
        [subscription], WebhookEventType.PING, {"subscription": subscription.public_id}
    )
    return WebhookMessage.objects.get(pk=message_id)


@transaction.atomic
def webhook_redeliver(*, message: WebhookMessage) -> WebhookMessage:
    """Send a message again now, with the same `webhook-id`, whatever its state."""
    WebhookMessage.objects.filter(pk=message.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=current_time(), claimed_at=None
    )
    transaction.on_commit(lambda: enqueue([message.pk]))
    message.refresh_from_db()
    return message


def enqueue(ids: list[int], countdown: float | None = None) -> int:
    """Hand rows to the broker; never raises (the beat sweep picks up what fails here)."""
    sent = 0
    for message_id in ids:
        try:
            celery_app.send_task(DELIVER_TASK, args=[message_id], countdown=countdown)
            sent += 1
        except Exception:
            log.warning("webhook enqueue failed", extra={"webhook_message": message_id})
    return sent


# --- delivery ------------------------------------------------------------------------------
def _with_late_facts(message: WebhookMessage) -> dict:
    payload = message.payload
    if message.event_type != WebhookEventType.REGISTER_ENTRY_CREATED:
        return payload
    complaint = (
        Complaint.objects.select_related("desa__register_settings", "register_entry")
        .filter(tracking_code=payload["data"]["code"])
        .first()
    )
    number = register_number_of(complaint) if complaint else None
    return {**payload, "data": {**payload["data"], "register_number": number}}


@once
def _tls() -> ssl.SSLContext:
    """One verifying TLS context per worker process. `httpx.post` would otherwise load the
    CA bundle for every delivery: ~120 ms of CPU each on a loaded 2-core machine, two
    thirds of a delivery's time (bench/README.md, webhook fan-out)."""
    return httpx.create_ssl_context()


def _attempt(message: WebhookMessage) -> tuple[int | None, str]:
    """One signed POST; (status code or None, error text). No network I/O in a transaction."""
    subscription = message.subscription
    body = orjson.dumps(_with_late_facts(message)).decode()
    try:
        url_check(subscription.url)
    except ValidationError as refused:
        return None, "; ".join(refused.messages)[:200]
    now = current_time()
    signature = Webhook(subscription.secret).sign(message.msg_id, now, body)
    headers = {
        "content-type": "application/json",
        "webhook-id": message.msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
        "user-agent": "PengaduanDesa-Webhooks/1",
    }
    try:
        response = httpx.post(
            subscription.url,
            content=body.encode(),
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            follow_redirects=False,
            verify=_tls(),
        )
    except httpx.HTTPError as failure:
        return None, type(failure).__name__
    return response.status_code, ""


def webhook_deliver(*, message_id: int) -> str:
    """Attempt one message. Safe to run twice: it claims the row first (pending and due →
    sending); a second run finds nothing to claim. Returns the new state or "skipped"."""
    now = current_time()
    claimed = (
        WebhookMessage.objects.filter(pk=message_id, state=DeliveryState.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(subscription__disabled_at__isnull=True)
        .update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    message = WebhookMessage.objects.select_related("subscription__client").get(pk=message_id)
    status, error = _attempt(message)
    return _record(message, status, error)


@transaction.atomic
def _record(message: WebhookMessage, status: int | None, error: str) -> str:
    now = current_time()
    WebhookAttempt.objects.create(message=message, status_code=status, error=error)
    subscription = message.subscription
    if status is not None and 200 <= status < 300:
        WebhookMessage.objects.filter(pk=message.pk).update(
            state=DeliveryState.DELIVERED, delivered_at=now, next_attempt_at=None
        )
        WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since=None)
        return DeliveryState.DELIVERED
    WebhookSubscription.objects.filter(pk=subscription.pk, failing_since__isnull=True).update(
        failing_since=now
    )
    subscription.refresh_from_db()
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    failing_for = now - (subscription.failing_since or now)
    if failing_for >= timedelta(days=settings.WEBHOOK_DISABLE_AFTER_DAYS):
        _disable(subscription, now)
    if message.attempts > len(schedule) or subscription.disabled_at is not None:
        WebhookMessage.objects.filter(pk=message.pk).update(
            state=DeliveryState.FAILED, next_attempt_at=None
        )
        return DeliveryState.FAILED
    delay = schedule[message.attempts - 1]
    WebhookMessage.objects.filter(pk=message.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=now + timedelta(seconds=delay)
    )
    if delay <= SHORT_DELAY:
        transaction.on_commit(lambda: enqueue([message.pk], countdown=delay))
    return DeliveryState.PENDING


def _disable(subscription: WebhookSubscription, now) -> None:
    changed = WebhookSubscription.objects.filter(
        pk=subscription.pk, disabled_at__isnull=True
    ).update(disabled_at=now)
    subscription.disabled_at = now
    if changed and subscription.client.contact_email:
        notify_webhook_disabled(
            client_name=subscription.client.name,
            subscription_id=subscription.public_id,
            url=subscription.url,
            email=subscription.client.contact_email,
        )


def webhook_resend_due(*, now=None) -> int:
    """Enqueue messages whose retry is due, and those a killed worker left `sending`."""
    now = now or current_time()
    stale = now - timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 4)
    WebhookMessage.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=stale).update(
        state=DeliveryState.PENDING
    )
    due = list(
        WebhookMessage.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .filter(subscription__disabled_at__isnull=True)
        .values_list("pk", flat=True)[:RESEND_BATCH]
    )
    return enqueue(due)

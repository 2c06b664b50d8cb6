"""Writes of the integrations app: clients, their keys and the audit log."""

import base64
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.clock import current_time
from common.errors import InvalidTransition, NotAllowed, NotFound
from common.phone import phone_normalise
from complaints.models import Channel, Kind
from complaints.models import Level as Urgency
from complaints.services import complaint_submit
from integrations.access import client_region_allowed, client_require_scope, client_sees_desa
from integrations.keys import key_digest, key_new
from integrations.models import (
    MAX_ACTIVE_KEYS,
    ApiClient,
    ApiClientAudit,
    ApiKey,
    ApiSubmission,
    AuditAction,
    Scope,
    WebhookEventType,
    WebhookSubscription,
)
from integrations.webhooks import subscriptions_changed, url_check
from notifications.services import notify_submitted_by_application
from regions.models import Level, Region

CLIENT_LEVELS = frozenset({Level.DESA, Level.KECAMATAN, Level.KABUPATEN})


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    raw: str  # shown once to whoever created it; only its digest is stored


def _audit(
    *, client: ApiClient, action: str, actor: User | None, key_prefix: str = "", **detail
) -> None:
    ApiClientAudit.objects.create(
        client=client, action=action, actor=actor, key_prefix=key_prefix, detail=detail
    )


def _key_issue(*, client: ApiClient, actor: User) -> IssuedKey:
    raw, prefix = key_new()
    key = ApiKey.objects.create(
        client=client, prefix=prefix, digest=key_digest(raw), created_by=actor
    )
    _audit(client=client, action=AuditAction.KEY_CREATED, actor=actor, key_prefix=prefix)
    return IssuedKey(key, raw)


@transaction.atomic
def api_client_create(
    *,
    actor: User,
    name: str,
    region_code: str,
    scopes: list[str],
    contact_email: str = "",
    rate_per_minute: int = 120,
) -> tuple[ApiClient, IssuedKey]:
    """Register a third-party application for the region `region_code` and issue its first key.

    Admins create clients for any desa, kecamatan or kabupaten; a village head for their
    own desa only (`integrations.access.client_region_allowed`).
    """
    region = Region.objects.filter(code=region_code).first()
    if region is None or region.level not in CLIENT_LEVELS:
        raise ValidationError({"region": _("Choose a desa, a kecamatan or a kabupaten.")})
    if not client_region_allowed(actor, region):
        raise NotAllowed(_("You may create applications only for your own desa."))
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scope: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    client = ApiClient.objects.create(
        public_id=f"app_{secrets.token_hex(6)}",
        name=name.strip(),
        region=region,
        scopes=sorted(set(scopes)),
        contact_email=contact_email.strip(),
        rate_per_minute=rate_per_minute,
        created_by=actor,
    )
    _audit(client=client, action=AuditAction.CLIENT_CREATED, actor=actor, scopes=client.scopes)
    return client, _key_issue(client=client, actor=actor)


@transaction.atomic
def api_key_rotate(*, client: ApiClient, actor: User) -> IssuedKey:
    """Issue another key, to be rolled out before the old one is revoked.

    At most `MAX_ACTIVE_KEYS` keys are active: a third is refused (409) until one is
    revoked. The client row is locked so two rotations cannot both pass the count.
    """
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        raise InvalidTransition(_("This application has been revoked."))
    active = ApiKey.objects.filter(client=locked, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_KEYS:
        raise InvalidTransition(
            _("This application already has %(count)s active keys; revoke one first.")
            % {"count": MAX_ACTIVE_KEYS}
        )
    return _key_issue(client=locked, actor=actor)


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: User) -> ApiKey:
    """Revoke one key; requests carrying it fail from the next one on."""
    changed = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=current_time()
    )
    if changed:
        _audit(
            client=key.client, action=AuditAction.KEY_REVOKED, actor=actor, key_prefix=key.prefix
        )
    key.refresh_from_db()
    return key


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: User) -> ApiClient:
    """Switch the application off: the client and every key of it stop working at once."""
    now = current_time()
    changed = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=now)
    if changed:
        ApiKey.objects.filter(client=client, revoked_at__isnull=True).update(revoked_at=now)
        _audit(client=client, action=AuditAction.CLIENT_REVOKED, actor=actor)
    client.refresh_from_db()
    return client


def api_key_touch(*, key: ApiKey, ip: str | None) -> None:
    """Record when and from where a key was last used.

    At most one write a minute per key (or when the address changes): a busy integration
    would otherwise write the row on every request.
    """
    now = current_time()
    if (
        key.last_used_at is not None
        and (now - key.last_used_at).total_seconds() < 60
        and key.last_used_ip == ip
    ):
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=ip)
    key.last_used_at, key.last_used_ip = now, ip


def api_client_write_audit(*, client: ApiClient, key_prefix: str, what: str, **detail) -> None:
    """Log a use of a write scope (e.g. a complaint submitted through the client)."""
    _audit(
        client=client,
        action=AuditAction.WRITE,
        actor=None,
        key_prefix=key_prefix,
        what=what,
        **detail,
    )


@dataclass(frozen=True)
class ApplicationSubmission:
    complaint_code: str
    token: str


@transaction.atomic
def application_complaint_submit(
    *,
    client: ApiClient,
    key_prefix: str,
    desa: Region,
    category_slug: str,
    kind: str,
    description: str,
    contact: str,
    location_text: str = "",
    latitude=None,
    longitude=None,
    urgency: str = "medium",
) -> ApplicationSubmission:
    """File a complaint on a resident's behalf, as the application's own channel.

    Needs `complaints:write` (403) over the desa (404 outside the region). The complaint is
    recorded without a named reporter: applications carry no NIK, which a named complaint
    needs. `contact` (an email address or a phone number) only receives the tracking code
    and PIN, through the outbox; the application never sees the PIN. The use of the write
    scope goes to the audit log.
    """
    client_require_scope(client, Scope.COMPLAINTS_WRITE)
    if not client_sees_desa(client, desa):
        raise NotFound()
    contact = contact.strip()
    if "@" not in contact:
        try:
            contact = phone_normalise(contact)
        except ValidationError:
            raise ValidationError(
                {"contact": _("Give the resident's email address or phone number.")}
            ) from None
    text = " ".join(description.split())
    submitted = complaint_submit(
        desa_code=desa.code,
        kind=kind or Kind.COMPLAINT,
        category_slug=category_slug,
        channel=Channel.APPLICATION,
        title=text[:157] + "…" if len(text) > 160 else text,
        description=description,
        anonymous=True,
        reporter=None,
        actor=None,
        urgency=urgency,
        impact="medium",
        # The resident answered the application's "how urgent?": high and low are their
        # yes and no to "mendesak?"; medium (the default) says neither.
        reporter_urgent={Urgency.HIGH: True, Urgency.LOW: False}.get(urgency),
        location_text=location_text,
        latitude=latitude,
        longitude=longitude,
    )
    complaint = submitted.complaint
    token = secrets.token_hex(16)
    ApiSubmission.objects.create(client=client, complaint=complaint, token=token)
    notify_submitted_by_application(complaint=complaint, pin=submitted.pin, contact=contact)
    api_client_write_audit(
        client=client, key_prefix=key_prefix, what="complaint_submit", code=complaint.tracking_code
    )
    return ApplicationSubmission(complaint.tracking_code, token)


# --- Webhook subscriptions (an application manages its own, with `webhooks:manage`) ------
SUBSCRIBABLE = [event for event in WebhookEventType.values if event != WebhookEventType.PING]


def _webhook_secret() -> str:
    # Standard Webhooks' form: "whsec_" and base64 of 24 random bytes.
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


@dataclass(frozen=True)
class IssuedSecret:
    subscription: WebhookSubscription
    secret: str  # shown once to the application


def _events_check(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(SUBSCRIBABLE))
    if unknown or not events:
        raise ValidationError(
            {"events": _("Choose among: %(names)s.") % {"names": ", ".join(SUBSCRIBABLE)}}
        )
    return sorted(set(events))


@transaction.atomic
def webhook_subscribe(*, client: ApiClient, url: str, events: list[str]) -> IssuedSecret:
    """Subscribe `url` to `events`; the URL must not point into a private network."""
    client_require_scope(client, Scope.WEBHOOKS_MANAGE)
    url_check(url)
    secret = _webhook_secret()
    subscription = WebhookSubscription.objects.create(
        public_id=f"wh_{secrets.token_hex(8)}",
        client=client,
        url=url,
        events=_events_check(events),
        secret=secret,
    )
    subscriptions_changed()
    return IssuedSecret(subscription, secret)


@transaction.atomic
def webhook_secret_rotate(*, subscription: WebhookSubscription) -> IssuedSecret:
    """A new signing secret, used from the next attempt on; the old one stops at once."""
    secret = _webhook_secret()
    subscription.secret = secret
    subscription.save(update_fields=["secret"])
    return IssuedSecret(subscription, secret)


@transaction.atomic
def webhook_enable(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Turn a disabled URL on again (after its receiver was fixed); the URL is re-checked."""
    url_check(subscription.url)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        disabled_at=None, failing_since=None
    )
    subscriptions_changed()
    subscription.refresh_from_db()
    return subscription


@transaction.atomic
def webhook_unsubscribe(*, subscription: WebhookSubscription) -> None:
    subscription.delete()

"""Third-party applications (API clients), their keys and the audit log of what was done
with them.

A client belongs to a region (a desa, a kecamatan or a kabupaten) and holds scopes; it
never sees reporter identity — there is no scope for it. Keys are shown once and stored
only as a SHA-256 digest; the `prefix` (`pdk_` and ten characters) stays in clear to find
the row and to tell keys apart in lists.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField
from common.crypto import EncryptedTextField


class Scope(models.TextChoices):
    COMPLAINTS_READ = "complaints:read", _("Read complaints (de-identified)")
    COMPLAINTS_WRITE = "complaints:write", _("Submit complaints on behalf of residents")
    REGISTER_READ = "register:read", _("Read the register book (de-identified)")
    REPORTS_READ = "reports:read", _("Read reports")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhook subscriptions")


# Two keys at once let a client roll a new key out before the old one is revoked.
MAX_ACTIVE_KEYS = 2


class ApiClient(models.Model):
    public_id = models.CharField(max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="api_clients"
    )
    scopes = models.JSONField(_("scopes"), default=list)
    contact_email = models.EmailField(_("contact email"), blank=True)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = TimestampField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.public_id})"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiKey(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)  # sha256 of the whole key, hex
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = TimestampField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["client"], condition=Q(revoked_at__isnull=True), name="api_key_active"
            )
        ]

    def __str__(self) -> str:
        return self.prefix


class AuditAction(models.TextChoices):
    CLIENT_CREATED = "client_created", _("Client created")
    KEY_CREATED = "key_created", _("Key created")
    KEY_REVOKED = "key_revoked", _("Key revoked")
    CLIENT_REVOKED = "client_revoked", _("Client revoked")
    WRITE = "write", _("Write scope used")


class ApiClientAudit(models.Model):
    """Append-only: every creation, rotation, revocation and write of a client."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="audit")
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    key_prefix = models.CharField(max_length=16, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"])]


class ApiSubmission(models.Model):
    """A complaint an application filed (Open311 `POST requests`). The `token` answers
    Open311's `GET tokens/{token}` with the complaint's tracking code."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="submissions")
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="api_submission"
    )
    token = models.CharField(max_length=32, unique=True)
    at = TimestampField(auto_now_add=True)


class WebhookEventType(models.TextChoices):
    COMPLAINT_SUBMITTED = "complaint.submitted", _("Complaint submitted")
    COMPLAINT_STATUS_CHANGED = "complaint.status_changed", _("Complaint status changed")
    COMPLAINT_ANSWERED = "complaint.answered", _("Complaint answered")
    COMPLAINT_CLOSED = "complaint.closed", _("Complaint closed")
    REGISTER_ENTRY_CREATED = "register.entry_created", _("Register entry created")
    PING = "ping", _("Ping")


class WebhookSubscription(models.Model):
    """An application's URL that receives signed events (Standard Webhooks)."""

    public_id = models.CharField(max_length=20, unique=True)
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    # Encrypted like identity: it signs, so it must be read back (whsec_…).
    secret = EncryptedTextField()
    created_at = TimestampField(auto_now_add=True)
    # Set at the first failed delivery, cleared by a success; 3 days of it disable the URL.
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookMessage(models.Model):
    """One event for one subscription: the outbox row, written in the transaction of the
    change. `msg_id` is the `webhook-id` of every attempt, so receivers can de-duplicate."""

    msg_id = models.CharField(max_length=40, unique=True)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="messages"
    )
    event_type = models.CharField(max_length=32, choices=WebhookEventType.choices)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="webhook_message_due",
            )
        ]


class WebhookAttempt(models.Model):
    """The delivery log: one row per HTTP attempt."""

    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="log")
    at = TimestampField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

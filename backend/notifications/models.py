"""The outbox: every notification is a row first, then delivered by a task."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField
from common.crypto import EncryptedTextField


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    IN_APP = "in_app", _("In the app")


class State(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one recipient through one channel.

    `address` is an email address or a WhatsApp number (E.164), possibly the reporter's, so
    it is encrypted like the identity it comes from. `payload` never carries identity data:
    only what the template shows (tracking code, status, deadline, answer…).
    `idempotency_key` is unique per event and recipient (a task that runs twice cannot queue
    a message twice) and goes to the WhatsApp gateway on every attempt, so a retried request
    is delivered once.
    """

    idempotency_key = models.CharField(max_length=120, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("The account it is for; empty for a reporter without an account."),
    )
    address = EncryptedTextField(blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    template = models.CharField(max_length=32)
    language = models.CharField(max_length=5, default="id")
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The id the channel gave the sent message (WhatsApp `wamid…`, e-mail Message-ID): delivery
    # receipts and e-mail replies name it.
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The resend sweep: rows waiting for (another) attempt, and rows a killed worker
            # left in `sending`.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="notification_due",
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(state="sending"), name="notification_stuck"
            ),
            # A user's in-app list and unread count.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(channel="in_app"),
                name="notification_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} via {self.channel} ({self.state})"


class Kind(models.TextChoices):
    """The notices staff receive, each with its own preference (`NotificationPreference`)."""

    NEW_COMPLAINT = "new_complaint", _("A new complaint waits to be received")
    WAITING = "waiting", _("A complaint has waited more than a working day")
    INFO_SUPPLIED = "info_supplied", _("The reporter supplied information")
    OBJECTED = "objected", _("The reporter objected to an answer")
    ASSIGNED = "assigned", _("A complaint is assigned to me")
    REMINDER = "reminder", _("A deadline is near")
    ESCALATED = "escalated", _("A deadline passed (escalation)")
    DIGEST = "digest", _("Daily digest (village head)")


class NotificationPreference(models.Model):
    """How one staff member wants one kind of notice: in the app always, and by email and/or
    WhatsApp when chosen. No row means the default (`PREFERENCE_DEFAULT`), except for the
    digest, which is sent only while its row exists. Written by
    `notifications.services.preferences_set`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    email = models.BooleanField(default=True)
    whatsapp = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


# Without a row: email when the account has an address (as before preferences existed), and
# no WhatsApp (a staff member's number is often a shared office phone).
PREFERENCE_DEFAULT = {"email": True, "whatsapp": False}

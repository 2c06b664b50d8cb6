"""What arrives by WhatsApp and e-mail before it is a complaint: drafts and their messages.

A draft is one conversation with one reporter contact (a WhatsApp number, an e-mail address)
at one desa. The intake officer reads it and turns it into a complaint or dismisses it; until
then nothing enters the register. The contact is identity: encrypted at rest like a
complaint's reporter, and found again by a keyed hash (`common.crypto.blind_index`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField
from common.crypto import EncryptedTextField


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")


class DraftState(models.TextChoices):
    OPEN = "open", _("Waiting for the intake officer")
    CONVERTED = "converted", _("Made into a complaint")
    DISMISSED = "dismissed", _("Dismissed")


class DismissReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    NOT_A_COMPLAINT = "not_a_complaint", _("Not a complaint")


class Draft(models.Model):
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    # E.164 number (WhatsApp) or lower-cased address (e-mail), and the name the sender gave.
    contact = EncryptedTextField(_("contact"))
    contact_name = EncryptedTextField(_("contact name"), blank=True)
    contact_index = models.CharField(max_length=64)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    # E-mail: Klero's form sends "Pengaduan Masyarakat"; other subjects are marked.
    standard_subject = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=DraftState.choices, default=DraftState.OPEN)
    dismiss_reason = models.CharField(max_length=16, choices=DismissReason.choices, blank=True)
    complaint = models.OneToOneField(
        "complaints.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_draft",
    )
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = TimestampField(auto_now_add=True)
    last_inbound_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_inbound_at", "-id"]
        indexes = [
            models.Index(fields=["desa", "state", "-last_inbound_at"]),
            models.Index(fields=["desa", "channel", "contact_index", "-last_inbound_at"]),
        ]


class Direction(models.TextChoices):
    INBOUND = "in", _("From the reporter")
    OUTBOUND = "out", _("From the office")


class MessageKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")
    AUDIO = "audio", _("Voice or audio")
    LOCATION = "location", _("Location")
    EMAIL = "email", _("E-mail")
    TEMPLATE = "template", _("Template message")
    UNSUPPORTED = "unsupported", _("Not supported")


class Message(models.Model):
    """One message of a conversation, in or out.

    An inbound row is stored by the webhook or the poller before anything else happens, keyed
    by the channel's own id (WhatsApp's `wamid…`, an e-mail's Message-ID) so that a delivery
    repeated by Meta or a poll repeated after a crash stores nothing twice. `raw` keeps what
    arrived (with the sender's number: encrypted) for the task that reads it afterwards.
    """

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    external_id = models.CharField(max_length=255)
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(max_length=12, choices=MessageKind.choices, default=MessageKind.TEXT)
    unsupported_type = models.CharField(max_length=32, blank=True)
    body = models.TextField(blank=True)
    raw = EncryptedTextField(blank=True)
    sender_index = models.CharField(max_length=64, blank=True)
    # The outbox row that carries an outbound message (its delivery state lives there).
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A later message that joined the reporter's complaint, as a note the staff and the
    # reporter read (the note's channel is this message's).
    note = models.OneToOneField(
        "complaints.Note",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_message",
    )
    # WhatsApp delivery receipt of an outbound message: sent, delivered, read, failed.
    delivery_status = models.CharField(max_length=12, blank=True)
    sent_at = models.DateTimeField(help_text=_("When the sender sent it (the channel's time)."))
    stored_at = TimestampField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "channel", "external_id"], name="intake_message_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["stored_at"], condition=Q(processed_at__isnull=True), name="intake_unread"
            )
        ]


def media_path(media: "Media", filename: str) -> str:
    # Random names, as complaint attachments: a file name may carry identity.
    return f"intake/{media.message.desa.code}/{media.token}"


class Media(models.Model):
    """A photo, document or voice note that came with a message, type-checked and kept."""

    # Several for an e-mail with attachments; one for a WhatsApp photo, document or voice note.
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="media")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=media_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()


class StatusReceipt(models.Model):
    """A WhatsApp delivery receipt (`statuses[]`) for a message we sent, kept once each."""

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=255)
    status = models.CharField(max_length=12)
    at = models.DateTimeField()
    matched = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message_id", "status"], name="intake_status_receipt_once"
            )
        ]


class TlsMode(models.TextChoices):
    SSL = "ssl", _("TLS from the start (IMAPS, port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    # Only for a server on the same machine (tests, a local relay): passwords go in clear.
    PLAIN = "plain", _("No encryption (loopback only)")


class Mailbox(models.Model):
    """A desa's existing e-mail box, polled over IMAP for complaints sent by e-mail."""

    desa = models.OneToOneField(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="mailbox",
        limit_choices_to={"level": "desa"},
    )
    host = models.CharField(_("IMAP host"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    tls_mode = models.CharField(
        _("encryption"), max_length=8, choices=TlsMode.choices, default=TlsMode.SSL
    )
    username = models.CharField(_("user name"), max_length=200)
    password = EncryptedTextField(_("password"))
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    processed_folder = models.CharField(
        _("processed folder"),
        max_length=100,
        blank=True,
        help_text=_("Move taken messages here; empty: leave them and mark them with a keyword."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("desa mailbox")
        verbose_name_plural = _("desa mailboxes")

    def __str__(self) -> str:
        return f"{self.username}@{self.host}"


class ChannelHealth(models.Model):
    """When a desa's channel last brought something in, and the last thing that went wrong."""

    desa = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    last_received_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desa", "channel"], name="intake_health_once")
        ]

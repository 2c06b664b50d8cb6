"""Complaints, their reporters' (encrypted) identity, history, notes and attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Position
from common.clock import TimestampField
from common.crypto import EncryptedTextField
from complaints.spam import spam_flagged
from complaints.state import WAITING, Action, Status


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    ASPIRATION = "aspiration", _("Aspiration")
    SUGGESTION = "suggestion", _("Suggestion or criticism")
    INFORMATION_REQUEST = "information_request", _("Information request")


class Channel(models.TextChoices):
    WEB = "web", _("Website / app")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    WALK_IN = "walk_in", _("Office visit")
    PHONE = "phone", _("Phone")
    SOCIAL_MEDIA = "social_media", _("Social media")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    # Filed by a third-party application (integrations) on the resident's behalf.
    APPLICATION = "application", _("Third-party application")


# Channels whose complaints staff type in on the reporter's behalf.
STAFF_CHANNELS = frozenset(set(Channel) - {Channel.WEB, Channel.APPLICATION})


# How a reporter without the app told the office their confirmation, objection or the
# information asked for, recorded by the intake officer on their behalf.
class Conveyed(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the village office")
    PHONE = "phone", _("By telephone")
    WHATSAPP = "whatsapp", _("By WhatsApp")
    EMAIL = "email", _("By e-mail")
    SOCIAL_MEDIA = "social_media", _("On social media")
    LETTER = "letter", _("By letter or note")


# What the submission endpoint accepts: applications file through their own (integrations).
SUBMIT_CHANNELS = [choice for choice in Channel.choices if choice[0] != Channel.APPLICATION]


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Priority(models.TextChoices):
    P1 = "P1", _("P1 — urgent")
    P2 = "P2", _("P2 — high")
    P3 = "P3", _("P3 — normal")
    P4 = "P4", _("P4 — low")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Visible to the reporter")
    STAFF = "staff", _("Village staff only")


class Category(models.Model):
    """A desa's complaint category; each desa starts from the defaults and may add its own."""

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="categories")
    slug = models.SlugField(_("slug"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    icon = models.CharField(_("icon"), max_length=40, blank=True)
    default_position = models.CharField(
        _("default position"),
        max_length=24,
        choices=Position.choices,
        blank=True,
        help_text=_("Who receives new complaints of this category by default (routing)."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["desa_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "slug"], name="category_unique_slug_per_desa")
        ]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="complaints")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    location_text = models.CharField(_("location"), max_length=255, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Level.choices)
    impact = models.CharField(_("impact"), max_length=8, choices=Level.choices)
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)
    # The reporter's own answer to "mendesak?" when filing (None: not asked, or no answer).
    # Kept as they said it: staff set `urgency` at verify (this is its default) and may
    # change it later, and neither erases what the reporter said.
    reporter_urgent = models.BooleanField(_("urgent, in the reporter's words"), null=True,
                                          blank=True)  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )

    tracking_code = models.CharField(_("tracking code"), max_length=10, unique=True)
    pin_hash = models.CharField(max_length=128)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        help_text=_("The resident's account, when they submitted while logged in."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Staff who typed it in (walk-in, phone, box slip…)."),
    )

    assigned_position = models.CharField(
        _("assigned position"), max_length=24, choices=Position.choices, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    answer = models.TextField(_("answer"), blank=True)
    # A social-media complaint's source, for the office only (never public, tracking,
    # kecamatan or third-party views): the post and the account that wrote it.
    social_post_url = models.URLField(_("social media post"), max_length=500, blank=True)
    social_account = models.CharField(_("social media account"), max_length=150, blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    info_request = models.TextField(_("information requested"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)

    # "What was done", for the desa's monthly and annual report: a title and a one-line
    # outcome the office writes for publication (never the reporter's words or name), listed
    # only once approved (`complaints.services.public_outcome_set`).
    public_title = models.CharField(_("public title"), max_length=160, blank=True)
    public_outcome = models.CharField(_("public outcome"), max_length=200, blank=True)
    public_approved_at = models.DateTimeField(_("approved for publication at"), null=True,
                                              blank=True)  # fmt: skip
    public_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    # Spam (complaints.spam): the score of promotion words and links, for the officer's
    # eye; `spam_trapped` when a web form's honeypot was filled or it was sent too fast;
    # `spam_at` when it was set aside as spam, the start of its retention period.
    spam_score = models.PositiveSmallIntegerField(_("spam score"), default=0)
    spam_trapped = models.BooleanField(_("caught by the spam trap"), default=False)
    spam_at = models.DateTimeField(_("set aside as spam at"), null=True, blank=True)

    # Duplicates ("saya juga mengalami"): this complaint joined to its primary, which counts
    # how many were joined to it (the residents who reported it are 1 + duplicates_count).
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    duplicates_count = models.PositiveIntegerField(_("duplicates joined"), default=0)

    submitted_at = TimestampField(_("submitted at"), auto_now_add=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = TimestampField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["desa", "status", "-submitted_at"]),
            models.Index(fields=["desa", "-submitted_at", "-id"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["reporter_account", "-submitted_at"]),
            # The reports' "now" columns (open, overdue, ages, unassignable) of up to a
            # kabupaten's 1 000 desa: only the complaints waiting on the office, a few
            # percent of the table, with every column those counts read (an index-only
            # scan; key columns rather than INCLUDE, which SQLite lacks).
            models.Index(
                fields=["desa", "received_at", "id", "status", "assigned_position", "assigned_to"],
                condition=Q(status__in=WAITING),
                name="complaint_waiting_by_desa",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="complaint_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def spam_flagged(self) -> bool:
        return spam_flagged(score=self.spam_score, trapped=self.spam_trapped)

    @property
    def reporters_count(self) -> int:
        """How many residents reported it: itself and the duplicates joined to it."""
        return 1 + self.duplicates_count


class AgencyKind(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    AGENCY = "instansi", _("Government agency (instansi)")
    LAPOR = "sp4n_lapor", _("SP4N-LAPOR!")


class Forwarding(models.Model):
    """Where a complaint the desa cannot settle (bukan wewenang desa) was sent, and why."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="forwarding")
    agency_kind = models.CharField(
        _("kind of recipient"), max_length=16, choices=AgencyKind.choices
    )
    agency = models.CharField(_("recipient"), max_length=200)
    forwarded_on = models.DateField(_("forwarded on"))
    reason = models.TextField(_("reason"))
    # The cover letter names the reporter only when they agreed to it.
    identity_shared = models.BooleanField(_("identity shared with the recipient"), default=False)
    identity_consent = models.CharField(_("how the reporter agreed"), max_length=300, blank=True)
    reference = models.CharField(_("recipient's reference number"), max_length=100, blank=True)
    reference_at = models.DateTimeField(_("reference recorded at"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = TimestampField(auto_now_add=True)

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")


class ReporterIdentity(models.Model):
    """Who reported a named complaint. Encrypted at rest; read only through
    `complaints.services.identity_read`, which writes the access log."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="identity")
    name = EncryptedTextField(_("name"))
    nik = EncryptedTextField(_("NIK"))
    phone = EncryptedTextField(_("phone"))
    address = EncryptedTextField(_("address"))
    email = EncryptedTextField(_("email"), blank=True)
    nik_index = models.CharField(max_length=64, db_index=True)
    phone_index = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("reporter identity")
        verbose_name_plural = _("reporter identities")


class Transition(models.Model):
    """One move of a complaint; written only by `complaint_transition` (docs/style.md, History)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    data = models.JSONField(default=dict, blank=True)
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"])]


class Note(models.Model):
    """A progress note (tindak lanjut) by staff; public ones appear on the reporter's timeline."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"))
    visibility = models.CharField(max_length=8, choices=Visibility.choices)
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class IdentityGrant(models.Model):
    """An intake officer lets one handler see the reporter of one complaint."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="identity_grants"
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    at = TimestampField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "grantee"], name="identity_grant_once_per_person"
            )
        ]


class IdentityAccess(models.Model):
    """Every read of a reporter's identity: who, when, which complaint (or, before there is
    one, which WhatsApp or e-mail draft), why. Append-only."""

    class Purpose(models.TextChoices):
        VIEW = "view", _("Viewed the complaint with identity")
        REGISTER_VIEW = "register", _("Read the register with names")
        GRANT = "grant", _("Granted access to an official")
        EXPORT = "export", _("Exported with identity")
        DRAFT = "draft", _("Read a draft's contact")

    # One of the two: a complaint's identity, or the contact of a draft (intake).
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, null=True, related_name="identity_accesses"
    )
    draft = models.ForeignKey(
        "intake.Draft", on_delete=models.CASCADE, null=True, related_name="identity_accesses"
    )
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    # A grant's official and the intake officer's reason, copied from the grant: the log
    # reads on its own, and stays whole if the grant is later withdrawn.
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["desa", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint__isnull=False, draft__isnull=True)
                | Q(complaint__isnull=True, draft__isnull=False),
                name="identity_access_of_complaint_or_draft",
            )
        ]


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # Random names: the reporter's file name may carry identity and must not be guessable.
    return f"attachments/{attachment.complaint.desa.code}/{attachment.token}"


def thumbnail_path(attachment: "Attachment", filename: str) -> str:
    return f"attachments/{attachment.complaint.desa.code}/{attachment.token}-thumb"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = TimestampField(auto_now_add=True)
    # A small JPEG of a photo, for the tracking page on a weak signal; empty for a PDF, and
    # for a photo stored before thumbnails were made (made on its first read).
    thumbnail = models.FileField(upload_to=thumbnail_path, blank=True)
    # Uploaded by the official for the answer being written: staff-only until the answer is
    # delivered, then public and linked to that answer's move (kept after an objection).
    for_answer = models.BooleanField(default=False)
    answer = models.ForeignKey(
        Transition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer_attachments",
    )

    class Meta:
        ordering = ["at", "id"]

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Position
from common.api import StrictIn
from complaints.attachments import THUMBNAIL_PIXELS
from complaints.models import (
    SUBMIT_CHANNELS,
    AgencyKind,
    Attachment,
    Category,
    Channel,
    Complaint,
    Conveyed,
    IdentityAccess,
    Kind,
    Level,
    Priority,
    ReporterIdentity,
    Visibility,
)
from complaints.reads.shapes import ComplaintSlaField, ComplaintSlaOut
from complaints.services import PIN_CHANNELS
from complaints.state import Action, Status
from regions.api.serializers import RegionRefOut
from regions.models import code_validator

HIDDEN_IDENTITY = "Identitas pelapor dirahasiakan"


class ReporterIn(StrictIn):
    name = serializers.CharField(max_length=150)
    nik = serializers.CharField(max_length=32, help_text="16 digits, as on the KTP.")
    phone = serializers.CharField(
        max_length=32, help_text="Indonesian number, e.g. 0812-3456-7890."
    )
    address = serializers.CharField(max_length=500)
    email = serializers.EmailField(required=False, allow_blank=True)


class ComplaintSubmitIn(StrictIn):
    # Checked for form here and looked up with the category in one query by the service
    # (`complaint_submit`): an unknown code is a 400 on `desa` all the same.
    desa = serializers.CharField(
        max_length=13,
        validators=[code_validator],
        help_text="Kemendagri code of the desa, e.g. 32.07.10.2010.",
    )
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = serializers.SlugField(help_text="Slug of one of the desa's categories.")
    channel = serializers.ChoiceField(
        choices=SUBMIT_CHANNELS,
        default=Channel.WEB,
        help_text="`web` for residents; staff record the other channels.",
    )
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=10_000)
    anonymous = serializers.BooleanField()
    reporter = ReporterIn(required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Level.choices, default=Level.MEDIUM)
    impact = serializers.ChoiceField(choices=Level.choices, default=Level.MEDIUM)
    urgent = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The reporter's own answer to “mendesak?”: true (urgent), false (it can "
        "wait), null or left out (not asked, no answer). Kept as said; the default of the "
        "urgency the office sets at verify.",
    )
    location_text = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )
    social_post_url = serializers.URLField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="social_media only: the link to the post. Office only, never shown publicly.",
    )
    social_account = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        help_text="social_media only: the account that posted it. Office only.",
    )
    # The web form's spam traps (complaints.spam). Caught submissions get the same answer.
    website = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Honeypot: the web form keeps this field hidden and empty. Leave it out.",
    )
    fill_ms = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="web: milliseconds between opening the form and sending it.",
    )

    def validate(self, attrs):
        if attrs["anonymous"] and attrs.get("reporter"):
            raise serializers.ValidationError(
                {"reporter": _("An anonymous complaint carries no identity.")}
            )
        return attrs


class CategoryOut(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "icon"]


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class ComplaintListOut(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    category = CategoryOut()
    desa = RegionRefOut()
    assigned_position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)
    sla = ComplaintSlaField(help_text="Deadline in working days; null until received.")
    spam_flagged = serializers.BooleanField(
        help_text="Staff only (false for anyone else): caught by the web form's traps, or "
        "its words and links look like a promotion."
    )
    reporters_count = serializers.IntegerField(
        min_value=1,
        help_text="Residents who reported it: this complaint and the duplicates joined to it.",
    )

    class Meta:
        model = Complaint
        fields = [
            "tracking_code",
            "title",
            "kind",
            "category",
            "channel",
            "status",
            "status_label",
            "priority",
            "desa",
            "assigned_position",
            "anonymous",
            "submitted_at",
            "received_at",
            "answered_at",
            "closed_at",
            "sla",
            "spam_flagged",
            "reporters_count",
        ]


class TimelineAssignmentOut(serializers.Serializer):
    from_position = serializers.ChoiceField(
        choices=Position.choices, allow_blank=True, help_text="Empty on the first distribution."
    )
    from_position_label = serializers.CharField(allow_blank=True)
    to_position = serializers.ChoiceField(choices=Position.choices)
    to_position_label = serializers.CharField()
    from_person = serializers.CharField(
        allow_null=True, help_text="Staff views only; the reporter sees positions."
    )
    to_person = serializers.CharField(
        allow_null=True, help_text="Staff views only; null also when the whole position has it."
    )
    rerouted_from = serializers.ChoiceField(
        choices=Position.choices,
        allow_blank=True,
        help_text="The position asked for, when nobody held it and the desa's fallback applied.",
    )
    rerouted_from_label = serializers.CharField(allow_blank=True)


class TimelineEntryOut(serializers.Serializer):
    type = serializers.ChoiceField(choices=["transition", "note"])
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=Action.choices, allow_null=True)
    to_status = serializers.ChoiceField(choices=Status.choices, allow_null=True)
    to_status_label = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    actor_name = serializers.CharField(
        allow_null=True, help_text="Staff views only; null on the reporter's timeline."
    )
    assignment = TimelineAssignmentOut(
        allow_null=True, help_text="assign/reassign: from → to. Null for other entries."
    )
    on_behalf_via = serializers.ChoiceField(
        choices=Conveyed.choices,
        allow_null=True,
        help_text="A reporter's move the intake officer recorded for them: how the reporter "
        "conveyed it. Null for every other entry.",
    )
    on_behalf_via_label = serializers.CharField(allow_null=True)
    published_to = serializers.CharField(
        allow_null=True,
        help_text="answer of a social-media complaint: where the answer was posted back. "
        "Staff views only.",
    )


class AttachmentOut(serializers.ModelSerializer):
    # Declared: the model field's bounds differ between PostgreSQL and SQLite, and the schema
    # must not depend on which database generated it.
    size = serializers.IntegerField(min_value=0, help_text="Bytes.")

    class Meta:
        model = Attachment
        fields = ["token", "content_type", "size", "visibility", "at", "for_answer"]
        extra_kwargs = {
            "for_answer": {
                "help_text": "Attached for the answer: staff-only until the answer is "
                "delivered, then public and listed under that answer."
            }
        }


class PublicFileOut(serializers.Serializer):
    """A file the reporter may read, with links an <img> can use without code, PIN or
    token: signed for this complaint and its PIN, valid 10 to 20 minutes, the same URL
    within ten minutes (the phone's cache keeps the bytes)."""

    token = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(min_value=0, help_text="Bytes.")
    at = serializers.DateTimeField()
    url = serializers.CharField(help_text="The file (`GET /track/files/{signed}/`).")
    thumbnail_url = serializers.CharField(
        allow_null=True,
        help_text=f"A JPEG of at most {THUMBNAIL_PIXELS} px; null for a PDF.",
    )


class ReporterOut(serializers.ModelSerializer):
    class Meta:
        model = ReporterIdentity
        fields = ["name", "nik", "phone", "address", "email"]


class AnswerOut(serializers.Serializer):
    text = serializers.CharField()
    at = serializers.DateTimeField()
    position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)
    position_label = serializers.CharField(allow_blank=True)
    by = serializers.CharField(
        allow_null=True, help_text="Staff views only; the reporter reads the position."
    )
    attachments = PublicFileOut(many=True, help_text="Files delivered with this answer.")


class ForwardingOut(serializers.Serializer):
    """Where a complaint outside the desa's authority was sent, and why (the reporter reads
    it too)."""

    agency_kind = serializers.ChoiceField(choices=AgencyKind.choices)
    agency_kind_label = serializers.CharField()
    agency = serializers.CharField()
    forwarded_on = serializers.DateField()
    reason = serializers.CharField()
    reference = serializers.CharField(
        allow_blank=True, help_text="The recipient's reference number, once known."
    )
    identity_shared = serializers.BooleanField(
        help_text="The cover letter names the reporter (they agreed); else de-identified."
    )


class ComplaintPublicOut(serializers.Serializer):
    """What the reporter reads (tracking code + PIN, or their account): no staff names."""

    tracking_code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = CategoryOut()
    desa = RegionRefOut()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    info_request = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(
        allow_blank=True,
        help_text="The answer standing now; empty until delivered and while "
        "an objection is handled.",
    )
    answers = AnswerOut(
        many=True, help_text="Every answer delivered, oldest first (an objection keeps them)."
    )
    rejection_reason = serializers.CharField(allow_blank=True)
    rating = serializers.IntegerField(allow_null=True)
    sla = ComplaintSlaOut(
        allow_null=True, help_text="Deadline in working days; null until received."
    )
    register_number = serializers.CharField(
        allow_null=True, help_text="Number in the desa's register book, e.g. 012/PGD/JGB/2026."
    )
    timeline = TimelineEntryOut(many=True)
    allowed_actions = serializers.ListField(child=serializers.ChoiceField(choices=Action.choices))
    forwarding = ForwardingOut(allow_null=True, help_text="Forwarded complaints only.")
    joined = serializers.BooleanField(
        help_text="Joined to an earlier report of the same matter (status `duplicate`); "
        "`answer` then carries that report's answer once delivered."
    )
    location_text = serializers.CharField(allow_blank=True, help_text="The place, as written.")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    files = PublicFileOut(
        many=True,
        help_text="The public files not delivered with an answer: what the reporter sent, "
        "the office's public evidence. Oldest first.",
    )


class SocialSourceOut(serializers.Serializer):
    url = serializers.CharField(allow_blank=True)
    account = serializers.CharField(allow_blank=True)


class SpamOut(serializers.Serializer):
    score = serializers.IntegerField(
        min_value=0, max_value=100, help_text="Promotion words and links found (0–100)."
    )
    trapped = serializers.BooleanField(help_text="Caught by the web form's traps.")
    flagged = serializers.BooleanField(help_text="Trapped, or a score high enough to flag.")


class DismissSpamIn(StrictIn):
    codes = serializers.ListField(
        child=serializers.CharField(max_length=10),
        min_length=1,
        max_length=100,
        help_text="Tracking codes of submitted complaints of this desa.",
    )


class DismissSpamOut(serializers.Serializer):
    dismissed = serializers.ListField(child=serializers.CharField())


class PrioritySuggestionOut(serializers.Serializer):
    urgency = serializers.ChoiceField(
        choices=Level.choices,
        help_text="Before verify, the reporter's “mendesak?” (yes high, no low), else the "
        "urgency it has.",
    )
    impact = serializers.ChoiceField(
        choices=Level.choices,
        help_text="Its impact, raised when several residents reported it: two at least "
        "medium, three or more high.",
    )


class ComplaintDetailOut(ComplaintPublicOut):
    """The staff view. The reporter's identity is opened separately, on purpose
    (`GET /complaints/{code}/reporter/`), and each opening is logged."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    urgency = serializers.ChoiceField(choices=Level.choices)
    impact = serializers.ChoiceField(choices=Level.choices)
    location_text = serializers.CharField(allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    anonymous = serializers.BooleanField()
    assigned_position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)
    assigned_to = PersonOut(
        allow_null=True, help_text="Staff only: null on the reporter's view (position only)."
    )
    rating_comment = serializers.CharField(allow_blank=True)
    reporter_visible = serializers.BooleanField(
        help_text="The caller may open the reporter's identity (`GET …/reporter/`)."
    )
    reporter_hidden = serializers.BooleanField(
        help_text="True when an identity exists but this caller may not see it "
        f"('{HIDDEN_IDENTITY}')."
    )
    attachments = AttachmentOut(many=True)
    social_source = SocialSourceOut(
        allow_null=True,
        help_text="social_media complaints, staff views only: the post and account it came "
        "from. Null otherwise.",
    )
    spam = SpamOut(allow_null=True, help_text="Staff only; null for the reporter's account.")
    on_behalf_actions = serializers.ListField(
        child=serializers.ChoiceField(choices=Action.choices),
        help_text="The reporter's moves the caller may record on their behalf now "
        "(`POST …/on-behalf/`): the intake officer, for complaints staff typed in.",
    )
    reporters_count = serializers.IntegerField(
        min_value=1,
        help_text="Residents who reported it: this complaint and the duplicates joined to it.",
    )
    reporter_urgent = serializers.BooleanField(
        allow_null=True,
        help_text="The reporter's own answer to “mendesak?” when it was filed (null: not "
        "asked or no answer), whatever urgency the office set since.",
    )
    priority_suggestion = PrioritySuggestionOut(
        allow_null=True,
        help_text="Staff only (null for the reporter's account): what the verify and "
        "prioritise forms start from.",
    )
    duplicate_of = serializers.CharField(
        allow_null=True, help_text="Staff only: the tracking code it was joined to."
    )
    duplicates = serializers.ListField(
        child=serializers.CharField(),
        help_text="Staff only: tracking codes of the duplicates joined to it (else empty).",
    )


class ComplaintSubmittedOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    pin = serializers.CharField(help_text="Shown once: only its hash is stored.")
    complaint = ComplaintPublicOut()


class TrackIn(StrictIn):
    code = serializers.CharField(max_length=20)
    pin = serializers.CharField(max_length=6)


class PinSendIn(StrictIn):
    pin = serializers.CharField(max_length=6, help_text="The PIN shown when it was recorded.")
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=PIN_CHANNELS), min_length=1, max_length=2
    )


class PinSentOut(serializers.Serializer):
    channels = serializers.ListField(child=serializers.ChoiceField(choices=PIN_CHANNELS))


class NoteIn(StrictIn):
    body = serializers.CharField(max_length=5000)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.STAFF)


class NoteOut(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    at = serializers.DateTimeField()


class AnswerDraftIn(StrictIn):
    answer = serializers.CharField(max_length=10_000, allow_blank=True)


class PublicOutcomeIn(StrictIn):
    title = serializers.CharField(
        max_length=160, allow_blank=True, help_text="The complaint as the report lists it."
    )
    outcome = serializers.CharField(
        max_length=200, allow_blank=True, help_text="One line: what the office did."
    )
    approved = serializers.BooleanField(
        help_text="Approved for publication; saving without it withdraws an approval."
    )


class PublicOutcomeOut(serializers.Serializer):
    title = serializers.CharField(source="public_title")
    outcome = serializers.CharField(source="public_outcome")
    approved = serializers.SerializerMethodField()
    approved_at = serializers.DateTimeField(source="public_approved_at", allow_null=True)
    approved_by = serializers.SerializerMethodField(
        help_text="Who approved it (full name, else username)."
    )
    listed = serializers.SerializerMethodField(
        help_text='Listed under "What was done" in the desa\'s report of the month it '
        "closed: approved and closed."
    )
    suggested_title = serializers.CharField(
        source="title", help_text="The reporter's title, to start from (check it names nobody)."
    )

    def get_approved(self, complaint) -> bool:
        return complaint.public_approved_at is not None

    def get_approved_by(self, complaint) -> str | None:
        user = complaint.public_approved_by
        return (user.full_name or user.username) if user else None

    def get_listed(self, complaint) -> bool:
        return complaint.public_approved_at is not None and complaint.status == "closed"


class IdentityGrantIn(StrictIn):
    grantee = serializers.IntegerField(help_text="User id of the assigned official.")
    reason = serializers.CharField(max_length=2000)


class IdentityAccessOut(serializers.ModelSerializer):
    tracking_code = serializers.CharField(
        source="complaint.tracking_code",
        allow_null=True,
        help_text="The complaint whose identity was read; null for a draft's contact.",
    )
    draft = serializers.IntegerField(
        source="draft_id",
        allow_null=True,
        help_text="With `draft`: the WhatsApp or e-mail draft whose contact was read.",
    )
    actor = PersonOut(allow_null=True)
    purpose = serializers.ChoiceField(choices=IdentityAccess.Purpose.choices)
    purpose_label = serializers.CharField(source="get_purpose_display")
    grantee = PersonOut(
        allow_null=True, help_text="With `grant`: the official let see the identity."
    )
    reason = serializers.CharField(help_text="With `grant`: why, as the intake officer wrote it.")

    class Meta:
        model = IdentityAccess
        fields = [
            "id", "tracking_code", "draft", "actor", "purpose", "purpose_label", "grantee",
            "reason", "at",
        ]  # fmt: skip


class MostReportedOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    reporters_count = serializers.IntegerField(min_value=2)


class ComplaintCountsOut(serializers.Serializer):
    """How many of the desa's complaints are in each state (every state, 0 included), and
    the village head's figures: open, overdue, escalated, unassignable."""

    submitted = serializers.IntegerField(min_value=0)
    received = serializers.IntegerField(min_value=0)
    needs_info = serializers.IntegerField(min_value=0)
    verified = serializers.IntegerField(min_value=0)
    rejected = serializers.IntegerField(min_value=0)
    assigned = serializers.IntegerField(min_value=0)
    in_progress = serializers.IntegerField(min_value=0)
    answered = serializers.IntegerField(min_value=0)
    closed = serializers.IntegerField(min_value=0)
    reopened = serializers.IntegerField(min_value=0)
    spam = serializers.IntegerField(
        min_value=0, help_text="Set aside as spam and not yet purged (SPAM_RETENTION_DAYS)."
    )
    duplicate = serializers.IntegerField(
        min_value=0, help_text="Joined to another complaint of the desa."
    )
    forwarded = serializers.IntegerField(
        min_value=0, help_text="Forwarded as not the desa's authority."
    )
    open = serializers.IntegerField(
        min_value=0, help_text="Not closed, rejected, spam, duplicate or forwarded."
    )
    overdue = serializers.IntegerField(
        min_value=0, help_text="The clock runs past the deadline (working days)."
    )
    escalated = serializers.IntegerField(
        min_value=0,
        help_text="Past the deadline and escalated to the village head; answer still awaited.",
    )
    unassignable = serializers.IntegerField(
        min_value=0,
        help_text="Waiting on an assigned position nobody holds now, or on an official who no "
        "longer holds it (membership ended): to be reassigned.",
    )
    most_reported = MostReportedOut(
        many=True,
        help_text="Open complaints reported by more than one resident (duplicates joined), "
        "most reporters first, at most five.",
    )


class SimilarOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    excerpt = serializers.CharField(allow_blank=True, help_text="The description's start.")
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    reporters_count = serializers.IntegerField(min_value=1)
    similarity = serializers.FloatField(help_text="0–1, higher is more alike.")


class ForwardingReferenceIn(StrictIn):
    reference = serializers.CharField(
        max_length=100, help_text="The number the recipient gave it (e.g. SP4N-LAPOR!'s)."
    )


class DuplicatePrimaryQueryIn(StrictIn):
    tracking_code = serializers.CharField(
        max_length=20, help_text="The first report's tracking code, as typed or pasted."
    )


class DuplicatePrimaryOut(serializers.Serializer):
    """The complaint a typed code names, for the officer to recognise before joining."""

    tracking_code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    reporters_count = serializers.IntegerField(min_value=1)
    joinable = serializers.BooleanField(
        help_text="It can gather duplicates now (received and still handled by the office)."
    )
    refusal = serializers.CharField(
        allow_blank=True, help_text="Why it cannot, when `joinable` is false (else empty)."
    )

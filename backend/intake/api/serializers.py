from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import StrictIn
from complaints.models import Kind, Level
from intake.models import Channel, DismissReason, Draft, DraftState, Message, MessageKind
from intake.services import service_window_ends
from intake.whatsapp import approved_templates


class DraftListOut(serializers.Serializer):
    id = serializers.IntegerField()
    desa = serializers.CharField(source="desa.code", help_text="Kemendagri code of the desa.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    state = serializers.ChoiceField(choices=DraftState.choices)
    contact_name = serializers.CharField(help_text="The name the sender gave (identity).")
    subject = serializers.CharField()
    standard_subject = serializers.BooleanField(
        help_text="E-mail: false when the subject is not “Pengaduan Masyarakat”."
    )
    message_count = serializers.IntegerField()
    last_inbound_at = serializers.DateTimeField()
    complaint_code = serializers.CharField(
        source="complaint.tracking_code", allow_null=True, default=None
    )


class MediaOut(serializers.Serializer):
    token = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=[("in", "in"), ("out", "out")])
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    unsupported_type = serializers.CharField()
    body = serializers.CharField()
    sent_at = serializers.DateTimeField()
    media = MediaOut(many=True, source="media.all")
    media_error = serializers.SerializerMethodField()
    delivery = serializers.SerializerMethodField(
        help_text="Outbound: the outbox state, then WhatsApp's receipt (sent, delivered, read)."
    )
    author = serializers.SerializerMethodField()

    def get_media_error(self, message: Message) -> str:
        return "" if message.error == "fetching" else message.error

    def get_delivery(self, message: Message) -> str:
        if message.direction != "out":
            return ""
        if message.delivery_status:
            return message.delivery_status
        return message.notification.state if message.notification else ""

    def get_author(self, message: Message) -> str:
        author = message.author
        return (author.full_name or author.username) if author else ""


class TemplateOut(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField()
    parameters = serializers.IntegerField(help_text="How many body values it takes.")


class DraftDetailOut(DraftListOut):
    contact = serializers.CharField(help_text="E.164 number or e-mail address (identity).")
    dismiss_reason = serializers.CharField()
    messages = MessageOut(many=True, source="messages.all")
    service_window_ends_at = serializers.SerializerMethodField(
        help_text="WhatsApp: free text may be sent until then; afterwards only a template."
    )
    templates = serializers.SerializerMethodField()
    message_count = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_service_window_ends_at(self, draft: Draft) -> str | None:
        ends = service_window_ends(draft)
        return serializers.DateTimeField().to_representation(ends) if ends else None

    @extend_schema_field(TemplateOut(many=True))
    def get_templates(self, draft: Draft) -> list:
        if draft.channel != Channel.WHATSAPP:
            return []
        return TemplateOut(approved_templates(), many=True).data

    def get_message_count(self, draft: Draft) -> int:
        return sum(1 for m in draft.messages.all() if m.direction == "in")


class DraftListIn(serializers.Serializer):
    state = serializers.ChoiceField(choices=DraftState.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)


class DraftReporterIn(StrictIn):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    nik = serializers.CharField(max_length=32, help_text="16 digits, as on the KTP.")
    phone = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Defaults to the WhatsApp number the draft came from.",
    )
    address = serializers.CharField(max_length=500)
    email = serializers.EmailField(required=False, allow_blank=True)


class DraftConvertIn(StrictIn):
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = serializers.SlugField()
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=10_000)
    anonymous = serializers.BooleanField(default=False)
    reporter = DraftReporterIn(required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Level.choices, default=Level.MEDIUM)
    impact = serializers.ChoiceField(choices=Level.choices, default=Level.MEDIUM)
    urgent = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Whether the reporter's messages say it is urgent (true) or can wait "
        "(false); null or left out when they say neither.",
    )


class DraftConvertedOut(serializers.Serializer):
    tracking_code = serializers.CharField(source="complaint.tracking_code")
    draft = DraftListOut()


class DraftDismissIn(StrictIn):
    reason = serializers.ChoiceField(choices=DismissReason.choices)


class TemplateIn(StrictIn):
    name = serializers.CharField(max_length=100)
    language = serializers.CharField(max_length=10)
    parameters = serializers.ListField(
        child=serializers.CharField(max_length=1000), max_length=10, default=list
    )


class DraftReplyIn(StrictIn):
    text = serializers.CharField(max_length=4096, required=False, allow_blank=True, default="")
    template = TemplateIn(required=False, allow_null=True, default=None)


class ChannelHealthOut(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    label = serializers.CharField()
    configured = serializers.BooleanField()
    last_received_at = serializers.DateTimeField(allow_null=True)
    last_checked_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()
    last_error_at = serializers.DateTimeField(allow_null=True)
    quiet = serializers.BooleanField(
        help_text="Configured, yet nothing arrived for CHANNEL_QUIET_HOURS."
    )

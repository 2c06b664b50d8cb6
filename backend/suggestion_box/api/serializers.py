from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import StrictIn
from complaints.models import Kind
from complaints.state import Status

PHOTO_HELP = (
    "A photo (JPEG, PNG, WebP) or a PDF, judged by its content; at most ATTACHMENT_MAX_BYTES "
    "(5 MB by default), else 413. Photos are stored without their metadata."
)


class WitnessIn(StrictIn):
    name = serializers.CharField(max_length=150)
    position = serializers.CharField(max_length=150, help_text="Jabatan, e.g. Ketua BPD.")


class OpeningCreateIn(StrictIn):
    opened_at = serializers.DateTimeField(help_text="When the box was opened; not in the future.")
    openers = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=1,
        max_length=10,
        help_text="User ids of the desa's box-team members who opened it.",
    )
    witnesses = WitnessIn(many=True, help_text="At least one.")
    declared_count = serializers.IntegerField(min_value=0, help_text="Slips found in the box.")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class OpeningQueryIn(serializers.Serializer):
    incomplete = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only the openings whose entered slips differ from the declared count "
        "(belum lengkap); false: only the complete ones.",
    )


class OpeningCountIn(StrictIn):
    declared_count = serializers.IntegerField(min_value=0)
    reason = serializers.CharField(max_length=2000, help_text="Why the number changes.")


class OpeningPhotoIn(StrictIn):
    file = serializers.FileField(help_text=PHOTO_HELP)


class SlipIn(StrictIn):
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = serializers.SlugField(help_text="Slug of one of the desa's categories.")
    title = serializers.CharField(max_length=160, help_text="A short summary of the slip.")
    description = serializers.CharField(max_length=10_000, help_text="The slip's text.")
    anonymous = serializers.BooleanField()
    name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="", help_text="Named slips."
    )
    phone = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="Named slips, when the slip gives one.",
    )
    urgent = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The slip says it is urgent (true) or can wait (false); null or left out "
        "when it says neither.",
    )
    photo = serializers.FileField(required=False, help_text=PHOTO_HELP)


class OpenerOut(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class WitnessOut(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField()


class OpeningOut(serializers.Serializer):
    id = serializers.IntegerField()
    desa = serializers.CharField(source="desa.code")
    opened_at = serializers.DateTimeField()
    openers = serializers.SerializerMethodField()
    witnesses = WitnessOut(many=True)
    declared_count = serializers.IntegerField()
    entered_count = serializers.IntegerField()
    complete = serializers.SerializerMethodField()
    notes = serializers.CharField()
    has_photo = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenerOut(many=True))
    def get_openers(self, opening) -> list[dict]:
        return [
            {"id": user.pk, "full_name": user.full_name or user.username}
            for user in opening.openers.all()
        ]

    def get_complete(self, opening) -> bool:
        return opening.entered_count == opening.declared_count

    def get_has_photo(self, opening) -> bool:
        return bool(opening.photo)


class SlipOut(serializers.Serializer):
    number = serializers.IntegerField(help_text="Order of entry within the opening.")
    register_number = serializers.CharField(help_text="As printed, e.g. 012/PGD/JGB/2026.")
    tracking_code = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    anonymous = serializers.BooleanField()


class CountChangeOut(serializers.Serializer):
    from_count = serializers.IntegerField()
    to_count = serializers.IntegerField()
    reason = serializers.CharField()
    changed_by = serializers.SerializerMethodField()
    at = serializers.DateTimeField()

    def get_changed_by(self, change) -> str:
        user = change.changed_by
        return (user.full_name or user.username) if user else ""


class OpeningDetailOut(OpeningOut):
    slips = SlipOut(many=True)
    count_changes = CountChangeOut(many=True)
    may_record = serializers.BooleanField(help_text="The caller may enter slips and correct it.")


class SlipAddedOut(serializers.Serializer):
    slip = SlipOut()
    declared_count = serializers.IntegerField()
    entered_count = serializers.IntegerField()
    complete = serializers.BooleanField()

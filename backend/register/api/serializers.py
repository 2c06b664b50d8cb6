from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import StrictIn
from complaints.models import Channel
from complaints.state import Status
from register.models import AnnotationField, ExportFormat, RegisterExport


class RegisterVerifyQueryIn(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2200)


class RegisterQueryIn(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2200)
    month = serializers.IntegerField(
        required=False, min_value=1, max_value=12, help_text="Needs `year`; in the desa's zone."
    )
    category = serializers.SlugField(required=False, help_text="Category slug.")
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    state = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text="The complaint's current status."
    )
    number_from = serializers.IntegerField(required=False, min_value=1)
    number_to = serializers.IntegerField(required=False, min_value=1)
    received_from = serializers.DateField(required=False, help_text="Inclusive, desa's zone.")
    received_to = serializers.DateField(required=False, help_text="Inclusive, desa's zone.")

    def validate(self, data):
        if data.get("month") and not data.get("year"):
            raise serializers.ValidationError({"month": _("Choose the year too.")})
        return data


class RegisterListQueryIn(RegisterQueryIn):
    with_identity = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Show reporters' names (intake officer, village head); each read is logged.",
    )


class RegisterExportIn(StrictIn, RegisterQueryIn):
    dependent_required = {"month": ["year"]}  # RegisterQueryIn.validate
    with_identity = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Write reporters' names (intake officer, village head); each is logged.",
    )


class RegisterAnnotationOut(serializers.Serializer):
    field = serializers.ChoiceField(choices=AnnotationField.choices)
    text = serializers.CharField()
    reason = serializers.CharField()
    author = serializers.CharField()
    at = serializers.DateTimeField()


class RegisterRowOut(serializers.Serializer):
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    display_number = serializers.CharField(help_text="As printed, e.g. 012/PGD/JGB/2026.")
    tracking_code = serializers.CharField(
        help_text="Empty for the kecamatan: the code belongs to the office and the reporter."
    )
    received_at = serializers.DateTimeField()
    reporter = serializers.CharField(help_text="Name, 'Anonim', or 'Dirahasiakan'.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    channel_label = serializers.CharField()
    summary = serializers.CharField()
    category = serializers.CharField()
    distributed_to = serializers.CharField()
    follow_up = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    remarks = serializers.CharField()
    annotations = RegisterAnnotationOut(many=True)


class RegisterAnnotationIn(StrictIn):
    field = serializers.ChoiceField(choices=AnnotationField.choices)
    text = serializers.CharField(max_length=2000)
    reason = serializers.CharField(max_length=2000)


class RegisterAnnotationCreatedOut(serializers.Serializer):
    field = serializers.CharField()
    text = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class RegisterBrokenLinkOut(serializers.Serializer):
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    reason = serializers.CharField()


class RegisterChainOut(serializers.Serializer):
    year = serializers.IntegerField()
    entries = serializers.IntegerField()
    ok = serializers.BooleanField()
    broken = RegisterBrokenLinkOut(allow_null=True)


class RegisterVerifyOut(serializers.Serializer):
    ok = serializers.BooleanField()
    chains = RegisterChainOut(many=True)


class RegisterExportJobOut(serializers.Serializer):
    token = serializers.CharField()
    file_format = serializers.ChoiceField(choices=ExportFormat.choices)
    state = serializers.ChoiceField(choices=RegisterExport.State.choices)
    rows = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.CharField(allow_null=True)

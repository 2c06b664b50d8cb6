from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regions.models import DesaContact, Level, Region


class RegionRefOut(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class RegionOut(serializers.ModelSerializer):
    parent = RegionRefOut(read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "timezone"]


class DesaContactOut(serializers.Serializer):
    """The desa office's channels and hours; empty strings for what the desa has not set."""

    whatsapp = serializers.CharField(help_text="E.164, e.g. +6281234567890; for wa.me links.")
    phone = serializers.CharField(help_text="E.164, e.g. +622657000010.")
    email = serializers.CharField()
    office_address = serializers.CharField()
    office_hours = serializers.CharField(help_text="Free text, e.g. Senin–Jumat 08.00–15.00 WIB.")


class RegionDetailOut(RegionOut):
    contact = serializers.SerializerMethodField(
        help_text="A desa's contact details (public); null when none are set or not a desa."
    )

    class Meta(RegionOut.Meta):
        fields = [*RegionOut.Meta.fields, "contact"]

    @extend_schema_field(DesaContactOut(allow_null=True))
    def get_contact(self, region: Region) -> dict | None:
        try:
            contact = region.contact
        except DesaContact.DoesNotExist:
            return None
        return DesaContactOut(contact).data


class RegionListIn(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    parent = serializers.CharField(required=False, help_text="Parent's Kemendagri code.")
    search = serializers.CharField(required=False, help_text="Part of the name.")

from django.urls import reverse
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


class EmblemOut(serializers.Serializer):
    """The emblem as small squares with a transparent ground; each URL is versioned, so its
    answer may be cached for a year."""

    region = serializers.CharField(
        help_text="Kemendagri code of the region whose emblem this is: the region's own, or "
        "its kabupaten's when it has none of its own."
    )
    png_64 = serializers.CharField(help_text="64×64 PNG, e.g. for a 32 or 40 px box at 1×.")
    png_128 = serializers.CharField(help_text="128×128 PNG, for the same box at 2×.")
    webp_64 = serializers.CharField(help_text="64×64 WebP.")
    webp_128 = serializers.CharField(help_text="128×128 WebP.")


def emblem_out(region: Region) -> dict | None:
    source = region.emblem_source()
    if source is None:
        return None

    def url(size: int, extension: str) -> str:
        return reverse(
            "region-emblem",
            kwargs={
                "code": source.code,
                "version": source.emblem_version,
                "file": f"{size}.{extension}",
            },
        )

    return {
        "region": source.code,
        "png_64": url(64, "png"),
        "png_128": url(128, "png"),
        "webp_64": url(64, "webp"),
        "webp_128": url(128, "webp"),
    }


class RegionDetailOut(RegionOut):
    contact = serializers.SerializerMethodField(
        help_text="A desa's contact details (public); null when none are set or not a desa."
    )
    emblem = serializers.SerializerMethodField(
        help_text="The emblem (lambang) to show beside the region's name: its own, else its "
        "kabupaten's (for a desa or kecamatan); null when neither has one."
    )

    class Meta(RegionOut.Meta):
        fields = [*RegionOut.Meta.fields, "contact", "emblem"]

    @extend_schema_field(EmblemOut(allow_null=True))
    def get_emblem(self, region: Region) -> dict | None:
        return emblem_out(region)

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

from rest_framework import serializers

from regions.models import Level, Region


class RegionRefOut(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class RegionOut(serializers.ModelSerializer):
    parent = RegionRefOut(read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "timezone"]


class RegionListIn(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    parent = serializers.CharField(required=False, help_text="Parent's Kemendagri code.")
    search = serializers.CharField(required=False, help_text="Part of the name.")

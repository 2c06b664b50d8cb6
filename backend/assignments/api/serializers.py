from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Position
from common.api import StrictIn
from complaints.state import Status


class RoutingCategoryOut(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    icon = serializers.CharField(allow_blank=True)
    default_position = serializers.ChoiceField(
        choices=Position.choices, allow_blank=True, help_text="Empty: the fallback chain decides."
    )
    active = serializers.BooleanField()


class RoutingHolderOut(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class RoutingPositionOut(serializers.Serializer):
    position = serializers.ChoiceField(choices=Position.choices)
    label = serializers.CharField()
    holders = RoutingHolderOut(many=True)


class DesaRoutingOut(serializers.Serializer):
    categories = RoutingCategoryOut(many=True)
    fallback = serializers.ListField(
        child=serializers.ChoiceField(choices=Position.choices),
        help_text="Tried in order when nobody holds a category's position.",
    )
    held_positions = RoutingPositionOut(
        many=True, source="held", help_text="The positions somebody holds now, with the holders."
    )


class RoutingCategoryIn(StrictIn):
    slug = serializers.SlugField(
        max_length=40, required=False, help_text="Omit for a new category: made from its name."
    )
    name = serializers.CharField(max_length=80)
    default_position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)
    active = serializers.BooleanField(default=True)


@extend_schema_field(
    {
        "type": "array",
        "items": {"$ref": "#/components/schemas/PositionEnum"},
        "maxItems": len(Position.values),
        "uniqueItems": True,  # refused otherwise: "name each position once"
    }
)
class _FallbackField(serializers.ListField):
    pass


class DesaRoutingIn(StrictIn):
    categories = RoutingCategoryIn(many=True)
    fallback = _FallbackField(
        child=serializers.ChoiceField(choices=Position.choices), max_length=len(Position.values)
    )


class StrandedComplaintOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    assigned_position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)

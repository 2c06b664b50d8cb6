from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership, Position, Role, User
from accounts.scoping import memberships_of
from common.api import StrictIn
from regions.api.serializers import EmblemOut, RegionRefOut
from regions.models import Level, Region


class TokenObtainIn(StrictIn):
    username = serializers.CharField(
        max_length=150, help_text="A username, or a resident's phone number in any common form."
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenPairOut(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class PasswordResetIn(StrictIn):
    phone = serializers.CharField(
        max_length=32, help_text="The account's phone number, any common form."
    )


class PasswordResetOut(serializers.Serializer):
    minutes = serializers.IntegerField(help_text="How long a code sent now stays valid.")


class PasswordResetConfirmIn(StrictIn):
    phone = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=12, help_text="The six digits received.")
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenRefreshIn(StrictIn):
    refresh = serializers.CharField()


class LogoutIn(StrictIn):
    refresh = serializers.CharField()


class SignupIn(StrictIn):
    phone = serializers.CharField(
        max_length=32, help_text="Indonesian number, e.g. 0812-3456-7890."
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    full_name = serializers.CharField(max_length=150)
    desa = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=Level.DESA),
        required=False,
        help_text="Kemendagri code of the resident's home desa (optional).",
    )


class MembershipOut(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    region = RegionRefOut(allow_null=True)
    kecamatan = serializers.SerializerMethodField()
    position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)
    position_label = serializers.CharField(source="get_position_display")

    class Meta:
        model = Membership
        fields = [
            "id",
            "role",
            "role_label",
            "region",
            "kecamatan",
            "position",
            "position_label",
            "position_title",
        ]

    @extend_schema_field(RegionRefOut(allow_null=True))
    def get_kecamatan(self, membership: Membership) -> dict | None:
        """The kecamatan of a desa membership, to show "Jagabaya, Kec. Panawangan"."""
        region = membership.region
        if region is None or region.level != Level.DESA or region.parent is None:
            return None
        return RegionRefOut(region.parent).data


class MeOut(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "phone", "language", "memberships"]

    @extend_schema_field(MembershipOut(many=True))
    def get_memberships(self, user: User) -> list[dict]:
        return MembershipOut(memberships_of(user), many=True).data


class SignupOut(serializers.Serializer):
    phone = serializers.CharField(help_text="The number in E.164 form, for the code step.")
    minutes = serializers.IntegerField(help_text="How long the code sent now stays valid.")


class SignupVerifyIn(StrictIn):
    phone = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=12, help_text="The six digits received.")


class StaffMemberOut(serializers.ModelSerializer):
    """An official of a desa as colleagues see them: name and position, no contact data."""

    user_id = serializers.IntegerField()
    full_name = serializers.CharField(source="user.full_name")
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    position = serializers.ChoiceField(choices=Position.choices, allow_blank=True)
    position_label = serializers.CharField(source="get_position_display")

    class Meta:
        model = Membership
        fields = [
            "id",
            "user_id",
            "full_name",
            "role",
            "role_label",
            "position",
            "position_label",
            "position_title",
        ]


class DesaEmblemIn(StrictIn):
    emblem = serializers.FileField(
        help_text="The desa's emblem (lambang): a PNG, JPEG or WebP image of at most 5 MB. "
        "Only small squares of it are kept."
    )


class DesaEmblemOut(serializers.Serializer):
    own = serializers.BooleanField(help_text="Whether the desa has an emblem of its own.")
    emblem = EmblemOut(
        allow_null=True,
        help_text="What the desa's pages show: its own emblem, else its kabupaten's; null "
        "when neither has one.",
    )

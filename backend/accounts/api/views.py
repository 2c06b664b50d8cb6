from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import selectors, services
from accounts.api import presenters
from accounts.api.serializers import (
    DesaEmblemIn,
    DesaEmblemOut,
    LogoutIn,
    MeOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    PasswordResetOut,
    SignupIn,
    SignupOut,
    SignupVerifyIn,
    StaffMemberOut,
    TokenObtainIn,
    TokenPairOut,
    TokenRefreshIn,
)
from accounts.throttling import (
    LoginIpThrottle,
    ResetConfirmIpThrottle,
    ResetIpThrottle,
    ResetPhoneThrottle,
    SignupIpThrottle,
    SignupPhoneThrottle,
    SignupVerifyIpThrottle,
)
from common.api import BaseApi, ListMixin, PublicApi, errors
from common.errors import TokenNotValid
from common.schema import links
from regions import emblems
from regions.api.serializers import emblem_out
from regions.models import Region
from regions.services import region_emblem_remove, region_emblem_set


def _pair(refresh: RefreshToken) -> dict:
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class TokenObtainApi(PublicApi):
    # Failed logins are counted by the service (accounts/lockout.py).
    throttle_classes = [LoginIpThrottle]

    @extend_schema(
        operation_id="auth_token_obtain",
        request=TokenObtainIn,
        responses={200: TokenPairOut, **errors(400, 401, 429)},
        summary="Log in with a username or phone number; returns an access and a refresh token.",
    )
    def post(self, request):
        credentials = TokenObtainIn(data=request.data)
        credentials.is_valid(raise_exception=True)
        refresh = services.auth_login(request=request, **credentials.validated_data)
        return Response(TokenPairOut(_pair(refresh)).data)


class TokenRefreshApi(PublicApi):
    @extend_schema(
        operation_id="auth_token_refresh",
        request=TokenRefreshIn,
        responses={200: TokenPairOut, **errors(400, 401)},
        summary="Trade a refresh token for a new pair; the old refresh token is blacklisted.",
    )
    def post(self, request):
        TokenRefreshIn(data=request.data).is_valid(raise_exception=True)
        # simplejwt's serializer does the rotation and blacklisting (settings.SIMPLE_JWT).
        refresher = TokenRefreshSerializer(data=request.data)
        try:
            refresher.is_valid(raise_exception=True)
        except TokenError as exc:
            raise TokenNotValid() from exc
        return Response(TokenPairOut(refresher.validated_data).data)


class LogoutApi(PublicApi):
    @extend_schema(
        operation_id="auth_logout",
        request=LogoutIn,
        responses={204: OpenApiResponse(description="Logged out."), **errors(400, 401)},
        summary="Log out: blacklist the refresh token.",
    )
    def post(self, request):
        body = LogoutIn(data=request.data)
        body.is_valid(raise_exception=True)
        services.auth_logout(refresh=body.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignupApi(PublicApi):
    throttle_classes = [SignupIpThrottle, SignupPhoneThrottle]

    @extend_schema(
        operation_id="auth_signup",
        request=SignupIn,
        responses={202: SignupOut, **errors(400, 429)},
        summary="Resident sign-up with a phone number and a password: sends a six-digit code "
        "by WhatsApp; the account works once the code is confirmed. The same answer whether "
        "or not the number is already registered.",
    )
    def post(self, request):
        body = SignupIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        phone = services.user_signup_resident(
            phone=data["phone"],
            password=data["password"],
            full_name=data["full_name"],
            home_desa=data.get("desa"),
        )
        out = SignupOut({"phone": phone, "minutes": settings.PASSWORD_RESET_MINUTES})
        return Response(out.data, status=status.HTTP_202_ACCEPTED)


class SignupVerifyApi(PublicApi):
    throttle_classes = [SignupVerifyIpThrottle]

    @extend_schema(
        operation_id="auth_signup_verify",
        request=SignupVerifyIn,
        responses={200: TokenPairOut, **errors(400, 429)},
        summary="Confirm a sign-up with the code sent to the phone; activates the account "
        "and logs it in.",
    )
    def post(self, request):
        body = SignupVerifyIn(data=request.data)
        body.is_valid(raise_exception=True)
        refresh = services.user_signup_verify(**body.validated_data)
        return Response(TokenPairOut(_pair(refresh)).data)


class PasswordResetApi(PublicApi):
    throttle_classes = [ResetIpThrottle, ResetPhoneThrottle]

    @extend_schema(
        operation_id="auth_password_reset",
        request=PasswordResetIn,
        responses={202: PasswordResetOut, **errors(400, 429)},
        summary="Forgot the password: send a six-digit code to the account with this phone "
        "number (WhatsApp, and its email if any). The same answer whether or not there is one.",
    )
    def post(self, request):
        body = PasswordResetIn(data=request.data)
        body.is_valid(raise_exception=True)
        services.password_reset_request(phone=body.validated_data["phone"])
        out = PasswordResetOut({"minutes": settings.PASSWORD_RESET_MINUTES})
        return Response(out.data, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(PublicApi):
    throttle_classes = [ResetConfirmIpThrottle]

    @extend_schema(
        operation_id="auth_password_reset_confirm",
        request=PasswordResetConfirmIn,
        responses={200: TokenPairOut, **errors(400, 429)},
        summary="Set a new password with the code; ends every other session and logs in.",
    )
    def post(self, request):
        body = PasswordResetConfirmIn(data=request.data)
        body.is_valid(raise_exception=True)
        refresh = services.password_reset_confirm(**body.validated_data)
        return Response(TokenPairOut(_pair(refresh)).data)


# The region of the caller's first membership: the desa office's screens start there.
_MY_DESA = {"code": "$response.body#/memberships/0/region/code"}


class MeApi(BaseApi):
    @extend_schema(
        operation_id="me_retrieve",
        extensions=links(
            200,
            desa_routing_retrieve=_MY_DESA,
            desa_routing_update=_MY_DESA,
            desa_staff_list=_MY_DESA,
            desa_days_off_list=_MY_DESA,
            desa_day_off_add=_MY_DESA,
            canned_answer_list=_MY_DESA,
            canned_answer_create=_MY_DESA,
            suggestion_box_opening_create=_MY_DESA,
            register_list=_MY_DESA,
            register_export=_MY_DESA,
            # A resident's complaint goes to the desa they live in.
            complaints_submit={"requestBody": {"desa": _MY_DESA["code"]}},
        ),
        responses={200: MeOut, **errors(401)},
        summary="The logged-in user and the roles they hold, per region.",
    )
    def get(self, request):
        return Response(presenters.me_view(request.user))


class DesaStaffListApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="desa_staff_list",
        responses={200: StaffMemberOut(many=True), **errors(401, 404)},
        summary="Officials of a desa (for its staff, its kecamatan operator and admins).",
    )
    def get(self, request, code: str):
        staff = selectors.desa_staff_list(actor=request.user, desa_code=code)
        return self.paginated(staff, StaffMemberOut)


def _emblem_view(desa: Region) -> dict:
    return {"own": bool(desa.emblem_version), "emblem": emblem_out(desa)}


class DesaEmblemApi(BaseApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="desa_emblem_set",
        request={"multipart/form-data": DesaEmblemIn},
        responses={200: DesaEmblemOut, **errors(400, 401, 403, 404)},
        summary="Give the desa a new emblem for the header of its pages (its village head). "
        "Anything but a whole PNG, JPEG or WebP image of at most 5 MB is a 400 on `emblem`.",
    )
    def put(self, request, code: str):
        body = DesaEmblemIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = selectors.desa_emblem_get(actor=request.user, desa_code=code)
        # One byte past the limit is enough for the service to refuse a file that is too big,
        # without reading all of it into memory.
        data = body.validated_data["emblem"].read(emblems.MAX_BYTES + 1)
        region_emblem_set(region=desa, data=data)
        return Response(_emblem_view(desa))

    @extend_schema(
        operation_id="desa_emblem_remove",
        responses={200: DesaEmblemOut, **errors(401, 403, 404)},
        summary="Remove the desa's own emblem: its pages show its kabupaten's again, or none "
        "(its village head).",
    )
    def delete(self, request, code: str):
        desa = selectors.desa_emblem_get(actor=request.user, desa_code=code)
        region_emblem_remove(region=desa)
        return Response(_emblem_view(desa))

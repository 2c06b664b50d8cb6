import json

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from common.api import BaseApi, ListMixin, PublicApi, errors
from common.schema import links
from intake import selectors, services
from intake.api.serializers import (
    ChannelHealthOut,
    DraftConvertedOut,
    DraftConvertIn,
    DraftDetailOut,
    DraftDismissIn,
    DraftListIn,
    DraftListOut,
    DraftReplyIn,
    MessageOut,
)
from intake.media import AUDIO_TYPES
from intake.models import Draft
from intake.whatsapp import SIGNATURE_HEADER, signature_valid

_OK = OpenApiResponse(description="Received (also for a body that carries nothing for us).")


class WhatsAppWebhookApi(PublicApi):
    # Meta's calls: no JWT, no throttle (Meta retries whatever is refused, for days), no
    # session and so no CSRF. The signature over the raw body is the authentication.
    throttle_classes: list[type] = []

    def get_authenticate_header(self, request):
        return SIGNATURE_HEADER  # 401 stays 401 (DRF turns it into 403 without a header)

    @extend_schema(
        operation_id="whatsapp_webhook_verify",
        parameters=[
            OpenApiParameter("hub.mode", str, description="`subscribe`."),
            OpenApiParameter("hub.verify_token", str, description="WHATSAPP_VERIFY_TOKEN."),
            OpenApiParameter("hub.challenge", str, description="Echoed back as it came."),
        ],
        responses={(200, "text/plain"): OpenApiTypes.STR, **errors(403)},
        summary="Meta's subscription check of the WhatsApp webhook.",
    )
    def get(self, request):
        token = services.webhook_verify_token()
        given = request.query_params
        if (
            token
            and given.get("hub.mode") == "subscribe"
            and services.tokens_equal(given.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(given.get("hub.challenge", ""), content_type="text/plain")
        raise exceptions.PermissionDenied()

    @extend_schema(
        operation_id="whatsapp_webhook_receive",
        request=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter(
                SIGNATURE_HEADER,
                str,
                location=OpenApiParameter.HEADER,
                description="`sha256=` + hex HMAC-SHA256 of the raw body with the app secret.",
            )
        ],
        responses={200: _OK, **errors(400, 401)},
        summary="WhatsApp Cloud API notifications: messages and delivery receipts.",
    )
    def post(self, request):
        body = request._request.body  # the raw bytes, before anything parses them
        if not signature_valid(body, request.headers.get(SIGNATURE_HEADER)):
            raise exceptions.AuthenticationFailed()
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise exceptions.ParseError() from exc
        services.whatsapp_webhook_store(payload=payload)
        return Response(status=status.HTTP_200_OK)


def _count_messages(draft) -> None:
    # What the list's annotation gives, for the one draft a move answers with.
    draft.message_count = draft.messages.filter(direction="in").count()


def _draft_and_body(request, draft_id: int, body_in: type[Serializer]) -> tuple[Draft, dict]:
    # A move on a draft: its body checked first (400), then the caller's draft (404).
    body = body_in(data=request.data)
    body.is_valid(raise_exception=True)
    return selectors.draft_get(actor=request.user, draft_id=draft_id), body.validated_data


class DraftsApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="drafts_list",
        extensions=links(
            200,
            drafts_detail={"draft_id": "$response.body#/results/0/id"},
            drafts_dismiss={"draft_id": "$response.body#/results/0/id"},
            drafts_convert={"draft_id": "$response.body#/results/0/id"},
        ),
        parameters=[DraftListIn],
        responses={200: DraftListOut(many=True), **errors(400, 401)},
        summary="Drafts from WhatsApp and e-mail of the caller's desa (intake officer, head).",
    )
    def get(self, request):
        given = DraftListIn(data=request.query_params)
        given.is_valid(raise_exception=True)
        drafts = selectors.draft_list(actor=request.user, **given.validated_data)
        return self.paginated(drafts, DraftListOut)


class DraftDetailApi(BaseApi):
    @extend_schema(
        operation_id="drafts_detail",
        responses={200: DraftDetailOut, **errors(401, 404)},
        summary="One draft: the contact, the conversation and its media (the read is logged).",
    )
    def get(self, request, draft_id: int):
        draft = services.draft_read(actor=request.user, draft_id=draft_id)
        return Response(DraftDetailOut(draft).data)


class DraftConvertApi(BaseApi):
    @extend_schema(
        operation_id="drafts_convert",
        request=DraftConvertIn,
        responses={201: DraftConvertedOut, **errors(400, 401, 403, 404, 409)},
        summary="Make the draft a complaint (intake officer); the reporter gets code and PIN.",
    )
    def post(self, request, draft_id: int):
        draft, given = _draft_and_body(request, draft_id, DraftConvertIn)
        converted = services.draft_convert(draft=draft, actor=request.user, **given)
        _count_messages(converted.draft)
        return Response(DraftConvertedOut(converted).data, status=status.HTTP_201_CREATED)


class DraftDismissApi(BaseApi):
    @extend_schema(
        operation_id="drafts_dismiss",
        request=DraftDismissIn,
        responses={200: DraftListOut, **errors(400, 401, 403, 404, 409)},
        summary="Dismiss the draft as spam or not a complaint (intake officer).",
    )
    def post(self, request, draft_id: int):
        draft, given = _draft_and_body(request, draft_id, DraftDismissIn)
        draft = services.draft_dismiss(draft=draft, actor=request.user, **given)
        _count_messages(draft)
        return Response(DraftListOut(draft).data)


class DraftReplyApi(BaseApi):
    @extend_schema(
        operation_id="drafts_reply",
        request=DraftReplyIn,
        responses={201: MessageOut, **errors(400, 401, 403, 404, 409)},
        summary="Write back to the draft's contact; after WhatsApp's 24 hours only a template.",
    )
    def post(self, request, draft_id: int):
        draft, given = _draft_and_body(request, draft_id, DraftReplyIn)
        message = services.draft_reply(draft=draft, actor=request.user, **given)
        return Response(MessageOut(message).data, status=status.HTTP_201_CREATED)


_FILE = OpenApiResponse(response=OpenApiTypes.BINARY, description="The file.")


class DraftMediaApi(BaseApi):
    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="drafts_media",
        responses={
            **{
                (200, content_type): _FILE
                for content_type in (
                    "image/jpeg",
                    "image/png",
                    "image/webp",
                    "application/pdf",
                    *AUDIO_TYPES,
                )
            },
            **errors(401, 404),
        },
        summary="A photo, document or voice note of a draft's conversation.",
    )
    def get(self, request, draft_id: int, token: str):
        media = selectors.draft_media_get(actor=request.user, draft_id=draft_id, token=token)
        response = FileResponse(
            media.file.open("rb"),
            content_type=media.content_type,
            as_attachment=media.content_type == "application/pdf",
            filename=f"draft-{draft_id}-{token[:8]}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class ChannelHealthApi(BaseApi):
    @extend_schema(
        operation_id="desa_channel_health",
        responses={200: ChannelHealthOut(many=True), **errors(401, 404)},
        summary="WhatsApp and e-mail intake of a desa: last received, last error (office).",
    )
    def get(self, request, code: str):
        _desa, rows = selectors.channel_health_of(actor=request.user, desa_code=code)
        return Response(ChannelHealthOut(rows, many=True).data)

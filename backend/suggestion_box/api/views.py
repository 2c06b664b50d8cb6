"""The suggestion box's openings, their slips and the berita acara; rules in `services`."""

from dataclasses import asdict
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from common.api import BaseApi, ListMixin, errors
from common.clock import current_time
from common.errors import NotAllowed, NotFound
from common.idempotency import KEY_PATTERN, idempotent
from common.schema import links
from common.storage import LOCATION_HEADER, PRESIGNED_REDIRECT, download_response
from complaints.api.attachments import UploadMixin
from complaints.attachments import EXTENSIONS, PDF
from suggestion_box import access, selectors, services
from suggestion_box.api.serializers import (
    CountChangeOut,
    OpeningCountIn,
    OpeningCreateIn,
    OpeningDetailOut,
    OpeningOut,
    OpeningPhotoIn,
    OpeningQueryIn,
    SlipAddedOut,
    SlipIn,
)
from suggestion_box.render import render_berita_acara

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    pattern=KEY_PATTERN,
    description="Retry-safe entry: the same key and body replay the first answer (one "
    "complaint); the same key with another body is 422; while the first is running, 409.",
)


def _detail(opening, actor) -> dict:
    rows = selectors.slip_rows(opening)
    data = OpeningOut(opening).data
    data.update(
        entered_count=len(rows),
        complete=len(rows) == opening.declared_count,
        slips=[asdict(row) for row in rows],
        count_changes=CountChangeOut(opening.count_changes.all(), many=True).data,
        may_record=access.may_record(actor, opening.desa),
    )
    return data


def _recording_desa(actor, code: str):
    desa = access.box_desa_get(actor=actor, desa_code=code)
    if not access.may_record(actor, desa):
        raise NotAllowed()
    return desa


# The opening an answer of `suggestion_box_opening_create` describes (OpenAPI links).
_NEW_OPENING = {"code": "$request.path.code", "opening_id": "$response.body#/id"}


class OpeningListApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="suggestion_box_openings_list",
        parameters=[OpeningQueryIn],
        responses={200: OpeningOut(many=True), **errors(400, 401, 404)},
        summary="The desa's suggestion-box openings, newest first (box team, office, head).",
    )
    def get(self, request, code: str):
        query = OpeningQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        openings = selectors.opening_list(desa=desa, incomplete=query.validated_data["incomplete"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(openings, request, view=self)
        for opening in page:
            opening.desa = desa
        return paginator.get_paginated_response(OpeningOut(page, many=True).data)

    @extend_schema(
        operation_id="suggestion_box_opening_create",
        extensions=links(
            201,
            suggestion_box_opening_get=_NEW_OPENING,
            suggestion_box_opening_count=_NEW_OPENING,
            suggestion_box_berita_acara=_NEW_OPENING,
            suggestion_box_opening_photo=_NEW_OPENING,
            suggestion_box_opening_photo_download=_NEW_OPENING,
            suggestion_box_slip_add=_NEW_OPENING,
        ),
        request=OpeningCreateIn,
        responses={201: OpeningOut, **errors(400, 401, 403, 404)},
        summary="Record an opening of the suggestion box (box team, intake officer).",
    )
    def post(self, request, code: str):
        body = OpeningCreateIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        desa = _recording_desa(request.user, code)
        opening = services.opening_create(
            desa=desa,
            actor=request.user,
            opened_at=data["opened_at"],
            opener_ids=data["openers"],
            witnesses=[services.Witness(**w) for w in data["witnesses"]],
            declared_count=data["declared_count"],
            notes=data["notes"],
        )
        opening = selectors.opening_get(desa=desa, opening_id=opening.pk)
        return Response(OpeningOut(opening).data, status=status.HTTP_201_CREATED)


class OpeningDetailApi(BaseApi):
    @extend_schema(
        operation_id="suggestion_box_opening_get",
        responses={200: OpeningDetailOut, **errors(401, 404)},
        summary="One opening with its slips (register number, summary) and count corrections.",
    )
    def get(self, request, code: str, opening_id: int):
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        return Response(_detail(opening, request.user))

    @extend_schema(
        operation_id="suggestion_box_opening_count",
        request=OpeningCountIn,
        responses={200: OpeningDetailOut, **errors(400, 401, 403, 404)},
        summary="Correct the number of slips found, with a reason (the history is kept).",
    )
    def patch(self, request, code: str, opening_id: int):
        body = OpeningCountIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        services.opening_declared_count_change(
            opening=opening, actor=request.user, **body.validated_data
        )
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        return Response(_detail(opening, request.user))


_PHOTO = OpenApiResponse(
    OpenApiTypes.BINARY, description="The photo (or PDF) of the signed berita acara."
)


class OpeningPhotoApi(UploadMixin, BaseApi):
    def perform_content_negotiation(self, request, force=False):
        # The photo is sent whatever the client's Accept says (an <img> asks for image/*).
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="suggestion_box_opening_photo_download",
        parameters=[LOCATION_HEADER],
        responses={
            (200, "image/jpeg"): _PHOTO,
            (200, "image/png"): _PHOTO,
            (200, "image/webp"): _PHOTO,
            (200, "application/pdf"): _PHOTO,
            **PRESIGNED_REDIRECT,
            **errors(401, 404),
        },
        summary="Download the photo of an opening's signed berita acara (404 when none).",
    )
    def get(self, request, code: str, opening_id: int):
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        if not opening.photo:
            raise NotFound()
        extension = EXTENSIONS.get(opening.photo_content_type, "bin")
        # Streamed from the filesystem, or a 302 to a short-lived presigned URL when the
        # photo is in object storage (rights were checked above).
        response = download_response(
            opening.photo,
            content_type=opening.photo_content_type,
            as_attachment=opening.photo_content_type == PDF,  # a PDF is saved, never rendered
            filename=f"berita-acara-foto-{opening.pk}.{extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        if response.status_code == 200:
            response["Cache-Control"] = "private"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @extend_schema(
        operation_id="suggestion_box_opening_photo",
        request={"multipart/form-data": OpeningPhotoIn},
        responses={200: OpeningOut, **errors(400, 401, 403, 404, 413)},
        summary="Attach the photo of the signed berita acara to an opening (replaces none).",
    )
    def post(self, request, code: str, opening_id: int):
        body = OpeningPhotoIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        services.opening_photo_add(
            opening=opening, actor=request.user, photo=body.validated_data["file"]
        )
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        return Response(OpeningOut(opening).data)


class SlipAddApi(UploadMixin, BaseApi):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        operation_id="suggestion_box_slip_add",
        parameters=[IDEMPOTENCY_PARAMETER],
        request={"multipart/form-data": SlipIn, "application/json": SlipIn},
        responses={201: SlipAddedOut, **errors(400, 401, 403, 404, 409, 413, 422)},
        summary="Enter one slip of an opening: a complaint received on the opening's date.",
    )
    def post(self, request, code: str, opening_id: int):
        return idempotent(
            request,
            operation="suggestion_box_slip_add",
            run=lambda: self._add(request, code, opening_id),
        )

    def _add(self, request, code: str, opening_id: int) -> Response:
        body = SlipIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        photo = data.pop("photo", None)
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        slip = services.slip_add(
            opening=opening,
            actor=request.user,
            slip=services.SlipData(category_slug=data.pop("category"), **data),
            photo=photo,
        )
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        rows = selectors.slip_rows(opening)
        row = next(row for row in rows if row.number == slip.number)
        payload = {
            "slip": asdict(row),
            "declared_count": opening.declared_count,
            "entered_count": len(rows),
            "complete": len(rows) == opening.declared_count,
        }
        return Response(SlipAddedOut(payload).data, status=status.HTTP_201_CREATED)


class BeritaAcaraApi(BaseApi):
    def perform_content_negotiation(self, request, force=False):
        # The answer is the file whatever the client's Accept says; errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="suggestion_box_berita_acara",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The berita acara pembukaan kotak saran."
            ),
            **errors(401, 404),
        },
        summary="The minutes of an opening as a PDF: openers, witnesses, slips, signatures.",
    )
    def get(self, request, code: str, opening_id: int):
        desa = access.box_desa_get(actor=request.user, desa_code=code)
        opening = selectors.opening_get(desa=desa, opening_id=opening_id)
        content = render_berita_acara(
            opening, selectors.slip_rows(opening), printed_at=current_time()
        )
        response = HttpResponse(content, content_type="application/pdf")
        day = opening.opened_at.astimezone(ZoneInfo(desa.timezone)).strftime("%Y%m%d")
        filename = f"berita-acara-kotak-saran-{desa.code}-{day}-{opening.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response

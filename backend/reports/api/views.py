import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from accounts.authentication import JWTAuthentication
from common.api import BaseApi, PublicApi, errors
from common.clock import current_time
from common.dbrouting import ReplicaReads
from common.errors import NotFound
from integrations.authentication import ApiKeyAuthentication
from integrations.throttling import ApiClientThrottle
from regions.models import Level
from reports import render, selectors
from reports.api.serializers import (
    ReportOut,
    ReportPublicOut,
    ReportPublicQueryIn,
    ReportQueryIn,
    report_out,
)

CODE = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)
EXAMPLE = OpenApiExample(
    "A kecamatan's year",
    value={"period": "year", "year": 2026, "by": "category"},
    request_only=True,
)


def _period(data: dict) -> selectors.Period:
    return selectors.period_of(
        kind=data["period"],
        year=data.get("year") or timezone.localdate(current_time()).year,
        month=data.get("month"),
        quarter=data.get("quarter"),
        start=data.get("start"),
        end=data.get("end"),
    )


def _staff_report(request, code: str, level: str) -> Response:
    query = ReportQueryIn(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    region = selectors.region_for_report(actor=request.user, code=code, level=level)
    found = selectors.report(region=region, period=_period(data), by=data.get("by"))
    return Response(report_out(found))


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report_file(request, code: str, level: str, file_format: str) -> HttpResponse:
    query = ReportQueryIn(data=request.query_params)
    query.is_valid(raise_exception=True)
    region = selectors.region_for_report(actor=request.user, code=code, level=level)
    if file_format not in CONTENT_TYPES:
        raise NotFound()
    period = _period(query.validated_data)
    report, signer = selectors.report_file(region=region, period=period)
    if file_format == "pdf":
        content = render.render_pdf(
            report, printed_at=timezone.localtime(current_time()), signer=signer
        )
    else:
        content = render.render_xlsx(report)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"laporan-{region.code}-{period.label}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


FORMAT = OpenApiParameter(
    "file_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["pdf", "xlsx"]
)


def _file_schema(level: str, who: str):
    return extend_schema(
        operation_id=f"report_{level}_file",
        parameters=[ReportQueryIn, CODE, FORMAT],
        responses={
            **{
                (200, content_type): OpenApiResponse(
                    OpenApiTypes.BINARY, description="The PDF or XLSX file."
                )
                for content_type in CONTENT_TYPES.values()
            },
            **errors(400, 401, 404),
        },
        summary=f"The {level}'s report as a file for the BPD / Musyawarah Desa or the camat: "
        f"PDF (A4 portrait, letterhead, signature block) or XLSX; suppressed like the JSON "
        f"({who}).",
    )


def _schema(level: str, who: str):
    return extend_schema(
        operation_id=f"report_{level}_get",
        parameters=[ReportQueryIn, CODE],
        responses={200: ReportOut, **errors(400, 401, 403, 404, 429)},
        summary=f"The {level}'s report for a period: counts, exact median/p90 working days, "
        f"shares, ratings, monthly trend, optional breakdown; counts under 5 hidden ({who}; "
        "applications of the region with reports:read, 403 without it; 404 outside the "
        "caller's reach).",
    )


class ReportReadApi(BaseApi):
    # People with their JWT, and applications with their key (`reports:read`): the same
    # aggregate, suppressed alike, so an application learns nothing a camat could not.

    authentication_classes = [ApiKeyAuthentication, JWTAuthentication]
    throttle_classes = [ApiClientThrottle]


# Every report is an aggregate a second behind at worst: read from the replica when there is one.
class DesaReportGetApi(ReplicaReads, ReportReadApi):
    @_schema("desa", "its intake officers and village head, its kecamatan, admins")
    def get(self, request, code: str):
        return _staff_report(request, code, Level.DESA)


class KecamatanReportGetApi(ReplicaReads, ReportReadApi):
    @_schema("kecamatan", "its kecamatan operators, admins")
    def get(self, request, code: str):
        return _staff_report(request, code, Level.KECAMATAN)


class KabupatenReportGetApi(ReplicaReads, ReportReadApi):
    @_schema("kabupaten", "admins")
    def get(self, request, code: str):
        return _staff_report(request, code, Level.KABUPATEN)


class DesaTransparencyGetApi(ReplicaReads, PublicApi):
    @extend_schema(
        operation_id="report_public_desa_get",
        parameters=[ReportPublicQueryIn, CODE],
        responses={
            200: OpenApiResponse(
                ReportPublicOut, description="Cacheable: ETag, Cache-Control public 300 s."
            ),
            304: OpenApiResponse(description="Unchanged since the ETag sent in If-None-Match."),
            **errors(400, 404),
        },
        summary="A desa's public page: received and answered this year and by month, share "
        "answered within 7 working days, median working days, satisfaction, by category. "
        "No login; counts under 5 hidden.",
    )
    def get(self, request, code: str):
        query = ReportPublicQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = selectors.public_desa(code)
        year = query.validated_data.get("year") or timezone.localdate(current_time()).year
        data = ReportPublicOut(selectors.public_summary(desa=desa, year=year)).data
        body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = Response(status=304)
        else:
            response = Response(data)
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=300"
        response["Vary"] = "Accept-Language"
        return response


class DesaReportFileApi(ReplicaReads, BaseApi):
    @_file_schema("desa", "its intake officers and village head, its kecamatan, admins")
    def get(self, request, code: str, file_format: str):
        return _report_file(request, code, Level.DESA, file_format)


class KecamatanReportFileApi(ReplicaReads, BaseApi):
    @_file_schema("kecamatan", "its kecamatan operators, admins")
    def get(self, request, code: str, file_format: str):
        return _report_file(request, code, Level.KECAMATAN, file_format)

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from common.api import BaseApi, ListMixin, errors
from common.dbrouting import ReplicaReads
from common.errors import NotFound
from common.schema import links
from common.storage import LOCATION_HEADER, PRESIGNED_REDIRECT, download_response
from register import exports, selectors, services
from register.api.serializers import (
    RegisterAnnotationCreatedOut,
    RegisterAnnotationIn,
    RegisterExportIn,
    RegisterExportJobOut,
    RegisterListQueryIn,
    RegisterRowOut,
    RegisterVerifyOut,
    RegisterVerifyQueryIn,
)
from register.models import ExportFormat
from register.render import CONTENT_TYPES

# The file itself, in the media type of its format: a client generated from the schema must
# not try to parse a PDF as JSON.
FILE_RESPONSES = {
    (200, content_type.split(";")[0]): OpenApiResponse(
        OpenApiTypes.BINARY, description="The file, in the media type of its format."
    )
    for content_type in CONTENT_TYPES.values()
}

FORMAT_PARAMETER = OpenApiParameter(
    "file_format",
    str,
    OpenApiParameter.PATH,
    enum=ExportFormat.values,
    description="pdf, xlsx or csv",
)


def _filters(data: dict) -> selectors.RegisterFilters:
    data = {key: value for key, value in data.items() if key != "with_identity"}
    return selectors.RegisterFilters(**data)


class RegisterListApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="register_list",
        parameters=[RegisterListQueryIn],
        responses={200: RegisterRowOut(many=True), **errors(400, 401, 404)},
        summary="The desa's register book, by year and number (office and kecamatan).",
    )
    def get(self, request, code: str):
        query = RegisterListQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = selectors.register_desa_get(actor=request.user, desa_code=code)
        entries = selectors.register_entries(desa=desa, filters=_filters(query.validated_data))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(entries, request, view=self)
        rows = exports.register_rows_for(
            actor=request.user,
            desa=desa,
            entries=list(page),
            with_identity=query.validated_data["with_identity"],
        )
        return paginator.get_paginated_response(RegisterRowOut(rows, many=True).data)


class RegisterAnnotationApi(BaseApi):
    @extend_schema(
        operation_id="register_annotate",
        request=RegisterAnnotationIn,
        responses={201: RegisterAnnotationCreatedOut, **errors(400, 401, 403, 404)},
        summary="Correct an entry with an annotation (the entry itself never changes).",
    )
    def post(self, request, code: str, year: int, number: int):
        body = RegisterAnnotationIn(data=request.data)
        body.is_valid(raise_exception=True)
        entry = selectors.register_entry_get(
            actor=request.user, desa_code=code, year=year, number=number
        )
        annotation = services.register_annotation_add(
            entry=entry, actor=request.user, **body.validated_data
        )
        return Response(
            RegisterAnnotationCreatedOut(annotation).data, status=status.HTTP_201_CREATED
        )


class RegisterVerifyApi(BaseApi):
    @extend_schema(
        operation_id="register_verify",
        parameters=[RegisterVerifyQueryIn],
        responses={200: RegisterVerifyOut, **errors(400, 401, 404)},
        summary="Recompute the hash chain of each year and report its first broken link.",
    )
    def get(self, request, code: str):
        query = RegisterVerifyQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = selectors.register_desa_get(actor=request.user, desa_code=code)
        reports = selectors.register_chain_verify(desa=desa, year=query.validated_data.get("year"))
        body = {
            "ok": all(report.ok for report in reports),
            "chains": [
                {
                    "year": report.year,
                    "entries": report.entries,
                    "ok": report.ok,
                    "broken": report.broken.__dict__ if report.broken else None,
                }
                for report in reports
            ],
        }
        return Response(RegisterVerifyOut(body).data)


def _job(export) -> dict:
    done = export.state == export.State.DONE
    return {
        "token": export.token,
        "file_format": export.file_format,
        "state": export.state,
        "rows": export.rows,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "download_url": reverse("register-export-file", args=[export.token]) if done else None,
    }


class RegisterExportApi(ReplicaReads, BaseApi):
    # An export is a read with a body: the book as of a second ago is the book. Queuing a
    # large one writes the job row, after which the request reads the primary.
    replica_methods = ("POST",)

    @extend_schema(
        operation_id="register_export",
        extensions=links(
            202,
            register_export_job={"token": "$response.body#/token"},
            register_export_file={"token": "$response.body#/token"},
        ),
        parameters=[FORMAT_PARAMETER],
        request=RegisterExportIn,
        responses={
            **FILE_RESPONSES,
            202: OpenApiResponse(
                RegisterExportJobOut,
                description="More than REGISTER_EXPORT_INLINE_MAX_ROWS entries: queued; poll "
                "the job and download it from `download_url` when ready.",
            ),
            **errors(400, 401, 404),
        },
        summary="Export the register (a year or a date range) as PDF, XLSX or CSV.",
    )
    def post(self, request, code: str, file_format: str):
        body = RegisterExportIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = selectors.register_desa_get(actor=request.user, desa_code=code)
        if file_format not in ExportFormat.values:
            raise NotFound()
        filters = _filters(body.validated_data)
        with_identity = body.validated_data["with_identity"]
        if exports.register_export_size(desa=desa, filters=filters) > (
            settings.REGISTER_EXPORT_INLINE_MAX_ROWS
        ):
            export = exports.register_export_request(
                actor=request.user,
                desa=desa,
                file_format=file_format,
                filters=filters,
                with_identity=with_identity,
            )
            return Response(
                RegisterExportJobOut(_job(export)).data, status=status.HTTP_202_ACCEPTED
            )
        built = exports.register_export_render(
            actor=request.user,
            desa=desa,
            file_format=file_format,
            filters=filters,
            with_identity=with_identity,
        )
        response = HttpResponse(built.content, content_type=built.content_type)
        response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
        response["Cache-Control"] = "no-store"
        return response


class RegisterExportJobApi(BaseApi):
    @extend_schema(
        operation_id="register_export_job",
        responses={200: RegisterExportJobOut, **errors(401, 404)},
        summary="The state of a queued register export (only its requester sees it).",
    )
    def get(self, request, token: str):
        export = selectors.register_export_get(actor=request.user, token=token)
        return Response(RegisterExportJobOut(_job(export)).data)


class RegisterExportFileApi(BaseApi):
    @extend_schema(
        operation_id="register_export_file",
        parameters=[LOCATION_HEADER],
        responses={
            **FILE_RESPONSES,
            **PRESIGNED_REDIRECT,
            **errors(401, 404),
        },
        summary="Download a finished register export (only its requester).",
    )
    def get(self, request, token: str):
        export = selectors.register_export_get(actor=request.user, token=token, done=True)
        response = download_response(
            export.file,
            content_type=CONTENT_TYPES[export.file_format],
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
        )
        response["Cache-Control"] = "no-store"
        return response

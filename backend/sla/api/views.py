from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from common.api import BaseApi, ListMixin, errors
from common.schema import links
from sla import selectors, services
from sla.api.serializers import (
    DesaDayOffChangedOut,
    DesaDayOffDateIn,
    DesaDayOffIn,
    DesaDayOffOut,
    DesaDaysOffQueryIn,
)

DATE_PARAMETER = OpenApiParameter(
    "day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD"
)


class DesaDaysOffApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="desa_days_off_list",
        parameters=[DesaDaysOffQueryIn],
        responses={200: DesaDayOffOut(many=True), **errors(400, 401, 404)},
        summary="The days the desa declared off, newest first (its staff and kecamatan).",
    )
    def get(self, request, code: str):
        query = DesaDaysOffQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = selectors.desa_calendar_get(actor=request.user, desa_code=code)
        days = selectors.desa_days_off(desa=desa, year=query.validated_data.get("year"))
        return self.paginated(days, DesaDayOffOut)

    @extend_schema(
        operation_id="desa_day_off_add",
        extensions=links(
            201, desa_day_off_remove={"code": "$request.path.code", "day": "$response.body#/date"}
        ),
        request=DesaDayOffIn,
        responses={201: DesaDayOffChangedOut, **errors(400, 401, 403, 404)},
        summary="Declare a working day off for the desa; running deadlines move and say so "
        "(village head, admin). A duplicate, past, weekend or holiday date is a 400 on `date`.",
    )
    def post(self, request, code: str):
        body = DesaDayOffIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = selectors.desa_calendar_get(actor=request.user, desa_code=code, manage=True)
        day = body.validated_data["date"]
        moved = services.desa_day_off_add(
            actor=request.user, desa=desa, day=day, reason=body.validated_data["reason"]
        )
        return Response(_changed_out(day, moved), status=status.HTTP_201_CREATED)


class DesaDayOffRemoveApi(BaseApi):
    @extend_schema(
        operation_id="desa_day_off_remove",
        parameters=[DATE_PARAMETER],
        responses={200: DesaDayOffChangedOut, **errors(400, 401, 403, 404)},
        summary="Withdraw a day off not yet passed; deadlines it moved move back (village "
        "head, admin). 404 when the date is not a day off of the desa.",
    )
    def delete(self, request, code: str, day: str):
        path = DesaDayOffDateIn(data={"date": day})
        path.is_valid(raise_exception=True)
        desa = selectors.desa_calendar_get(actor=request.user, desa_code=code, manage=True)
        day_off = path.validated_data["date"]
        moved = services.desa_day_off_remove(actor=request.user, desa=desa, day=day_off)
        return Response(_changed_out(day_off, moved))


def _changed_out(day, moved: list) -> dict:
    return DesaDayOffChangedOut({"date": day, "deadlines_moved": len(moved), "moved": moved}).data

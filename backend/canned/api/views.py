from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from canned import selectors, services
from canned.api.serializers import (
    CannedAnswerIn,
    CannedAnswerOut,
    CannedAnswerPatchIn,
    CannedAnswerQueryIn,
)
from common.api import BaseApi, ListMixin, errors
from common.schema import links


class CannedAnswerListApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="canned_answer_list",
        parameters=[CannedAnswerQueryIn],
        responses={200: CannedAnswerOut(many=True), **errors(400, 401, 404)},
        summary="The desa's canned answers by title (its intake officers, village head, handlers).",
    )
    def get(self, request, code: str):
        query = CannedAnswerQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = selectors.canned_desa_get(actor=request.user, desa_code=code)
        return self.paginated(
            selectors.canned_answers(desa=desa, **query.validated_data), CannedAnswerOut
        )

    @extend_schema(
        operation_id="canned_answer_create",
        extensions=links(
            201,
            canned_answer_update={"code": "$request.path.code", "id": "$response.body#/id"},
            canned_answer_delete={"code": "$request.path.code", "id": "$response.body#/id"},
        ),
        request=CannedAnswerIn,
        responses={201: CannedAnswerOut, **errors(400, 401, 403, 404)},
        summary="Add a canned answer (intake officer, village head).",
    )
    def post(self, request, code: str):
        body = CannedAnswerIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = selectors.canned_desa_get(actor=request.user, desa_code=code, manage=True)
        answer = services.canned_answer_create(actor=request.user, desa=desa, **body.validated_data)
        return Response(CannedAnswerOut(answer).data, status=status.HTTP_201_CREATED)


class CannedAnswerDetailApi(BaseApi):
    @extend_schema(
        operation_id="canned_answer_update",
        request=CannedAnswerPatchIn,
        responses={200: CannedAnswerOut, **errors(400, 401, 403, 404)},
        summary="Change a canned answer (intake officer, village head).",
    )
    def patch(self, request, code: str, pk: int):
        body = CannedAnswerPatchIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = selectors.canned_desa_get(actor=request.user, desa_code=code, manage=True)
        answer = selectors.canned_answer_get(desa=desa, pk=pk)
        answer = services.canned_answer_update(
            actor=request.user, answer=answer, **body.validated_data
        )
        return Response(CannedAnswerOut(answer).data)

    @extend_schema(
        operation_id="canned_answer_delete",
        responses={204: None, **errors(401, 403, 404)},
        summary="Remove a canned answer (intake officer, village head).",
    )
    def delete(self, request, code: str, pk: int):
        desa = selectors.canned_desa_get(actor=request.user, desa_code=code, manage=True)
        services.canned_answer_delete(answer=selectors.canned_answer_get(desa=desa, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from common.api import ListMixin, PublicApi, errors
from common.dbrouting import ReplicaReads
from common.schema import links
from regions import selectors
from regions.api.serializers import RegionDetailOut, RegionListIn, RegionOut


# Public reference data (the kecamatan screen's desa list, the desa search): the replica.
class RegionListApi(ReplicaReads, ListMixin, PublicApi):
    @extend_schema(
        operation_id="regions_list",
        extensions=links(200, regions_retrieve={"code": "$response.body#/results/0/code"}),
        parameters=[RegionListIn],
        responses={200: RegionOut(many=True), **errors(400)},
        summary="List regions (public): provinsi, kabupaten, kecamatan and desa.",
    )
    def get(self, request):
        query = RegionListIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        regions = selectors.region_list(
            level=query.validated_data.get("level"),
            parent_code=query.validated_data.get("parent"),
            search=query.validated_data.get("search"),
        )
        return self.paginated(regions, RegionOut)


class RegionDetailApi(ReplicaReads, PublicApi):
    @extend_schema(
        operation_id="regions_retrieve",
        responses={200: RegionDetailOut, **errors(404)},
        summary="One region by its Kemendagri code, e.g. 32.07.10.2010, with a desa's "
        "contact details (public).",
    )
    def get(self, request, code: str):
        return Response(RegionDetailOut(selectors.region_get(code=code)).data)

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from common.api import ListMixin, PublicApi, errors
from common.dbrouting import ReplicaReads
from common.schema import links
from regions import emblems, selectors
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


_EMBLEM = OpenApiResponse(
    OpenApiTypes.BINARY,
    description="The emblem square. `Cache-Control: public, max-age=31536000, immutable`: "
    "the URL changes with every new emblem.",
)
# A year: the version in the URL changes when the emblem does.
EMBLEM_CACHE_CONTROL = "public, max-age=31536000, immutable"


class RegionEmblemApi(PublicApi):
    def perform_content_negotiation(self, request, force=False):
        # The answer is the image whatever the client's Accept says (an <img> asks for
        # image/*); errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="regions_emblem",
        parameters=[
            OpenApiParameter(
                "file",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=emblems.FILE_NAMES,
                description="The square's edge in pixels and its format.",
            )
        ],
        responses={(200, "image/png"): _EMBLEM, (200, "image/webp"): _EMBLEM, **errors(404)},
        summary="A region's emblem, small (public): the URLs come from the region's `emblem`.",
    )
    def get(self, request, code: str, version: str, file: str):
        data, content_type = selectors.region_emblem_file(code=code, version=version, file=file)
        response = HttpResponse(data, content_type=content_type)
        response["Cache-Control"] = EMBLEM_CACHE_CONTROL
        response["X-Content-Type-Options"] = "nosniff"
        return response

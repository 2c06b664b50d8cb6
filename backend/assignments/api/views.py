from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from assignments import selectors, services
from assignments.api.serializers import DesaRoutingIn, DesaRoutingOut, StrandedComplaintOut
from common.api import BaseApi, errors
from common.schema import links


class DesaRoutingApi(BaseApi):
    @extend_schema(
        operation_id="desa_routing_retrieve",
        responses={200: DesaRoutingOut, **errors(401, 404)},
        summary="The desa's routing: each category's position, the fallback chain and who "
        "holds which position now (village head, intake officers).",
    )
    def get(self, request, code: str):
        desa = selectors.desa_routing_get(actor=request.user, desa_code=code)
        return Response(DesaRoutingOut(selectors.desa_routing(desa=desa)).data)

    @extend_schema(
        operation_id="desa_routing_update",
        extensions=links(200, desa_routing_retrieve={"code": "$request.path.code"}),
        request=DesaRoutingIn,
        responses={200: DesaRoutingOut, **errors(400, 401, 403, 404)},
        summary="Change the routing (village head): positions of the categories listed, new "
        "categories (without a slug), and the fallback chain.",
    )
    def put(self, request, code: str):
        body = DesaRoutingIn(data=request.data)
        body.is_valid(raise_exception=True)
        desa = selectors.desa_routing_get(actor=request.user, desa_code=code, manage=True)
        rules = []
        for rule in body.validated_data["categories"]:
            slug = rule.get("slug") or services.category_slug_for(rule["name"])
            if not slug:
                raise ValidationError({"categories": _("Give each category a name.")})
            rules.append(
                services.CategoryRule(
                    slug=slug,
                    name=rule["name"],
                    default_position=rule["default_position"],
                    active=rule["active"],
                )
            )
        fallback = body.validated_data["fallback"]
        services.routing_update(actor=request.user, desa=desa, categories=rules, fallback=fallback)
        return Response(DesaRoutingOut(selectors.desa_routing(desa=desa)).data)


class DesaStrandedApi(BaseApi):
    @extend_schema(
        operation_id="desa_complaints_stranded",
        responses={200: StrandedComplaintOut(many=True), **errors(401, 404)},
        summary="Open complaints whose holder left the position (membership ended or account "
        "deactivated), oldest first, to redistribute (village head, intake officers).",
    )
    def get(self, request, code: str):
        desa = selectors.desa_routing_get(actor=request.user, desa_code=code)
        stranded = selectors.complaints_stranded(desa=desa)
        return Response(StrandedComplaintOut(stranded, many=True).data)

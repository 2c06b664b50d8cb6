"""Reads of the region tree. Region names and codes are public information."""

from django.db.models import QuerySet

from common.errors import NotFound
from regions.models import Region


def region_list(
    *, level: str | None = None, parent_code: str | None = None, search: str | None = None
) -> QuerySet[Region]:
    regions = Region.objects.select_related("parent")
    if level:
        regions = regions.filter(level=level)
    if parent_code:
        regions = regions.filter(parent__code=parent_code)
    if search:
        regions = regions.filter(name__icontains=search)
    return regions.order_by("code")


def region_get(*, code: str) -> Region:
    region = (
        Region.objects.select_related("parent__parent__parent", "contact").filter(code=code).first()
    )
    if region is None:
        raise NotFound()
    return region

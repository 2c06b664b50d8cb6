"""Reads of the region tree. Region names and codes are public information."""

from django.db.models import QuerySet

from common.errors import NotFound
from regions import emblems
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


def region_emblem_file(*, code: str, version: str, file: str) -> tuple[bytes, str]:
    """A square of the region's current emblem (`file`: `64.png`, `128.webp`, …) and its
    content type; NotFound for another file name or a version that is not the current one
    (an old URL after a new upload)."""
    if file not in emblems.FILE_NAMES or not version:
        raise NotFound()
    if not Region.objects.filter(code=code, emblem_version=version).exists():
        raise NotFound()
    try:
        data = emblems.emblem_read(code=code, version=version, file=file)
    except OSError as exc:  # FileNotFoundError: written over by a restore, or removed by hand
        raise NotFound() from exc
    return data, emblems.FORMATS[file.rsplit(".", 1)[1]]

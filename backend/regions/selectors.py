"""Reads of the region tree. Region names and codes are public information."""

from typing import NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet

from common.errors import NotFound
from regions.models import DesaContact, Region

# The WhatsApp webhook names the receiving number on every message; the desa behind it
# changes only when an administrator edits the contact settings (which forget the entry,
# `regions.services.whatsapp_numbers_forget`), so it is read from the cache for a minute.
WHATSAPP_NUMBER_TTL = 60


def _whatsapp_number_key(phone_number_id: str) -> str:
    return f"regions:wa-number:{phone_number_id}"


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


class WhatsAppNumbers(NamedTuple):
    desa_of: dict[str, int]  # phone_number_id → desa id, for the numbers some desa has
    refreshed: set[str]  # of those, the ones read from the database (not cached until now)


def desa_ids_of_whatsapp_numbers(phone_number_ids: set[str]) -> WhatsAppNumbers:
    """The desa whose contact settings name each number, one cache read when warm. Only
    numbers found are cached: a number configured a moment ago is never refused for a
    minute."""
    wanted = {number for number in phone_number_ids if number}
    if not wanted:
        return WhatsAppNumbers({}, set())
    keys = {_whatsapp_number_key(number): number for number in wanted}
    desa_of = {keys[key]: desa_id for key, desa_id in cache.get_many(list(keys)).items()}
    missing = wanted - set(desa_of)
    read: dict[str, int] = {}
    if missing:
        read = dict(
            DesaContact.objects.filter(whatsapp_phone_number_id__in=missing).values_list(
                "whatsapp_phone_number_id", "desa_id"
            )
        )
        cache.set_many(
            {_whatsapp_number_key(number): desa_id for number, desa_id in read.items()},
            timeout=WHATSAPP_NUMBER_TTL,
        )
        desa_of.update(read)
    return WhatsAppNumbers(desa_of, set(read))


def whatsapp_numbers_forget(*phone_number_ids: str) -> None:
    """Drop the cached desa of these numbers (after a contact change is committed)."""
    keys = [_whatsapp_number_key(number) for number in phone_number_ids if number]
    if keys:
        cache.delete_many(keys)

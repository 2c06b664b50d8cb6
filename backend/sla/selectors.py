"""Reads of SLA policy and calendar. The calendar data is cached (it changes a few times a
year and every complaint list needs it); `sla.services` drops the cache on each change."""

import time
from collections.abc import Iterable
from datetime import date

from django.core.cache import cache
from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import desa_calendar_access
from common.errors import NotAllowed, NotFound
from regions.models import Level, Region
from sla.calendar import WorkingCalendar
from sla.models import DEFAULT_WORKING_DAYS, CalendarDay, SlaPolicy

NATIONAL_KEY = "sla:calendar:national"
CACHE_SECONDS = 3600


def desa_key(desa_id: int) -> str:
    return f"sla:calendar:desa:{desa_id}"


def _kabupaten_code(desa: Region) -> str:
    return ".".join(desa.code.split(".")[:2])


def kabupaten_working_days(*, desa: Region, priority: str) -> int:
    row = SlaPolicy.objects.filter(region__code=_kabupaten_code(desa), priority=priority).first()
    return row.working_days if row else DEFAULT_WORKING_DAYS[priority]


def working_days_for(*, desa: Region, priority: str) -> int:
    """The policy of the desa's kabupaten (or the default), tightened by the desa's own row."""
    rows = {
        row.region_id: row.working_days
        for row in SlaPolicy.objects.filter(
            region__code__in=[_kabupaten_code(desa), desa.code], priority=priority
        )
    }
    desa_days = rows.pop(desa.pk, None)
    kabupaten_days = next(iter(rows.values()), DEFAULT_WORKING_DAYS[priority])
    return min(kabupaten_days, desa_days) if desa_days else kabupaten_days


def _national_rows() -> tuple[list[date], list[date]]:
    added, removed = [], []
    for day, kind in CalendarDay.objects.filter(desa__isnull=True).values_list("date", "kind"):
        (added if kind == CalendarDay.Kind.HOLIDAY else removed).append(day)
    return added, removed


def calendars_for(desas: Iterable[Region], *, fresh: bool = False) -> dict[int, WorkingCalendar]:
    """The working calendar of each desa; at most two queries, none when cached."""
    return calendars_for_zones({desa.pk: desa.timezone for desa in desas}, fresh=fresh)


def calendars_for_zones(
    zones: dict[int, str], *, fresh: bool = False
) -> dict[int, WorkingCalendar]:
    """Calendars by desa id, given each desa's time zone."""
    desas = zones
    keys = [NATIONAL_KEY, *(desa_key(pk) for pk in desas)]
    found = {} if fresh else cache.get_many(keys)
    if NATIONAL_KEY not in found:
        found[NATIONAL_KEY] = _national_rows()
        cache.set(NATIONAL_KEY, found[NATIONAL_KEY], CACHE_SECONDS)
    missing = [pk for pk in desas if desa_key(pk) not in found]
    if missing:
        days_off: dict[int, list[date]] = {pk: [] for pk in missing}
        for desa_id, day in CalendarDay.objects.filter(desa_id__in=missing).values_list(
            "desa_id", "date"
        ):
            days_off[desa_id].append(day)
        cache.set_many({desa_key(pk): days for pk, days in days_off.items()}, CACHE_SECONDS)
        found.update({desa_key(pk): days for pk, days in days_off.items()})
    added, removed = found[NATIONAL_KEY]
    return {
        pk: WorkingCalendar.build(
            timezone=zone, added=added, removed=removed, days_off=found[desa_key(pk)]
        )
        for pk, zone in desas.items()
    }


def calendar_for(desa: Region, *, fresh: bool = False) -> WorkingCalendar:
    return calendars_for([desa], fresh=fresh)[desa.pk]


# Calendars for showing "n working days left" on pages, kept in the process a little while:
# a complaint's page or an inbox then makes no round trip to the cache for them. Stored
# deadlines never come from here (`sla.services` reads `calendar_for`, fresh when it
# matters); a day off declared in another process shows in these counts within the TTL.
DISPLAY_SECONDS = 30
_display: dict[int, tuple[float, WorkingCalendar]] = {}


def display_calendars_for_zones(zones: dict[int, str]) -> dict[int, WorkingCalendar]:
    now = time.monotonic()
    found = {pk: hit[1] for pk in zones if (hit := _display.get(pk)) and hit[0] > now}
    missing = {pk: zone for pk, zone in zones.items() if pk not in found}
    if missing:
        loaded = calendars_for_zones(missing)
        _display.update({pk: (now + DISPLAY_SECONDS, cal) for pk, cal in loaded.items()})
        found.update(loaded)
    return found


def forget_display_calendars() -> None:
    """After a change to the calendar, in this process at once."""
    _display.clear()


# --- a desa's own days off ------------------------------------------------------------------
def desa_calendar_get(*, actor: User, desa_code: str, manage: bool = False) -> Region:
    """The desa whose days off the actor may read (or, with `manage`, declare and clear).

    404 alike for a missing desa and one outside the actor's reach; 403 for those who may
    read the calendar but not change it (`accounts.scoping.desa_calendar_access`).
    """
    desa = Region.objects.filter(code=desa_code, level=Level.DESA).first()
    access = desa_calendar_access(actor, desa) if desa is not None else None
    if desa is None or access is None:
        raise NotFound()
    if manage and access != "manage":
        raise NotAllowed()
    return desa


def desa_days_off(*, desa: Region, year: int | None = None) -> QuerySet[CalendarDay]:
    """The desa's own days off, newest first."""
    days = CalendarDay.objects.filter(desa=desa, kind=CalendarDay.Kind.DAY_OFF)
    if year is not None:
        days = days.filter(date__year=year)
    return days.order_by("-date")

"""The one working-day module (hari kerja): which days count, and counting them.

A working day is a day that is not a Saturday or Sunday, not an Indonesian national holiday
or cuti bersama (the `holidays` library: cuti bersama are only in its "government"
category), not a day an admin removed from the national list, and not a day the desa declared
off. An admin may also add a holiday the library lacks (the joint-leave SKB often changes
late in the year), or turn a listed day back into a working day.

Counting: the day a clock starts (receipt, or resumption after `needs_info`) is day 0; the
deadline is the end of the N-th working day after it, in the desa's time zone (WIB, WITA or
WIT; `Region.timezone`).

This module is pure: callers hand it the overrides and days off (see `sla.selectors`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# A deadline more than this many calendar days after its start means a broken calendar
# (every day marked off); stop instead of looping for ever.
MAX_SPAN_DAYS = 3660
# Reminders go out at the start of office hours (07:00–07:30 local in most desa offices),
# not at midnight.
REMINDER_TIME = time(7, 0)


@lru_cache(maxsize=32)
def national_holidays(year: int) -> dict[date, str]:
    """Indonesia's national holidays and cuti bersama of one year, with Indonesian names."""
    listed = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(listed.items())


@dataclass(frozen=True)
class WorkingCalendar:
    """The working days of one desa."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))
    # National overrides: extra holidays, and listed holidays turned back into working days.
    added_holidays: frozenset[date] = frozenset()
    removed_holidays: frozenset[date] = frozenset()
    # Days the desa declared off (e.g. a village ceremony, sedekah bumi).
    days_off: frozenset[date] = frozenset()

    @classmethod
    def build(
        cls,
        *,
        timezone: str = "Asia/Jakarta",
        added: Iterable[date] = (),
        removed: Iterable[date] = (),
        days_off: Iterable[date] = (),
    ) -> "WorkingCalendar":
        return cls(ZoneInfo(timezone), frozenset(added), frozenset(removed), frozenset(days_off))

    def is_holiday(self, day: date) -> bool:
        if day in self.added_holidays:
            return True
        return day in national_holidays(day.year) and day not in self.removed_holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day) and day not in self.days_off

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself for n = 0)."""
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if (day - start).days > MAX_SPAN_DAYS:
                raise ValueError("no working days in the calendar")
            if self.is_working_day(day):
                counted += 1
        return day

    def subtract_working_days(self, end: date, n: int) -> date:
        """The working day n working days before `end` (`end` itself for n = 0)."""
        day, counted = end, 0
        while counted < n:
            day -= timedelta(days=1)
            if (end - day).days > MAX_SPAN_DAYS:
                raise ValueError("no working days in the calendar")
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    # --- instants ------------------------------------------------------------------
    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def end_of(self, day: date) -> datetime:
        """The instant the local day ends (midnight starting the next day), aware."""
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=self.tz)

    def at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz)


@dataclass(frozen=True)
class Deadline:
    due_on: date  # the last working day, local
    deadline: datetime  # the end of due_on, aware
    remind_2_at: datetime | None  # 07:00 local, two working days before due_on
    remind_1_at: datetime | None  # 07:00 local, one working day before due_on


def deadline_from(calendar: WorkingCalendar, *, start: datetime, working_days: int) -> Deadline:
    """The deadline `working_days` working days after `start`, with its reminder instants.

    A reminder whose instant is not after `start` is dropped (a 2-day P1 complaint received
    at 10:00 gets no "two days left" reminder that same morning).
    """
    start_day = calendar.local_date(start)
    due_on = calendar.add_working_days(start_day, working_days)
    reminders = []
    for before in (2, 1):
        moment = calendar.at(calendar.subtract_working_days(due_on, before), REMINDER_TIME)
        reminders.append(moment if moment > start else None)
    return Deadline(due_on, calendar.end_of(due_on), reminders[0], reminders[1])


def remaining_working_days(calendar: WorkingCalendar, *, due_on: date, now: datetime) -> int:
    """Whole working days left after today until the deadline; 0 on the last day and after."""
    return calendar.working_days_between(calendar.local_date(now), due_on)

"""What a complaint's SLA clock says to a person: state, deadline, due date, working days left,
overdue. One computation (`sla_summary`) for the detail (`sla_view`), the inbox's rows of
plain values (`PageClocks`) and the printed receipt; the API's `ComplaintSlaOut` renders it."""

from datetime import date, datetime
from typing import NamedTuple

from django.utils import timezone

from common.clock import current_time
from complaints.models import Complaint
from sla import selectors
from sla.calendar import WorkingCalendar, remaining_working_days
from sla.models import ClockState, ComplaintSla


def clock_of(complaint: Complaint) -> ComplaintSla | None:
    try:
        return complaint.sla
    except ComplaintSla.DoesNotExist:
        return None


def sla_summary(
    clock: "ComplaintSla | _RowClock | None",
    calendar: WorkingCalendar,
    *,
    now: datetime | None = None,
    left: int | None = None,
) -> dict | None:
    """The `ComplaintSlaOut` dict of a clock (None before receipt).

    `left`: the working days left of a running clock, if the caller counted them already."""
    if clock is None:
        return None
    now = now or current_time()
    running = clock.state == ClockState.RUNNING
    paused = clock.state == ClockState.PAUSED
    if running:
        if left is None:
            left = remaining_working_days(calendar, due_on=clock.due_on, now=now)
        remaining = left
    else:
        remaining = clock.remaining_when_paused if paused else None
    return {
        "state": clock.state,
        "policy_working_days": clock.policy_days,
        "deadline": None if paused else clock.deadline,
        "due_on": None if paused else clock.due_on,
        "remaining_working_days": remaining,
        "overdue": running and now >= clock.deadline,
        "escalated_at": clock.escalated_at,
    }


def sla_view(complaint: Complaint) -> dict | None:
    """For single-complaint presenters."""
    clock = clock_of(complaint)
    if clock is None:
        return None
    desa = complaint.desa
    calendars = selectors.display_calendars_for_zones({desa.pk: desa.timezone})
    return sla_summary(clock, calendars[desa.pk])


# --- the inbox: rows of plain values (complaints.reads.inbox.LIST_FIELDS) ---------------------
SLA_LIST_FIELDS = (
    "desa_id", "desa__timezone", "sla__state", "sla__policy_days", "sla__deadline",
    "sla__due_on", "sla__remaining_when_paused", "sla__escalated_at",
)  # fmt: skip


class _RowClock(NamedTuple):
    """What `sla_summary` reads of a clock, from an inbox row (no model instance)."""

    state: str
    policy_days: int
    deadline: datetime
    due_on: date
    remaining_when_paused: int | None
    escalated_at: datetime | None


class PageClocks:
    """The SLA of each row of one inbox page (`complaints.reads.inbox.InboxRow`): the page's
    calendars read once, one `now` for every row, and the working days left counted once
    per desa and due day (a page's clocks share a handful of due days)."""

    def __init__(self, rows: list, zone) -> None:
        zones = {row.desa_id: row.desa__timezone for row in rows if row.sla__state}
        self.calendars = selectors.display_calendars_for_zones(zones) if zones else {}
        self.now = current_time()
        self.zone = zone
        self._left: dict[tuple[int, date], int] = {}

    def of(self, row) -> dict | None:
        if not row.sla__state:
            return None
        clock = _RowClock(
            row.sla__state,
            row.sla__policy_days,
            row.sla__deadline,
            row.sla__due_on,
            row.sla__remaining_when_paused,
            row.sla__escalated_at,
        )
        calendar = self.calendars[row.desa_id]
        left = None
        if clock.state == ClockState.RUNNING:
            key = (row.desa_id, clock.due_on)
            left = self._left.get(key)
            if left is None:
                left = remaining_working_days(calendar, due_on=clock.due_on, now=self.now)
                self._left[key] = left
        return sla_json(sla_summary(clock, calendar, now=self.now, left=left), self.zone)


def sla_json(summary: dict | None, zone=None) -> dict | None:
    """A `sla_summary` as `ComplaintSlaOut` renders it, for hand-built responses: moments
    in the current time zone, left for the renderer to write (as `DateTimeField` would)."""
    if summary is None:
        return None
    zone = zone or timezone.get_current_timezone()
    for key in ("deadline", "escalated_at"):
        if summary[key] is not None:
            summary[key] = summary[key].astimezone(zone)
    if summary["due_on"] is not None:
        summary["due_on"] = summary["due_on"].isoformat()
    return summary

"""The SLA part of a complaint's API representation."""

from datetime import date, datetime
from typing import NamedTuple

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import StrictIn
from complaints.models import Complaint
from sla import selectors
from sla.calendar import WorkingCalendar, remaining_working_days
from sla.models import ClockState, ComplaintSla


class ComplaintSlaOut(serializers.Serializer):
    state = serializers.ChoiceField(choices=ClockState.choices)
    policy_working_days = serializers.IntegerField(
        help_text="Working days the policy gives this complaint's priority in its desa."
    )
    deadline = serializers.DateTimeField(
        allow_null=True, help_text="End of the last working day; null while paused."
    )
    due_on = serializers.DateField(
        allow_null=True, help_text="The last working day (desa's local date)."
    )
    remaining_working_days = serializers.IntegerField(
        allow_null=True,
        help_text="Whole working days left after today (0 on the last day); while paused, "
        "the days the clock resumes with; null once stopped.",
    )
    overdue = serializers.BooleanField()
    escalated_at = serializers.DateTimeField(allow_null=True)


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
    now = now or timezone.now()
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


@extend_schema_field(ComplaintSlaOut(allow_null=True))
class ComplaintSlaField(serializers.Field):
    """The SLA of each complaint of a list page; the page's calendars are loaded once
    (`sla.selectors.calendars_for`), and the clock must be select_related as `sla`.
    One `ComplaintSlaOut` renders every row: a serializer made per row deep-copies its
    fields each time (a page of 50 spent more on that than on the rest of its rows)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)
        self._out = ComplaintSlaOut()

    def to_representation(self, complaint: Complaint) -> dict | None:
        clock = clock_of(complaint)
        if clock is None:
            return None
        root = self.root
        calendars = getattr(root, "_sla_calendars", None)
        if calendars is None or complaint.desa_id not in calendars:
            page = root.instance if isinstance(root.instance, list | tuple) else [complaint]
            calendars = selectors.calendars_for({c.desa for c in page} | {complaint.desa})
            root._sla_calendars = calendars
        return self._out.to_representation(sla_summary(clock, calendars[complaint.desa_id]))


# --- the inbox: rows of plain values (complaints.selectors.LIST_FIELDS) ---------------------
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
    """The SLA of each row of one inbox page (`complaints.selectors.InboxRow`): the page's
    calendars read once, one `now` for every row, and the working days left counted once
    per desa and due day (a page's clocks share a handful of due days)."""

    def __init__(self, rows: list, zone) -> None:
        zones = {row.desa_id: row.desa__timezone for row in rows if row.sla__state}
        self.calendars = selectors.display_calendars_for_zones(zones) if zones else {}
        self.now = timezone.now()
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


# --- a desa's own days off ---------------------------------------------------------------------
class DesaDaysOffQueryIn(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2200)


class DesaDayOffIn(StrictIn):
    date = serializers.DateField(
        help_text="A working day, today or later in the desa's time zone, at most next year."
    )
    reason = serializers.CharField(
        max_length=120, help_text="Shown in the history of every complaint whose deadline moves."
    )


class DesaDayOffDateIn(serializers.Serializer):
    date = serializers.DateField()


class DesaDayOffOut(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField(source="name")


class DesaDayOffChangedOut(serializers.Serializer):
    date = serializers.DateField()
    deadlines_moved = serializers.IntegerField(
        help_text="Running deadlines of the desa this change moved (each complaint's history "
        "says so)."
    )

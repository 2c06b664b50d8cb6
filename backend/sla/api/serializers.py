"""The SLA part of a complaint's API representation (what it says: `sla.presentation`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import StrictIn
from complaints.models import Complaint
from sla import selectors
from sla.models import ClockState
from sla.presentation import clock_of, sla_summary


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


class MovedDeadlineOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    due_before = serializers.DateField(help_text="The working day it was due before the change.")
    due_after = serializers.DateField(help_text="The working day it is due now.")


class DesaDayOffChangedOut(serializers.Serializer):
    date = serializers.DateField()
    deadlines_moved = serializers.IntegerField(
        help_text="Running deadlines of the desa this change moved (each complaint's history "
        "says so)."
    )
    moved = MovedDeadlineOut(
        many=True, help_text="Which deadlines moved, in the complaints' order."
    )

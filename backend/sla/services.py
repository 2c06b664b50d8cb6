"""Every write to SLA clocks and the working-day calendar.

`sla_on_transition` runs at each move of `complaints.services.complaint_transition`
(connected to `complaints.hooks` by `SlaConfig.ready`) inside its transaction, with the
complaint row locked: it starts, pauses, resumes, restarts or stops the clock. The sweep's
per-complaint steps (`sla_remind`, `sla_escalate`) claim their work with a conditional
update, so a task delivered twice does nothing the second time.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from common.clock import current_time
from common.errors import NotFound
from complaints.models import Complaint, Note, Transition, Visibility
from complaints.state import Action, Status
from notifications import services as notifications
from regions.models import Level, Region
from sla import selectors
from sla.calendar import (
    WorkingCalendar,
    deadline_from,
    national_holidays,
    remaining_working_days,
)
from sla.dates import due_date_text
from sla.models import (
    CalendarChange,
    CalendarDay,
    ClockState,
    ComplaintSla,
    Escalation,
    SlaPolicy,
)

STOPPING = frozenset(
    {Status.ANSWERED, Status.REJECTED, Status.CLOSED, Status.DUPLICATE, Status.FORWARDED}
)


def _schedule(
    clock: ComplaintSla, calendar: WorkingCalendar, *, anchor_at: datetime, working_days: int
) -> None:
    """Set the deadline from an anchor; reminders not yet due (again) are re-armed."""
    computed = deadline_from(calendar, start=anchor_at, working_days=working_days)
    clock.anchor_at = anchor_at
    clock.anchor_on = calendar.local_date(anchor_at)
    clock.working_days = working_days
    clock.due_on = computed.due_on
    clock.deadline = computed.deadline
    clock.remind_2_at = computed.remind_2_at
    clock.remind_1_at = computed.remind_1_at
    now = current_time()
    if computed.remind_2_at is None or computed.remind_2_at > now:
        clock.reminded_2_at = None
    if computed.remind_1_at is None or computed.remind_1_at > now:
        clock.reminded_1_at = None


def _start(complaint: Complaint, at: datetime) -> None:
    days = selectors.working_days_for(desa=complaint.desa, priority=complaint.priority)
    clock = ComplaintSla(complaint=complaint, policy_days=days)
    _schedule(clock, selectors.calendar_for(complaint.desa), anchor_at=at, working_days=days)
    clock.state = ClockState.RUNNING
    clock.reminded_2_at = clock.reminded_1_at = clock.escalated_at = None
    clock.paused_at = clock.remaining_when_paused = clock.stopped_at = None
    clock.save()  # a reopened complaint's old clock is replaced: a new deadline


def sla_on_transition(*, complaint: Complaint, transition: Transition, **_: Any) -> None:
    """Start, pause, resume, restart or stop the clock of the complaint that just moved.

    Precondition: the complaint row is locked (`complaint_transition`); `complaint.desa`
    is loaded. Receipt starts the clock (from `complaint.received_at` when the receiving
    move set it earlier than now, else from the move); `needs_info` pauses it keeping the
    working days left; supplying the information resumes it with those days; an objection
    (reopened) starts a new deadline from the full policy; answered, rejected and closed
    stop it.
    """
    at = transition.at
    if transition.action == Action.RECEIVE:
        # A slip of the suggestion box counts from the opening day, not from its typing in.
        _start(complaint, complaint.received_at or at)
        return
    if transition.to_status == Status.REOPENED:
        _start(complaint, at)
        return
    clock = ComplaintSla.objects.select_for_update().filter(complaint=complaint).first()
    if clock is None:
        return
    if transition.to_status == Status.NEEDS_INFO and clock.state == ClockState.RUNNING:
        calendar = selectors.calendar_for(complaint.desa)
        left = (
            0
            if at >= clock.deadline
            else remaining_working_days(calendar, due_on=clock.due_on, now=at)
        )
        clock.state, clock.paused_at, clock.remaining_when_paused = ClockState.PAUSED, at, left
    elif transition.action == Action.SUPPLY_INFO and clock.state == ClockState.PAUSED:
        calendar = selectors.calendar_for(complaint.desa)
        _schedule(clock, calendar, anchor_at=at, working_days=clock.remaining_when_paused or 0)
        clock.state, clock.paused_at, clock.remaining_when_paused = ClockState.RUNNING, None, None
    elif transition.action in (Action.VERIFY, Action.PRIORITISE):
        if not _reprioritise(clock, complaint):
            return
    elif transition.to_status in STOPPING and clock.state != ClockState.STOPPED:
        clock.state, clock.stopped_at = ClockState.STOPPED, at
    else:
        return
    clock.save()


def _reprioritise(clock: ComplaintSla, complaint: Complaint) -> bool:
    """The clock under the complaint's new priority: its policy's working days, counted
    from the same anchor, so the days already spent stay spent (a paused clock keeps the
    difference for when it resumes). False when the policy's days are the same."""
    days = selectors.working_days_for(desa=complaint.desa, priority=complaint.priority)
    change = days - clock.policy_days
    if change == 0 or clock.state == ClockState.STOPPED:
        return False
    clock.policy_days = days
    if clock.state == ClockState.PAUSED:
        clock.remaining_when_paused = max((clock.remaining_when_paused or 0) + change, 0)
    else:
        calendar = selectors.calendar_for(complaint.desa)
        working_days = max(clock.working_days + change, 0)
        _schedule(clock, calendar, anchor_at=clock.anchor_at, working_days=working_days)
    return True


# --- the sweep's steps --------------------------------------------------------------------
@transaction.atomic
def sla_remind(*, complaint_id: int, now: datetime) -> int:
    """Claim the reminder due (level 1 or 2) and send it, computed now from the current
    deadline; returns the level claimed and sent, 0 when none was.

    The message says the working days actually left at `now` (after downtime that may be 1
    where the level was 2, or 0: "due today"). One claim closes every level already due, so
    a catch-up sends at most one reminder per complaint. A deadline already passed, or an
    escalated complaint, gets no reminder (the claim is kept: the escalation says it all);
    an answered one has a stopped clock and is not found.
    """
    running = ComplaintSla.objects.filter(complaint_id=complaint_id, state=ClockState.RUNNING)
    level = 0
    if running.filter(reminded_1_at__isnull=True, remind_1_at__lte=now).update(
        reminded_1_at=now, reminded_2_at=Coalesce(F("reminded_2_at"), now)
    ):
        level = 1
    elif running.filter(reminded_2_at__isnull=True, remind_2_at__lte=now).update(reminded_2_at=now):
        level = 2
    if not level:
        return 0
    clock = ComplaintSla.objects.select_related("complaint__desa", "complaint__assigned_to").get(
        complaint_id=complaint_id
    )
    if clock.escalated_at is not None or now >= clock.deadline:
        return 0
    calendar = selectors.calendar_for(clock.complaint.desa)
    notifications.notify_reminder(
        complaint=clock.complaint,
        level=level,
        days_left=remaining_working_days(calendar, due_on=clock.due_on, now=now),
        deadline=clock.deadline,
    )
    return level


@transaction.atomic
def sla_escalate(*, complaint_id: int, now: datetime) -> bool:
    """Mark a complaint past its deadline as escalated, once, and tell the village head."""
    claimed = ComplaintSla.objects.filter(
        complaint_id=complaint_id,
        state=ClockState.RUNNING,
        escalated_at__isnull=True,
        deadline__lte=now,
    ).update(escalated_at=now)
    if not claimed:
        return False
    clock = ComplaintSla.objects.select_related("complaint__desa").get(complaint_id=complaint_id)
    complaint = clock.complaint
    Escalation.objects.create(complaint=complaint, deadline=clock.deadline)
    Note.objects.create(
        complaint=complaint,
        author=None,
        body=_stored(
            gettext_noop(
                "Overdue: the deadline (%(deadline)s) passed; escalated to the village head."
            ),
            deadline=_local(clock.due_on),
        ),
        visibility=Visibility.STAFF,
    )
    notifications.notify_escalation(complaint=complaint, deadline=clock.deadline)
    return True


def _stored(message: str, **values: str) -> str:
    """History text in the site's language (Bahasa Indonesia), whatever language the request
    or task that happens to write it is running in: a timeline must not mix languages."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % values


def _local(day: date) -> str:
    """A deadline's last working day as the desa's people read it, for stored history text
    (see `_stored`)."""
    with translation.override(settings.LANGUAGE_CODE):
        return due_date_text(day)


# --- the calendar ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MovedDeadline:
    """A running deadline a calendar change moved: the complaint and its due day before and
    after."""

    tracking_code: str
    title: str
    due_before: date
    due_after: date


@transaction.atomic
def calendar_day_set(
    *, actor: User | None, day: date, kind: str, name: str = "", desa: Region | None = None
) -> CalendarDay:
    """Declare a national holiday or working day (no desa), or a desa's day off.

    Records the change, then recomputes the running deadlines it moves, each with a note
    in the complaint's history. Idempotent: the same day set twice changes nothing.
    """
    return _day_set(actor=actor, day=day, kind=kind, name=name, desa=desa)[0]


def _day_set(
    *, actor: User | None, day: date, kind: str, name: str, desa: Region | None
) -> tuple[CalendarDay, list[MovedDeadline]]:
    kind = CalendarDay.Kind(kind)
    if (desa is None) == (kind == CalendarDay.Kind.DAY_OFF):
        raise ValueError("a day off belongs to a desa; holidays and working days to none")
    row = CalendarDay.objects.select_for_update().filter(desa=desa, date=day).first()
    if row is not None and row.kind == kind and row.name == name:
        return row, []
    if row is None:
        row = CalendarDay(desa=desa, date=day)
    row.kind, row.name = kind, name
    row.save()
    return row, _changed(actor=actor, desa=desa, day=day, kind=kind, name=name, change="set")


@transaction.atomic
def calendar_day_clear(
    *, actor: User | None, day: date, desa: Region | None = None
) -> list[MovedDeadline]:
    """Undo an override or a day off: the day follows the library (and weekends) again.
    Returns the running deadlines that moved back."""
    row = CalendarDay.objects.select_for_update().filter(desa=desa, date=day).first()
    if row is None:
        return []
    row.delete()
    return _changed(actor=actor, desa=desa, day=day, kind=row.kind, name=row.name, change="cleared")


def _desa_today(desa: Region) -> date:
    return timezone.localdate(current_time(), timezone=ZoneInfo(desa.timezone))


@transaction.atomic
def desa_day_off_add(*, actor: User, desa: Region, day: date, reason: str) -> list[MovedDeadline]:
    """Declare `day` off for `desa`; returns the running deadlines it moved.

    Refused (ValidationError on `date`): a day before today in the desa's zone (the desa was
    open that day, and deadlines already reckoned with it must not shift under anyone), a
    Saturday, Sunday or holiday (not a working day already), a day already declared off, and
    a day after next year (the desa plans its year; a typo such as 2062 would sit unseen).
    The caller checked that the actor may manage the desa's calendar. The desa row is locked
    so two requests for the same day cannot both pass the duplicate check.
    """
    Region.objects.select_for_update().filter(pk=desa.pk).first()
    today = _desa_today(desa)
    calendar = selectors.calendar_for(desa, fresh=True)
    if day < today:
        problem = _("A day off can only be declared for today or a later date.")
    elif day.year > today.year + 1:
        problem = _("Choose a date no later than the end of next year.")
    elif day.weekday() >= 5:
        problem = _("This is a Saturday or Sunday: not a working day already.")
    elif calendar.is_holiday(day):
        name = national_holidays(day.year).get(day) or _("a holiday")
        problem = _("This is already a holiday (%(name)s).") % {"name": name}
    elif day in calendar.days_off:
        problem = _("This day is already a day off of the desa.")
    else:
        problem = None
    if problem:
        raise ValidationError({"date": problem})
    return _day_set(actor=actor, day=day, kind=CalendarDay.Kind.DAY_OFF, name=reason, desa=desa)[1]


@transaction.atomic
def desa_day_off_remove(*, actor: User, desa: Region, day: date) -> list[MovedDeadline]:
    """Withdraw a day off the desa declared; returns the running deadlines that moved back.

    NotFound when the day is not one of the desa's days off; ValidationError on `date` for a
    day that has passed (it stays on the record, as the deadlines reckoned with it do).
    """
    row = CalendarDay.objects.select_for_update().filter(desa=desa, date=day).first()
    if row is None:
        raise NotFound(_("This day is not a day off of the desa."))
    if day < _desa_today(desa):
        raise ValidationError({"date": _("A day off that has passed cannot be withdrawn.")})
    return calendar_day_clear(actor=actor, day=day, desa=desa)


def _changed(
    *, actor: User | None, desa: Region | None, day: date, kind: str, name: str, change: str
) -> list[MovedDeadline]:
    keys = [selectors.desa_key(desa.pk)] if desa else [selectors.NATIONAL_KEY]
    cache.delete_many(keys)
    selectors.forget_display_calendars()
    transaction.on_commit(lambda: (cache.delete_many(keys), selectors.forget_display_calendars()))
    moved = _recompute(desa=desa, day=day, reason=name or formats.date_format(day))
    CalendarChange.objects.create(
        actor=actor,
        desa=desa,
        date=day,
        change=change,
        kind=kind,
        name=name,
        deadlines_moved=len(moved),
    )
    return moved


# Running clocks are recomputed in chunks of this many rows, each chunk one query for the
# clocks and one bulk update.
RECOMPUTE_CHUNK = 500


def _recompute(*, desa: Region | None, day: date, reason: str) -> list[MovedDeadline]:
    """Recompute running deadlines whose span (anchor, due] contains `day`; paused clocks
    keep their working days left and pick the new calendar up when they resume. Returns the
    deadlines that moved, in the complaints' order."""
    clocks = ComplaintSla.objects.filter(
        state=ClockState.RUNNING, anchor_on__lt=day, due_on__gte=day
    ).select_related("complaint__desa")
    if desa is not None:
        clocks = clocks.filter(complaint__desa=desa)
    moved: list[MovedDeadline] = []
    last = 0
    while True:
        chunk = list(
            clocks.filter(Q(complaint_id__gt=last))
            .select_for_update(of=("self",))
            .order_by("complaint_id")[:RECOMPUTE_CHUNK]
        )
        if not chunk:
            return moved
        last = chunk[-1].complaint_id
        calendars = selectors.calendars_for({c.complaint.desa for c in chunk}, fresh=True)
        changed, notes = [], []
        for clock in chunk:
            desa_of = clock.complaint.desa
            old, old_on = clock.deadline, clock.due_on
            _schedule(
                clock,
                calendars[desa_of.pk],
                anchor_at=clock.anchor_at,
                working_days=clock.working_days,
            )
            if clock.deadline == old:
                continue
            changed.append(clock)
            moved.append(
                MovedDeadline(clock.complaint.tracking_code, clock.complaint.title, old_on,
                              clock.due_on)
            )  # fmt: skip
            notes.append(
                Note(
                    complaint=clock.complaint,
                    author=None,
                    body=_stored(
                        gettext_noop(
                            "The deadline moved from %(old)s to %(new)s because the working-day "
                            "calendar changed (%(reason)s)."
                        ),
                        old=_local(old_on),
                        new=_local(clock.due_on),
                        reason=reason,
                    ),
                    visibility=Visibility.PUBLIC,
                )
            )
        ComplaintSla.objects.bulk_update(
            changed,
            [
                "due_on",
                "deadline",
                "remind_2_at",
                "remind_1_at",
                "reminded_2_at",
                "reminded_1_at",
            ],
        )
        Note.objects.bulk_create(notes)


def policy_check(policy: SlaPolicy) -> None:
    """A desa's policy may only tighten its kabupaten's: at most the kabupaten's working days
    (or the default) for the priority. Raises ValidationError on `working_days`."""
    if policy.region.level != Level.DESA:
        return
    limit = selectors.kabupaten_working_days(desa=policy.region, priority=policy.priority)
    if policy.working_days and policy.working_days > limit:
        raise ValidationError(
            {
                "working_days": _(
                    "A desa may only tighten its kabupaten's policy (at most %(days)s)."
                )
                % {"days": limit}
            }
        )

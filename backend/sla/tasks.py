"""The SLA sweep (beat) and the per-complaint steps it enqueues.

Deadlines live in PostgreSQL and the sweep finds them: nothing is scheduled ahead with a
countdown or eta (with Redis those run twice once past the visibility timeout). Each kind of
work is one indexed query, bounded; each per-complaint task claims its work with a
conditional update, so overlapping sweeps or redelivered tasks do nothing twice.
"""

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from common.clock import current_time
from common.errors import InvalidTransition
from complaints.models import Complaint
from complaints.services import complaint_transition
from complaints.state import Action, Capacity, Status
from sla.models import ClockState, ComplaintSla
from sla.services import sla_escalate, sla_remind

# Complaints taken per kind per sweep. A sweep runs every minute, so 1 000 a minute is far
# above what village offices produce; a backlog (after an outage) drains over a few sweeps
# instead of one giant query and a burst of tasks.
SWEEP_BATCH = 1000


def _objection_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.OBJECTION_WINDOW_DAYS)


def due_ids(now: datetime) -> dict[str, list[int]]:
    """The complaints needing each kind of action at `now`: one query per kind."""
    running = ComplaintSla.objects.filter(state=ClockState.RUNNING).order_by()
    reminders = running.filter(
        Q(remind_1_at__lte=now, reminded_1_at__isnull=True)
        | Q(remind_2_at__lte=now, reminded_2_at__isnull=True)
    )
    escalations = running.filter(deadline__lte=now, escalated_at__isnull=True)
    closing = Complaint.objects.filter(
        status=Status.ANSWERED, answered_at__lte=_objection_cutoff(now)
    ).order_by()
    return {
        "remind": list(reminders.values_list("complaint_id", flat=True)[:SWEEP_BATCH]),
        "escalate": list(escalations.values_list("complaint_id", flat=True)[:SWEEP_BATCH]),
        "close": list(closing.values_list("pk", flat=True)[:SWEEP_BATCH]),
    }


@shared_task
def sweep() -> dict[str, int]:
    """Periodic (config.celery): enqueue the reminders, escalations and auto-closes due."""
    now = current_time()
    found = due_ids(now)
    for pk in found["remind"]:
        remind.delay(pk, now.isoformat())
    for pk in found["escalate"]:
        escalate.delay(pk, now.isoformat())
    for pk in found["close"]:
        auto_close.delay(pk)
    return {kind: len(ids) for kind, ids in found.items()}


@shared_task
def remind(complaint_id: int, now: str) -> int:
    return sla_remind(complaint_id=complaint_id, now=datetime.fromisoformat(now))


@shared_task
def escalate(complaint_id: int, now: str) -> bool:
    return sla_escalate(complaint_id=complaint_id, now=datetime.fromisoformat(now))


@shared_task
def auto_close(complaint_id: int) -> bool:
    """Close an answered complaint nobody objected to within the window; nothing when it has
    moved on (objected, confirmed, answered again) since the sweep saw it."""
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update()
            .filter(
                pk=complaint_id,
                status=Status.ANSWERED,
                answered_at__lte=_objection_cutoff(current_time()),
            )
            .first()
        )
        if complaint is None:
            return False
        try:
            complaint_transition(
                complaint=complaint, action=Action.CLOSE, actor=None, as_capacity=Capacity.SYSTEM
            )
        except InvalidTransition:
            return False
    return True

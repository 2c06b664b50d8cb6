"""Reminders are computed when they are sent, from the current deadline: never a "1 working
day left" for a complaint past due, escalated or answered, and one message per complaint and
kind when the sweep catches up after downtime."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints.models import Complaint
from complaints.services import complaint_transition
from notifications.messages import render
from notifications.models import Notification
from notifications.services import _with_late_facts, notification_deliver
from sla import tasks
from tests.complaints.factories import complaint_in, submit

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def assigned_on(day: datetime, desa, officer, handler) -> Complaint:
    """P3 (5 working days), assigned to the handler, received at `day`."""
    with time_machine.travel(day, tick=False):
        return complaint_in("assigned", desa, officer=officer, handler=handler)


def run_sweep(at: datetime) -> dict[str, int]:
    """One beat of the sweep at `at`, its per-complaint tasks run as a worker would."""
    with time_machine.travel(at, tick=False):
        found = tasks.due_ids(at)
        for pk in found["remind"]:
            tasks.remind(pk, at.isoformat())
        for pk in found["escalate"]:
            tasks.escalate(pk, at.isoformat())
        for pk in found["close"]:
            tasks.auto_close(pk)
    return {kind: len(ids) for kind, ids in found.items()}


@pytest.fixture
def staff(desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a):
    pejabat_desa_a.email = "pejabat@jagabaya.desa.id"
    pejabat_desa_a.save()
    return desa_a, operator_desa_a, pejabat_desa_a


def messages_of(complaint: Complaint, template: str, username: str = "pejabat.a") -> list:
    return list(
        Notification.objects.filter(
            complaint=complaint, template=template, recipient__username=username
        ).order_by("id")
    )


def test_a_sweep_after_three_days_of_downtime_sends_one_true_message_per_complaint(staff):
    desa, officer, handler = staff
    # Due Monday 9 March: reminders Thursday 5 (2 left) and Friday 6 March (1 left).
    due_monday = assigned_on(wib(2026, 3, 2, 9), desa, officer, handler)
    # Due Friday 6 March (received Friday 27 February): its deadline passes in the outage.
    due_friday = assigned_on(wib(2026, 2, 27, 9), desa, officer, handler)
    # Answered before the outage: nothing is due for it, whatever the clock had planned.
    answered = assigned_on(wib(2026, 3, 2, 9), desa, officer, handler)
    with time_machine.travel(wib(2026, 3, 4, 10), tick=False):
        advance_answered(answered, officer, handler)
    run_sweep(wib(2026, 3, 4, 12))  # the last sweep before the outage
    before = Notification.objects.filter(template__in=["reminder", "escalated"]).count()

    # Down from Wednesday noon to Saturday noon; the first sweep back catches up.
    first = run_sweep(wib(2026, 3, 7, 12))
    again = run_sweep(wib(2026, 3, 7, 12, 1))

    assert first["escalate"] == 1 and again == {"remind": 0, "escalate": 0, "close": 0}
    [reminder] = [n for n in messages_of(due_monday, "reminder") if n.channel == "in_app"]
    assert reminder.payload["days_left"] == 1  # Monday is left, whatever level was missed
    assert len(messages_of(due_monday, "reminder")) == 2  # in the app and by email, once
    # Past due: escalated, never "1 working day left" (its only reminder came before).
    assert [n.payload["days_left"] for n in messages_of(due_friday, "reminder")] == [2, 2]
    assert len(messages_of(due_friday, "escalated", "kades.a")) == 1
    assert messages_of(answered, "reminder") == []
    text = render("reminder", _with_late_facts(reminder), "id").text
    assert "Senin, 9 Maret 2026" in text
    # The catch-up's new messages: one reminder (handler in the app and by email, intake
    # officer in the app) and one escalation (the village head, in the app).
    after = Notification.objects.filter(template__in=["reminder", "escalated"]).count()
    assert after - before == 4


def advance_answered(complaint, officer, handler):
    complaint_transition(complaint=complaint, action="start", actor=handler)
    complaint_transition(complaint=complaint, action="answer", actor=handler, answer="Beres.")


def test_a_catch_up_on_the_last_day_says_due_today(staff):
    desa, officer, handler = staff
    complaint = assigned_on(wib(2026, 3, 2, 9), desa, officer, handler)

    run_sweep(wib(2026, 3, 9, 8))  # down since before Thursday; Monday is the last day

    [reminder] = [n for n in messages_of(complaint, "reminder") if n.channel == "in_app"]
    assert reminder.payload["days_left"] == 0
    message = render("reminder", _with_late_facts(reminder), "en")
    assert message.subject == f"Reminder: complaint {complaint.tracking_code} is due today"


def test_an_email_reminder_waiting_in_the_outbox_is_not_sent_once_answered(staff):
    desa, officer, handler = staff
    complaint = assigned_on(wib(2026, 3, 2, 9), desa, officer, handler)
    run_sweep(wib(2026, 3, 5, 7))
    [email] = [n for n in messages_of(complaint, "reminder") if n.channel == "email"]
    with time_machine.travel(wib(2026, 3, 5, 8), tick=False):
        advance_answered(complaint, officer, handler)

        assert notification_deliver(notification_id=email.pk) == "failed"
    email.refresh_from_db()
    assert email.last_error.startswith("Overtaken")


def test_an_email_reminder_sent_late_counts_the_days_left_when_it_leaves(staff):
    desa, officer, handler = staff
    complaint = assigned_on(wib(2026, 3, 2, 9), desa, officer, handler)
    run_sweep(wib(2026, 3, 5, 7))
    [email] = [n for n in messages_of(complaint, "reminder") if n.channel == "email"]

    with time_machine.travel(wib(2026, 3, 6, 9), tick=False):
        facts = _with_late_facts(email)

    assert (email.payload["days_left"], facts["days_left"]) == (2, 1)


def test_a_submitted_complaint_has_no_reminder(desa_a):
    complaint = submit(desa_a).complaint

    assert run_sweep(wib(2026, 3, 9, 8))["remind"] == 0
    assert not Notification.objects.filter(complaint=complaint, template="reminder").exists()

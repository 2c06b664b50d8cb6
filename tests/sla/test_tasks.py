"""The sweep's steps, run in-process against PostgreSQL: each is idempotent."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from complaints.models import Complaint
from notifications.models import Notification
from sla import tasks
from sla.models import ComplaintSla, Escalation
from tests.complaints.factories import complaint_in

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def assigned(desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a):
    """P3, received Monday 2 March 2026 09:00 WIB, due Monday 9 March; handler has email."""
    pejabat_desa_a.email = "pejabat@jagabaya.desa.id"
    pejabat_desa_a.save()
    kades_desa_a.email = "kades@jagabaya.desa.id"
    kades_desa_a.save()
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        return complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)


def test_the_sweep_finds_each_kind_when_due_and_not_before(assigned):
    before = datetime(2026, 3, 5, 6, 59, tzinfo=WIB)
    two_left = datetime(2026, 3, 5, 7, 0, tzinfo=WIB)
    passed = datetime(2026, 3, 10, 0, 0, tzinfo=WIB)

    assert tasks.due_ids(before) == {"remind": [], "escalate": [], "close": []}
    assert tasks.due_ids(two_left)["remind"] == [assigned.pk]
    assert tasks.due_ids(passed)["escalate"] == [assigned.pk]


def test_a_reminder_is_sent_once_per_level_to_handler_and_intake(assigned, operator_desa_a):
    now = datetime(2026, 3, 5, 7, 0, tzinfo=WIB)

    first = tasks.remind(assigned.pk, now.isoformat())
    again = tasks.remind(assigned.pk, now.isoformat())
    last_day = tasks.remind(assigned.pk, datetime(2026, 3, 6, 7, 0, tzinfo=WIB).isoformat())

    assert (first, again, last_day) == (2, 0, 1)
    reminders = Notification.objects.filter(template="reminder")
    assert {(n.recipient.username, n.channel, n.payload["days_left"]) for n in reminders} == {
        ("pejabat.a", "in_app", 2), ("pejabat.a", "email", 2), ("petugas.a", "in_app", 2),
        ("pejabat.a", "in_app", 1), ("pejabat.a", "email", 1), ("petugas.a", "in_app", 1),
    }  # fmt: skip


def test_the_deadline_escalates_once_with_a_record_on_the_complaint(assigned, api, operator_desa_a):
    now = datetime(2026, 3, 10, 0, 1, tzinfo=WIB)

    results = [tasks.escalate(assigned.pk, now.isoformat()) for _ in range(3)]

    assert results == [True, False, False]
    assert Escalation.objects.filter(complaint=assigned).count() == 1
    heads = Notification.objects.filter(template="escalated")
    assert {(n.recipient.username, n.channel) for n in heads} == {
        ("kades.a", "in_app"),
        ("kades.a", "email"),
    }
    body = api(operator_desa_a).get(f"/api/v1/complaints/{assigned.tracking_code}/").json()
    assert body["sla"]["escalated_at"] is not None
    assert any("dieskalasi" in e["note"] for e in body["timeline"] if e["type"] == "note")


def test_answered_complaints_close_after_the_objection_window(
    desa_a, operator_desa_a, pejabat_desa_a, settings
):
    answered = complaint_in("answered", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    fresh = complaint_in("answered", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    old = timezone.now() - timedelta(days=settings.OBJECTION_WINDOW_DAYS, minutes=1)
    Complaint.objects.filter(pk=answered.pk).update(answered_at=old)

    assert tasks.due_ids(timezone.now())["close"] == [answered.pk]
    assert [tasks.auto_close(answered.pk), tasks.auto_close(answered.pk)] == [True, False]
    assert tasks.auto_close(fresh.pk) is False
    answered.refresh_from_db()
    assert answered.status == "closed"
    assert answered.transitions.last().capacity == "system"
    assert ComplaintSla.objects.get(complaint=answered).state == "stopped"

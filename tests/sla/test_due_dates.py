"""A deadline is read as a working date — the last working day — in messages, history,
printables and the API alike; the instant stored for the sweep is the end of that day."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.models import Complaint
from notifications.messages import render
from notifications.models import Notification
from notifications.services import _with_late_facts
from sla import tasks
from sla.calendar import national_holidays
from sla.dates import due_date_text
from sla.models import ComplaintSla
from tests.complaints.factories import complaint_in

WIB = ZoneInfo("Asia/Jakarta")

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]  # fmt: skip
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# "Rabu, 9 Desember 2026": read back independently of the formatter.
WORKING_DATE = re.compile(rf"({'|'.join(HARI)}), (\d{{1,2}}) (\w+) (\d{{4}})")


def _read_back(text: str) -> date:
    weekday, day, month, year = WORKING_DATE.search(text).groups()
    read = date(int(year), BULAN.index(month) + 1, int(day))
    assert HARI[read.weekday()] == weekday, text
    return read


def _message(complaint: Complaint, template: str, language: str = "id") -> str:
    row = Notification.objects.filter(complaint=complaint, template=template).first()
    return render(row.template, _with_late_facts(row), language).text


def test_the_received_message_names_the_last_working_day_not_the_next_midnight(
    desa_a, operator_desa_a
):
    # P3 (5 working days) received Wednesday 2 December 2026: due Wednesday 9 December.
    with time_machine.travel(datetime(2026, 12, 2, 9, tzinfo=WIB), tick=False):
        complaint = complaint_in("received", desa_a, officer=operator_desa_a)
    clock = ComplaintSla.objects.get(complaint=complaint)

    assert clock.due_on == date(2026, 12, 9)
    assert clock.deadline == datetime(2026, 12, 10, 0, 0, tzinfo=WIB)  # the end of 9 Dec
    assert "paling lambat Rabu, 9 Desember 2026." in _message(complaint, "received")
    assert "by Wednesday, 9 December 2026." in _message(complaint, "received", "en")
    assert "10 Des" not in _message(complaint, "received")


def test_assignment_reminder_and_escalation_name_the_same_day(
    desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a
):
    with time_machine.travel(datetime(2026, 12, 2, 9, tzinfo=WIB), tick=False):
        complaint = complaint_in(
            "assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a
        )
    tasks.remind(complaint.pk, datetime(2026, 12, 8, 7, tzinfo=WIB).isoformat())
    tasks.escalate(complaint.pk, datetime(2026, 12, 10, 0, 1, tzinfo=WIB).isoformat())

    for template in ("assigned", "reminder", "escalated"):
        assert _read_back(_message(complaint, template)) == date(2026, 12, 9), template
    note = complaint.notes.get(author=None).body
    assert "Rabu, 9 Desember 2026" in note and "0.00" not in note


def test_a_message_queued_with_only_the_instant_still_reads_the_working_day():
    payload = {"code": "K", "title": "t", "desa": "Jagabaya", "tz": "Asia/Jakarta",
               "deadline": "2026-12-09T17:00:00+00:00", "days": 5}  # fmt: skip

    assert "paling lambat Rabu, 9 Desember 2026" in render("received", payload, "id").text


def _near_holidays() -> list[date]:
    days = set()
    for year in (2025, 2026, 2027):
        for holiday in national_holidays(year):
            days.update(holiday + timedelta(days=d) for d in range(-9, 2))
    return sorted(day for day in days if date(2025, 1, 1) <= day <= date(2027, 12, 31))


receipt_days = st.one_of(
    st.sampled_from(_near_holidays()),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
)


@pytest.mark.slow  # forty generated receipt days, each through the services
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(day=receipt_days, hour=st.integers(min_value=0, max_value=23))
def test_the_date_in_every_message_is_the_due_date_the_api_gives(
    desa_a, operator_desa_a, api, day, hour
):
    with time_machine.travel(datetime.combine(day, time(hour), tzinfo=WIB), tick=False):
        complaint = complaint_in("received", desa_a, officer=operator_desa_a)
        body = api(operator_desa_a).get(f"/api/v1/complaints/{complaint.tracking_code}/")
    assert body.status_code == 200, body.json()
    due_on = date.fromisoformat(body.json()["sla"]["due_on"])

    message = _message(complaint, "received")
    assert "paling lambat" in message and _read_back(message) == due_on
    with translation.override("en"):
        assert f"by {due_date_text(due_on)}." in _message(complaint, "received", "en")
    assert due_on.weekday() < 5 and due_on not in national_holidays(due_on.year)
    clock = ComplaintSla.objects.get(complaint=complaint)
    assert clock.deadline == datetime.combine(due_on + timedelta(days=1), time.min, tzinfo=WIB)

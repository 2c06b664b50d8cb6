"""The SLA clock follows the complaint: receipt, needs_info, resumption, answer, objection;
calendar changes move open deadlines and say so in the history.

The Monday complaint most tests read, with its officer, is built once for the module
(`built_once`): each test's transitions and calendar changes roll back at its end. It is
the module's only open clock, as it was each test's before (the calendar tests count the
deadlines they move).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from complaints.services import complaint_transition
from complaints.state import Capacity
from regions.models import Region
from sla.admin import SlaPolicyForm
from sla.models import CalendarChange, CalendarDay, ComplaintSla, SlaPolicy
from sla.services import calendar_day_clear, calendar_day_set, policy_check
from tests.complaints.factories import advance, complaint_in, submit
from tests.conftest import make_desa_a, make_operator_desa_a

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def build_module():
    """The officer and the Monday complaint, made once for the module (received in the same
    travelled moment as before, so every date below means what it says)."""
    desa_a = make_desa_a()
    operator_desa_a = make_operator_desa_a(desa_a)
    with time_machine.travel(wib(2026, 3, 2, 9, 0), tick=False):
        complaint = complaint_in("received", desa_a, officer=operator_desa_a)
    return operator_desa_a, complaint


@pytest.fixture
def operator_desa_a(built):
    """The built officer, not a second user with the same username."""
    return built[0]


@pytest.fixture
def received_monday(built):
    """A P3 complaint (5 working days) received Monday 2 March 2026: due Monday 9 March."""
    return built[1]


def test_receipt_starts_the_clock_from_the_policy_default(received_monday):
    clock = ComplaintSla.objects.get(complaint=received_monday)

    assert received_monday.priority == "P3"
    assert (clock.state, clock.policy_days, clock.due_on) == ("running", 5, date(2026, 3, 9))
    assert clock.deadline == wib(2026, 3, 10, 0, 0)


def test_a_submitted_complaint_has_no_clock_yet(desa_a):
    complaint = submit(desa_a).complaint

    assert not ComplaintSla.objects.filter(complaint=complaint).exists()


def test_kabupaten_policy_applies_and_a_desa_may_only_tighten_it(desa_a, operator_desa_a):
    ciamis = Region.objects.get(code="32.07")
    SlaPolicy.objects.create(region=ciamis, priority="P3", working_days=4)
    form = SlaPolicyForm(data={"region": desa_a.pk, "priority": "P3", "working_days": 6})
    with translation.override("id"):  # Indonesian first, whatever an earlier test activated
        assert not form.is_valid()
        assert "paling lama 4" in str(form.errors["working_days"])
    with pytest.raises(ValidationError):
        policy_check(SlaPolicy(region=desa_a, priority="P3", working_days=6))
    assert SlaPolicyForm(
        data={"region": desa_a.pk, "priority": "P3", "working_days": 4}
    ).is_valid()  # as tight as the kabupaten's is allowed

    looser = SlaPolicy(region=desa_a, priority="P3", working_days=6)
    looser.save()  # even saved past validation, it cannot loosen the kabupaten's policy
    with time_machine.travel(wib(2026, 3, 2, 9, 0), tick=False):
        kabupaten = complaint_in("received", desa_a, officer=operator_desa_a)
    SlaPolicy.objects.filter(pk=looser.pk).update(working_days=2)
    with time_machine.travel(wib(2026, 3, 2, 9, 0), tick=False):
        tightened = complaint_in("received", desa_a, officer=operator_desa_a)

    assert ComplaintSla.objects.get(complaint=kabupaten).due_on == date(2026, 3, 6)
    assert ComplaintSla.objects.get(complaint=tightened).due_on == date(2026, 3, 4)


def test_needs_info_pauses_and_the_clock_resumes_with_the_days_left(
    received_monday, operator_desa_a
):
    with time_machine.travel(wib(2026, 3, 4, 10, 0), tick=False):
        complaint_transition(
            complaint=received_monday,
            action="request_info",
            actor=operator_desa_a,
            note="Foto lokasi?",
        )
    paused = ComplaintSla.objects.get(complaint=received_monday)
    with time_machine.travel(wib(2026, 3, 10, 8, 0), tick=False):
        complaint_transition(
            complaint=received_monday,
            action="supply_info",
            actor=None,
            as_capacity=Capacity.REPORTER,
            note="Foto terlampir.",
        )
    resumed = ComplaintSla.objects.get(complaint=received_monday)

    # Paused on Wednesday with 5, 6 and 9 March left; resumed Tuesday 10 → 11, 12, 13.
    assert (paused.state, paused.remaining_when_paused) == ("paused", 3)
    assert (resumed.state, resumed.due_on) == ("running", date(2026, 3, 13))


def test_answer_stops_and_an_objection_starts_a_new_deadline(
    desa_a, operator_desa_a, pejabat_desa_a, warga
):
    with time_machine.travel(wib(2026, 3, 2, 9, 0), tick=False):
        complaint = complaint_in(
            "answered", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
        )
    stopped = ComplaintSla.objects.get(complaint=complaint)
    with time_machine.travel(wib(2026, 3, 5, 9, 0), tick=False):
        complaint_transition(
            complaint=complaint,
            action="object",
            actor=None,
            as_capacity=Capacity.REPORTER,
            reason="Masih tersumbat.",
        )
    restarted = ComplaintSla.objects.get(complaint=complaint)

    assert stopped.state == "stopped"
    assert (restarted.state, restarted.due_on) == ("running", date(2026, 3, 12))


def test_a_new_national_holiday_moves_open_deadlines_and_the_history_says_so(
    received_monday, admin_kabupaten, api, operator_desa_a
):
    with time_machine.travel(wib(2026, 3, 3, 9, 0), tick=False):
        calendar_day_set(
            actor=admin_kabupaten, day=date(2026, 3, 5), kind="holiday", name="Cuti bersama SKB"
        )
    moved = ComplaintSla.objects.get(complaint=received_monday)
    change = CalendarChange.objects.get()
    timeline = api(operator_desa_a).get(f"/api/v1/complaints/{received_monday.tracking_code}/")

    assert moved.due_on == date(2026, 3, 10)
    assert (change.actor, change.change, change.deadlines_moved) == (admin_kabupaten, "set", 1)
    notes = [e["note"] for e in timeline.json()["timeline"] if e["type"] == "note"]
    assert any("Cuti bersama SKB" in note for note in notes), notes

    calendar_day_clear(actor=admin_kabupaten, day=date(2026, 3, 5))

    assert ComplaintSla.objects.get(complaint=received_monday).due_on == date(2026, 3, 9)
    assert CalendarChange.objects.count() == 2
    assert not CalendarDay.objects.exists()


def test_a_desa_day_off_moves_only_that_desa(
    received_monday, desa_b, operator_desa_b, admin_kabupaten
):
    with time_machine.travel(wib(2026, 3, 2, 9, 0), tick=False):
        klero = complaint_in("received", desa_b, officer=operator_desa_b)

    calendar_day_set(
        actor=admin_kabupaten, day=date(2026, 3, 6), kind="day_off", name="Merti desa", desa=desa_b
    )

    assert ComplaintSla.objects.get(complaint=klero).due_on == date(2026, 3, 10)
    assert ComplaintSla.objects.get(complaint=received_monday).due_on == date(2026, 3, 9)


def test_deadline_and_remaining_days_are_in_the_detail_and_the_list(
    received_monday, api, operator_desa_a, desa_a
):
    submit(desa_a)  # not received: no clock

    with time_machine.travel(wib(2026, 3, 5, 12, 0), tick=False):
        client = api(operator_desa_a)  # a token issued in the travelled time
        detail = client.get(f"/api/v1/complaints/{received_monday.tracking_code}/")
        listing = client.get("/api/v1/complaints/")

    assert detail.status_code == 200, detail.json()
    sla = detail.json()["sla"]
    assert sla["due_on"] == "2026-03-09"
    assert sla["deadline"].startswith("2026-03-10T00:00:00")
    assert (sla["remaining_working_days"], sla["overdue"], sla["state"]) == (2, False, "running")
    rows = {row["tracking_code"]: row["sla"] for row in listing.json()["results"]}
    assert rows[received_monday.tracking_code] == sla
    assert sorted(rows.values(), key=bool)[0] is None


def test_the_list_stays_constant_in_queries_with_clocks(
    api, operator_desa_a, pejabat_desa_a, desa_a, django_assert_max_num_queries
):
    for status in ["received", "assigned", "in_progress", "answered"] * 3:
        complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    client = api(operator_desa_a)
    client.get("/api/v1/complaints/")

    # user, memberships, scope check, the page with the clocks joined (calendar cached)
    with django_assert_max_num_queries(4):
        r = client.get("/api/v1/complaints/?page_size=50")

    assert r.status_code == 200
    assert all(row["sla"] for row in r.json()["results"])


def test_reporter_tracking_view_shows_the_deadline(api, desa_a, operator_desa_a):
    with time_machine.travel(wib(2026, 3, 2, 9, 0), tick=False):
        submitted = submit(desa_a)
        advance(submitted.complaint, "received", officer=operator_desa_a)
        r = api().post(
            "/api/v1/track/", {"code": submitted.complaint.tracking_code, "pin": submitted.pin}
        )

    assert r.status_code == 200, r.json()
    assert r.json()["sla"]["due_on"] == "2026-03-09"

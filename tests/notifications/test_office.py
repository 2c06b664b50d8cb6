"""The office is told: a complaint no officer recorded, information the reporter supplied,
an objection — once each — and a complaint left waiting in `submitted`."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints.models import Channel
from complaints.services import complaint_record_for_reporter, complaint_transition
from complaints.state import Capacity
from notifications.messages import render
from notifications.models import Notification
from notifications.services import notify_new_complaint, notify_waiting_intake
from notifications.tasks import remind_waiting
from tests.accounts.factories import user_with
from tests.complaints.factories import PATH, complaint_in, submit

WIB = ZoneInfo("Asia/Jakarta")


def told(template: str) -> set[tuple[str, str]]:
    return {
        (n.recipient.username, n.channel)
        for n in Notification.objects.filter(template=template).select_related("recipient")
    }


@pytest.fixture
def office(desa_a, operator_desa_a, kades_desa_a, pejabat_desa_a, operator_desa_b):
    operator_desa_a.email = "petugas@jagabaya.desa.id"
    operator_desa_a.save()
    return desa_a


def test_a_web_complaint_tells_the_desas_intake_officers_once(office, operator_desa_a):
    complaint = submit(office).complaint

    notify_new_complaint(complaint=complaint)  # a second call queues nothing new

    assert told("new_complaint") == {("petugas.a", "in_app"), ("petugas.a", "email")}
    row = Notification.objects.get(template="new_complaint", channel="in_app")
    message = render(row.template, row.payload, "id")
    assert message.subject == f"Pengaduan baru {complaint.tracking_code} di Desa Jagabaya"
    assert "menunggu diterima" in message.text
    assert "Siti" not in message.text  # no identity in what the office is sent


def test_a_complaint_an_officer_typed_in_tells_nobody_new(office, operator_desa_a):
    submit(office, actor=operator_desa_a, channel=Channel.WALK_IN)

    assert told("new_complaint") == set()


def test_a_slip_of_the_suggestion_box_tells_nobody_new(office):
    team = user_with("box_team", office, username="tim.kotak")

    submit(office, actor=team, channel=Channel.SUGGESTION_BOX)

    assert told("new_complaint") == set()


def test_information_from_the_reporter_tells_the_intake_officers(office, operator_desa_a):
    complaint = complaint_in("needs_info", office, officer=operator_desa_a)

    complaint_transition(
        complaint=complaint,
        action="supply_info",
        actor=None,
        as_capacity=Capacity.REPORTER,
        note="Fotonya terlampir.",
    )

    assert told("info_supplied") == {("petugas.a", "in_app"), ("petugas.a", "email")}
    row = Notification.objects.get(template="info_supplied", channel="in_app")
    assert "Fotonya" not in render(row.template, row.payload, "id").text


def test_an_objection_tells_the_intake_officers_and_the_village_head(
    office, operator_desa_a, pejabat_desa_a
):
    complaint = complaint_in("answered", office, officer=operator_desa_a, handler=pejabat_desa_a)

    complaint_transition(
        complaint=complaint,
        action="object",
        actor=None,
        as_capacity=Capacity.REPORTER,
        reason="Masih tersumbat.",
    )

    assert told("objected") == {
        ("petugas.a", "in_app"),
        ("petugas.a", "email"),
        ("kades.a", "in_app"),
    }


def test_an_objection_recorded_by_an_officer_tells_the_others_not_them(
    office, operator_desa_a, pejabat_desa_a
):
    other = user_with("intake_officer", office, username="petugas.a2")
    complaint = submit(office, actor=operator_desa_a, channel=Channel.WALK_IN).complaint
    for action, who, fields in PATH["answered"][1:]:  # received at once, as typed in
        actor = operator_desa_a if who == "officer" else pejabat_desa_a
        complaint_transition(complaint=complaint, action=action, actor=actor, **fields)

    complaint_record_for_reporter(
        complaint=complaint,
        actor=operator_desa_a,
        action="object",
        conveyed="in_person",
        reason="Masih tersumbat.",
    )

    assert told("objected") == {(other.username, "in_app"), ("kades.a", "in_app")}


def test_a_complaint_waiting_over_a_working_day_reminds_the_officers_once(office, operator_desa_a):
    officer = operator_desa_a
    # Submitted Friday 6 March 2026 10:00: the next working day is Monday 9 March.
    with time_machine.travel(datetime(2026, 3, 6, 10, tzinfo=WIB), tick=False):
        complaint = submit(office).complaint
    with time_machine.travel(datetime(2026, 3, 6, 10, tzinfo=WIB), tick=False):
        received = submit(office).complaint
        complaint_transition(complaint=received, action="receive", actor=officer)

    monday_night = notify_waiting_intake(now=datetime(2026, 3, 9, 23, 59, tzinfo=WIB))
    tuesday = notify_waiting_intake(now=datetime(2026, 3, 10, 0, 1, tzinfo=WIB))
    again = notify_waiting_intake(now=datetime(2026, 3, 10, 9, tzinfo=WIB))
    with time_machine.travel(datetime(2026, 3, 11, 9, tzinfo=WIB), tick=False):
        by_beat = remind_waiting()

    assert (monday_night, tuesday, again, by_beat) == (0, 1, 0, 0)
    rows = Notification.objects.filter(template="waiting")
    assert {(n.complaint_id, n.recipient.username, n.channel) for n in rows} == {
        (complaint.pk, "petugas.a", "in_app"),
        (complaint.pk, "petugas.a", "email"),
    }
    text = render("waiting", rows[0].payload, "en").text
    assert "arrived on 6 March 2026 and still waits to be received" in text

"""Slips: each a complaint received on the opening's date, with its register entry and SLA."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Attachment, Channel, Complaint, ReporterIdentity, Transition
from complaints.state import Capacity, Status
from register.models import RegisterEntry
from sla.calendar import deadline_from
from sla.models import ComplaintSla
from sla.selectors import calendar_for, working_days_for
from suggestion_box.models import Slip
from tests.complaints.files import photo
from tests.suggestion_box.conftest import add_slip, open_box

pytestmark = pytest.mark.django_db

# A Thursday morning in Ciamis (02:00 UTC is 09:00 WIB), and the next morning.
OPENING_DAY = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
NEXT_DAY = datetime(2026, 3, 6, 3, 30, tzinfo=UTC)


def _url(opening) -> str:
    return f"/api/v1/desa/{opening.desa.code}/suggestion-box/openings/{opening.pk}/slips/"


@pytest.fixture
def opening(desa_a, box_a):
    with time_machine.travel(OPENING_DAY + timedelta(minutes=30), tick=False):
        return open_box(desa_a, box_a, declared=2, opened_at=OPENING_DAY)


def test_a_slip_becomes_a_complaint_received_with_a_register_number(opening, box_a):
    slip = add_slip(opening, box_a)

    complaint = slip.complaint
    assert complaint.channel == Channel.SUGGESTION_BOX
    assert complaint.status == Status.RECEIVED
    assert complaint.entered_by == box_a
    assert complaint.reporter_account is None
    receive = Transition.objects.get(complaint=complaint)
    assert (receive.actor, receive.capacity) == (box_a, Capacity.BOX_TEAM)
    assert RegisterEntry.objects.get(complaint=complaint).received_by == box_a


def test_a_slip_entered_the_next_day_is_registered_on_the_opening_day(opening, box_a, desa_a):
    with time_machine.travel(NEXT_DAY, tick=False):
        slip = add_slip(opening, box_a)

    entry = RegisterEntry.objects.get(complaint=slip.complaint)
    calendar = calendar_for(desa_a)
    assert entry.received_at == OPENING_DAY
    assert calendar.local_date(entry.received_at) == calendar.local_date(OPENING_DAY)
    assert Complaint.objects.get(pk=slip.complaint.pk).received_at == OPENING_DAY


def test_the_sla_deadline_of_a_late_entered_slip_counts_from_the_opening_day(
    opening, box_a, desa_a
):
    with time_machine.travel(NEXT_DAY, tick=False):
        slip = add_slip(opening, box_a)

    clock = ComplaintSla.objects.get(complaint=slip.complaint)
    calendar = calendar_for(desa_a)
    days = working_days_for(desa=desa_a, priority=slip.complaint.priority)
    from_opening = deadline_from(calendar, start=OPENING_DAY, working_days=days)
    from_typing = deadline_from(calendar, start=NEXT_DAY, working_days=days)
    assert from_opening.due_on != from_typing.due_on  # the dates tell the two apart
    assert clock.anchor_at == OPENING_DAY
    assert clock.anchor_on == calendar.local_date(OPENING_DAY)
    assert (clock.due_on, clock.deadline) == (from_opening.due_on, from_opening.deadline)


def test_an_intake_officer_entering_a_slip_also_dates_it_on_the_opening_day(
    opening, operator_desa_a
):
    with time_machine.travel(NEXT_DAY, tick=False):
        slip = add_slip(opening, operator_desa_a)

    receive = Transition.objects.get(complaint=slip.complaint)
    assert receive.capacity == Capacity.INTAKE
    assert RegisterEntry.objects.get(complaint=slip.complaint).received_at == OPENING_DAY


def test_slips_are_numbered_in_the_order_entered(opening, box_a, box_a2):
    first = add_slip(opening, box_a)
    second = add_slip(opening, box_a2)

    assert (first.number, second.number) == (1, 2)
    assert second.entered_by == box_a2


def test_a_named_slip_keeps_the_name_encrypted_without_nik_or_phone(opening, box_a):
    slip = add_slip(opening, box_a, anonymous=False, name="Ujang Sukmana")

    identity = ReporterIdentity.objects.get(complaint=slip.complaint)
    assert identity.name == "Ujang Sukmana"
    assert (identity.nik, identity.nik_index, identity.phone_index) == ("", "", "")
    assert not slip.complaint.anonymous


def test_a_named_slip_checks_the_phone_it_gives(api, opening, box_a):
    body = {
        "kind": "complaint",
        "category": "infrastruktur",
        "title": "Jalan berlubang",
        "description": "Di depan SD.",
        "anonymous": False,
        "name": "Ujang Sukmana",
    }

    bad = api(box_a).post(_url(opening), {**body, "phone": "12345"}, format="json")
    nameless = api(box_a).post(_url(opening), {**body, "name": " "}, format="json")
    good = api(box_a).post(_url(opening), {**body, "phone": "0812-3456-7890"}, format="json")

    assert bad.status_code == 400
    assert "phone" in bad.json()["fields"]
    assert nameless.status_code == 400
    assert "name" in nameless.json()["fields"]
    assert good.status_code == 201, good.json()
    complaint = Slip.objects.get(opening=opening).complaint
    assert ReporterIdentity.objects.get(complaint=complaint).phone == "+6281234567890"


def test_a_slip_photo_becomes_a_staff_only_attachment(api, opening, box_a):
    body = {
        "kind": "suggestion",
        "category": "lingkungan",
        "title": "Sampah di sungai",
        "description": "Tulisan tangan di slip.",
        "anonymous": "true",
        "photo": SimpleUploadedFile("slip.jpg", photo(), content_type="image/jpeg"),
    }

    r = api(box_a).post(_url(opening), body, format="multipart")

    assert r.status_code == 201, r.json()
    attachment = Attachment.objects.get(complaint__tracking_code=r.json()["slip"]["tracking_code"])
    assert (attachment.visibility, attachment.content_type) == ("staff", "image/jpeg")
    assert attachment.uploaded_by == box_a


def test_a_slip_photo_that_is_not_an_image_is_refused_and_no_complaint_stays(api, opening, box_a):
    body = {
        "kind": "suggestion",
        "category": "lingkungan",
        "title": "Sampah di sungai",
        "description": "Tulisan tangan di slip.",
        "anonymous": "true",
        "photo": SimpleUploadedFile("slip.jpg", b"GIF89a not a photo", content_type="image/jpeg"),
    }

    r = api(box_a).post(_url(opening), body, format="multipart")

    assert r.status_code == 400
    assert "file" in r.json()["fields"]
    assert not Complaint.objects.exists()
    assert not RegisterEntry.objects.exists()


def test_retrying_a_slip_with_the_same_idempotency_key_makes_one_complaint(api, opening, box_a):
    body = {
        "kind": "aspiration",
        "category": "bantuan-sosial",
        "title": "Data penerima bansos",
        "description": "Mohon data penerima diumumkan.",
        "anonymous": True,
    }
    client = api(box_a)

    first = client.post(_url(opening), body, format="json", HTTP_IDEMPOTENCY_KEY="slip-7f3a")
    again = client.post(_url(opening), body, format="json", HTTP_IDEMPOTENCY_KEY="slip-7f3a")
    other = client.post(_url(opening), body, format="json", HTTP_IDEMPOTENCY_KEY="slip-8b21")

    assert first.status_code == 201, first.json()
    assert again.status_code == 201, again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Complaint.objects.count() == 2  # the retry made none; another key is another slip
    assert other.json()["complete"] is True


def test_the_slip_answer_tells_whether_the_opening_is_complete(api, opening, box_a):
    body = {
        "kind": "information_request",
        "category": "administrasi-kependudukan",
        "title": "Syarat KK baru",
        "description": "Apa saja syaratnya?",
        "anonymous": True,
    }

    one = api(box_a).post(_url(opening), body, format="json")
    two = api(box_a).post(_url(opening), body, format="json")

    assert (one.json()["entered_count"], one.json()["complete"]) == (1, False)
    assert (two.json()["entered_count"], two.json()["complete"]) == (2, True)
    assert two.json()["slip"]["register_number"] == "002/PGD/JGB/2026"
    assert two.json()["slip"]["number"] == 2


def test_a_box_slip_that_says_urgent_keeps_it(desa_a, box_a):
    opening = open_box(desa_a, box_a, declared=2)

    said = add_slip(opening, box_a, urgent=True).complaint
    silent = add_slip(opening, box_a, title="Usul lain").complaint

    assert (said.reporter_urgent, silent.reporter_urgent) == (True, None)

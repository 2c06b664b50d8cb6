"""Notes are private by default and public on purpose: a staff-only note never reaches the
reporter's tracking, account view, notifications or the register's follow-up column."""

import pytest

from complaints.services import note_add
from notifications.models import Notification
from register.selectors import RegisterFilters, register_entries, register_rows
from tests.complaints.factories import submit

VERIFY = {"urgency": "medium", "impact": "medium"}

pytestmark = pytest.mark.django_db

PRIVATE = "Mohon segera, Pak Kasi."


def move(client, code, action, **fields):
    return client.post(
        f"/api/v1/complaints/{code}/transitions/", {"action": action, **fields}, format="json"
    )


def reporter_sees(api, submitted, warga) -> str:
    """Everything the reporter can read about the complaint, as one text."""
    code = submitted.complaint.tracking_code
    tracked = api().post("/api/v1/track/", {"code": code, "pin": submitted.pin}).json()
    account = api(warga).get(f"/api/v1/complaints/{code}/").json()
    told = Notification.objects.filter(complaint=submitted.complaint, recipient__isnull=True)
    told_account = Notification.objects.filter(complaint=submitted.complaint, recipient=warga)
    payloads = [row.payload for row in [*told, *told_account]]
    return f"{tracked} {account} {payloads}"


def book(desa) -> str:
    entries = register_entries(desa=desa, filters=RegisterFilters())
    return str([row.follow_up for row in register_rows(entries, desa=desa, viewer_keeps=True)])


def test_transition_notes_are_for_the_village_staff_unless_made_public(
    api, desa_a, operator_desa_a, pejabat_desa_a, warga
):
    submitted = submit(desa_a, actor=warga)
    code = submitted.complaint.tracking_code
    officer, official = api(operator_desa_a), api(pejabat_desa_a)
    for action, fields in (("receive", {}), ("verify", VERIFY)):
        r = move(officer, code, action, note=f"{action}: {PRIVATE}", **fields)
        assert r.status_code == 200, r.json()
    assert move(officer, code, "assign", note=PRIVATE).status_code == 200
    r = move(official, code, "start", note="Kami cek ke lokasi besok.", note_visibility="public")
    assert r.status_code == 200, r.json()

    staff = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()["timeline"]
    notes = {(e["action"], e["note"], e["visibility"]) for e in staff if e["note"]}
    assert ("assign", PRIVATE, "staff") in notes
    assert ("start", "Kami cek ke lokasi besok.", "public") in notes
    seen = reporter_sees(api, submitted, warga)
    assert PRIVATE not in seen
    assert "Kami cek ke lokasi besok." in seen
    # The reporter still sees that it moved, without the note.
    tracked = api().post("/api/v1/track/", {"code": code, "pin": submitted.pin}).json()
    assert [e["action"] for e in tracked["timeline"]] == ["receive", "verify", "assign", "start"]


def test_a_staff_note_stays_out_of_the_register_and_a_public_one_is_the_follow_up(
    api, desa_a, operator_desa_a, pejabat_desa_a, warga
):
    submitted = submit(desa_a, actor=warga)
    code = submitted.complaint.tracking_code
    for action, fields in (("receive", {}), ("verify", VERIFY), ("assign", {})):
        assert move(api(operator_desa_a), code, action, **fields).status_code == 200
    complaint = submitted.complaint
    complaint.refresh_from_db()
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Sudah dicek.", visibility="public")
    note_add(complaint=complaint, actor=pejabat_desa_a, body=PRIVATE, visibility="staff")

    assert book(desa_a) == str(["Sudah dicek."])
    assert PRIVATE not in reporter_sees(api, submitted, warga)
    # Free notes default to the staff too.
    r = api(pejabat_desa_a).post(f"/api/v1/complaints/{code}/notes/", {"body": "Internal."})
    assert r.status_code == 201 and r.json()["visibility"] == "staff"


def test_the_information_asked_for_is_the_reporters_by_its_nature(
    api, desa_a, operator_desa_a, warga
):
    submitted = submit(desa_a, actor=warga)
    code = submitted.complaint.tracking_code
    move(api(operator_desa_a), code, "receive")

    hidden = move(
        api(operator_desa_a), code, "request_info", note="Foto lokasi?", note_visibility="staff"
    )
    assert hidden.status_code == 400
    assert list(hidden.json()["fields"]) == ["note_visibility"]

    asked = move(api(operator_desa_a), code, "request_info", note="Foto lokasi?")
    assert asked.status_code == 200
    assert asked.json()["timeline"][-1]["visibility"] == "public"
    assert "Foto lokasi?" in reporter_sees(api, submitted, warga)


def test_the_reporters_views_name_positions_never_staff(
    api, desa_a, operator_desa_a, pejabat_desa_a, warga
):
    submitted = submit(desa_a, actor=warga)
    code = submitted.complaint.tracking_code
    for action, fields in (("receive", {}), ("verify", VERIFY), ("assign", {})):
        r = move(api(operator_desa_a), code, action, note_visibility="public", note="Ok.", **fields)
        assert r.status_code == 200, r.json()

    seen = reporter_sees(api, submitted, warga)
    account = api(warga).get(f"/api/v1/complaints/{code}/").json()

    assert account["assigned_position"] == "kasi_pemerintahan"
    assert account["assigned_to"] is None
    assert all(entry["actor_name"] is None for entry in account["timeline"])
    for person in (operator_desa_a, pejabat_desa_a):
        assert person.full_name not in seen and person.username not in seen

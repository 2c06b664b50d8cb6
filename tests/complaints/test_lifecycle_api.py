"""The life of a complaint through the API, for every role that takes part.

The personas and one complaint in each state the tests start from (submitted, received,
verified, assigned, in progress, answered) are made once for the module (`built_once`):
each test moves its own one and those moves roll back at its end, and no test counts or
lists complaints beyond the one it moves (the box team's list holds only what it typed), so
each test still sees what it saw with rows of its own.
"""

import pytest
from django.utils import timezone

from assignments.models import Assignment
from complaints.models import Complaint, Transition
from tests.accounts.factories import user_with
from tests.complaints.factories import advance, complaint_in, submit
from tests.conftest import handed_out, make_desa_a, make_personas

BODY = {
    "desa": "32.07.10.2010",
    "kind": "complaint",
    "category": "infrastruktur",
    "title": "Gorong-gorong tersumbat di RT 02",
    "description": "Air meluap ke jalan setiap hujan deras.",
    "anonymous": False,
    "reporter": {
        "name": "Siti Rahmawati",
        "nik": "3207105505900001",
        "phone": "0812-3456-7890",
        "address": "Dusun Cikupa RT 02/RW 01",
    },
}


def move(client, code, action, **fields):
    return client.post(f"/api/v1/complaints/{code}/transitions/", {"action": action, **fields})


def build_module() -> dict:
    """The personas, and a complaint of desa A in each state the tests start from. Every
    test calls as some of these people and moves one of these complaints, and rolls back
    what it writes: they are made once for the module."""
    desa_a = make_desa_a()
    built = make_personas(
        "warga", "operator_desa_a", "operator_desa_b", "pejabat_desa_a", "kades_desa_a"
    )
    officer, handler, warga = built["operator_desa_a"], built["pejabat_desa_a"], built["warga"]
    built["submitted"] = submit(desa_a)
    built["received"] = complaint_in("received", desa_a, officer=officer, reporter=warga)
    built["verified"] = complaint_in("verified", desa_a, officer=officer)
    built["assigned"] = complaint_in("assigned", desa_a, officer=officer, handler=handler)
    built["in_progress"] = complaint_in("in_progress", desa_a, officer=officer, handler=handler)
    built["answered"] = complaint_in(
        "answered", desa_a, officer=officer, handler=handler, reporter=warga
    )
    return built


warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a = handed_out(
    "warga", "operator_desa_a", "operator_desa_b", "pejabat_desa_a", "kades_desa_a"
)


@pytest.fixture
def submitted(built):
    """Submitted from the web without an account (`Submitted`: complaint and PIN)."""
    return built["submitted"]


@pytest.fixture
def received(built):
    """`warga`'s complaint, received by the office."""
    return built["received"]


(verified,) = handed_out("verified")


@pytest.fixture
def assigned(built):
    """Distributed to `pejabat_desa_a`."""
    return built["assigned"]


@pytest.fixture
def in_progress(built):
    """Started by `pejabat_desa_a`."""
    return built["in_progress"]


@pytest.fixture
def answered(built):
    """`warga`'s complaint, answered by `pejabat_desa_a`."""
    return built["answered"]


def test_full_path_from_submission_to_closed(
    api, warga, operator_desa_a, pejabat_desa_a, kades_desa_a
):
    # given: a resident submits from the phone
    submitted = api(warga).post("/api/v1/complaints/", BODY)
    assert submitted.status_code == 201, submitted.json()
    code = submitted.json()["tracking_code"]
    assert len(submitted.json()["pin"]) == 6
    assert submitted.json()["complaint"]["status"] == "submitted"
    officer, handler, resident = api(operator_desa_a), api(pejabat_desa_a), api(warga)

    # when: the office receives, verifies and distributes it (routing picks the position)
    for action, fields in [
        ("receive", {}),
        ("verify", {"urgency": "medium", "impact": "medium"}),
        ("assign", {}),
    ]:
        r = move(officer, code, action, **fields)
        assert r.status_code == 200, r.json()
    assert r.json()["assigned_position"] == "kasi_pemerintahan"
    assert r.json()["assigned_to"]["id"] == pejabat_desa_a.pk

    # and the official follows up, notes progress and answers
    assert move(handler, code, "start").status_code == 200
    note = handler.post(
        f"/api/v1/complaints/{code}/notes/", {"body": "Sudah disurvei.", "visibility": "public"}
    )
    assert note.status_code == 201, note.json()
    answered = move(handler, code, "answer", answer="Gorong-gorong sudah dibersihkan.")
    assert answered.status_code == 200, answered.json()

    # then: the reporter confirms and rates
    closed = move(resident, code, "confirm", rating=5, comment="Terima kasih")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed"
    assert closed.json()["answer"] == "Gorong-gorong sudah dibersihkan."
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.rating == 5 and complaint.closed_at is not None
    assert list(complaint.transitions.values_list("to_status", flat=True)) == [
        "received",
        "verified",
        "assigned",
        "in_progress",
        "answered",
        "closed",
    ]


def test_objection_reopens_then_reassign_and_answer_again(
    api, warga, pejabat_desa_a, kades_desa_a, desa_a, answered
):
    from tests.accounts.factories import MembershipFactory

    other = MembershipFactory(role="handler", region=desa_a, position="kasi_kesejahteraan").user
    complaint = answered
    code = complaint.tracking_code

    objected = move(api(warga), code, "object", reason="Masih tersumbat di ujung gang.")
    reassigned = move(api(kades_desa_a), code, "assign", assignee=other.pk)
    started = move(api(other), code, "start")
    answered = move(api(other), code, "answer", answer="Sudah dikeruk sampai ujung gang.")

    assert objected.status_code == 200 and objected.json()["status"] == "reopened"
    assert reassigned.status_code == 200, reassigned.json()
    assert reassigned.json()["assigned_position"] == "kasi_kesejahteraan"
    assert started.status_code == 200 and answered.status_code == 200, answered.json()
    history = list(
        Assignment.objects.filter(complaint=complaint).values_list("assignee", "ended_at")
    )
    assert [assignee for assignee, _ in history] == [pejabat_desa_a.pk, other.pk]
    assert history[0][1] is not None and history[1][1] is None
    # The first official no longer sees the complaint.
    assert api(pejabat_desa_a).get(f"/api/v1/complaints/{code}/").status_code == 404


def test_a_move_the_table_refuses_is_409_listing_the_allowed_moves(api, operator_desa_a, submitted):
    code = submitted.complaint.tracking_code

    r = move(api(operator_desa_a), code, "answer", answer="x")

    assert r.status_code == 409, r.json()
    assert r.json()["code"] == "invalid_transition"
    assert r.json()["allowed_actions"] == ["receive", "reject", "dismiss_spam", "mark_duplicate"]


def test_a_move_by_the_wrong_role_is_403(api, operator_desa_a, assigned):
    complaint = assigned

    r = move(api(operator_desa_a), complaint.tracking_code, "start")

    assert r.status_code == 403, r.json()
    assert r.json()["code"] == "permission_denied"
    assert r.json()["allowed_actions"] == ["reassign", "prioritise", "forward"]


def test_a_move_on_another_desas_complaint_is_404(api, operator_desa_b, submitted):
    code = submitted.complaint.tracking_code

    r = move(api(operator_desa_b), code, "receive")

    assert r.status_code == 404
    assert Complaint.objects.get(tracking_code=code).status == "submitted"


def test_rejection_needs_a_reason_that_the_reporter_reads(api, operator_desa_a, submitted):
    code = submitted.complaint.tracking_code

    without = move(api(operator_desa_a), code, "reject")
    rejected = move(api(operator_desa_a), code, "reject", reason="Sudah dilaporkan kemarin.")
    tracked = api().post("/api/v1/track/", {"code": code, "pin": submitted.pin})

    assert without.status_code == 400 and "reason" in without.json()["fields"]
    assert rejected.status_code == 200
    assert tracked.json()["status"] == "rejected"
    assert tracked.json()["rejection_reason"] == "Sudah dilaporkan kemarin."


def test_asking_for_information_pauses_until_the_reporter_supplies_it(
    api, operator_desa_a, submitted
):
    code = submitted.complaint.tracking_code
    move(api(operator_desa_a), code, "receive")

    asked = move(api(operator_desa_a), code, "request_info", note="Mohon kirim foto lokasi.")
    supplied = api().post(
        "/api/v1/track/transitions/",
        {"code": code, "pin": submitted.pin, "action": "supply_info", "note": "Dekat masjid."},
    )

    assert asked.json()["status"] == "needs_info"
    assert asked.json()["info_request"] == "Mohon kirim foto lokasi."
    assert supplied.status_code == 200, supplied.json()
    assert supplied.json()["status"] == "received"


def test_objection_after_the_window_is_refused(api, warga, answered, settings):
    complaint = answered
    Complaint.objects.filter(pk=complaint.pk).update(
        answered_at=timezone.now() - timezone.timedelta(days=settings.OBJECTION_WINDOW_DAYS + 1)
    )

    r = move(api(warga), complaint.tracking_code, "object", reason="Belum beres")

    assert r.status_code == 409, r.json()
    complaint.refresh_from_db()
    assert complaint.status == "answered"


@pytest.mark.parametrize("rating", [0, 6, "lima", None])
def test_confirm_needs_a_rating_from_1_to_5(api, warga, answered, rating):
    complaint = answered
    body = {} if rating is None else {"rating": rating}

    r = move(api(warga), complaint.tracking_code, "confirm", **body)

    assert r.status_code == 400, r.json()
    assert "rating" in r.json()["fields"]


def test_answer_needs_text_and_a_draft_counts(api, pejabat_desa_a, in_progress):
    complaint = in_progress
    handler = api(pejabat_desa_a)
    code = complaint.tracking_code

    empty = move(handler, code, "answer")
    draft = handler.put(f"/api/v1/complaints/{code}/answer-draft/", {"answer": "Draf jawaban."})
    answered = move(handler, code, "answer")

    assert empty.status_code == 400 and "answer" in empty.json()["fields"]
    assert draft.status_code == 204
    assert answered.status_code == 200 and answered.json()["answer"] == "Draf jawaban."


def test_a_draft_answer_is_not_shown_to_the_reporter_before_delivery(
    api, operator_desa_a, pejabat_desa_a, submitted
):
    advance(submitted.complaint, "in_progress", officer=operator_desa_a, handler=pejabat_desa_a)
    code = submitted.complaint.tracking_code
    api(pejabat_desa_a).put(f"/api/v1/complaints/{code}/answer-draft/", {"answer": "Rahasia."})

    tracked = api().post("/api/v1/track/", {"code": code, "pin": submitted.pin})

    assert tracked.json()["answer"] == ""


def test_staff_typing_a_walk_in_receives_it_at_once(api, operator_desa_a, desa_a):
    r = api(operator_desa_a).post("/api/v1/complaints/", {**BODY, "channel": "walk_in"})

    assert r.status_code == 201, r.json()
    complaint = Complaint.objects.get(tracking_code=r.json()["tracking_code"])
    assert complaint.status == "received"
    assert complaint.entered_by == operator_desa_a
    assert complaint.reporter_account is None
    assert Transition.objects.get(complaint=complaint).actor == operator_desa_a


def test_the_box_team_records_an_anonymous_slip(api, desa_a):
    from tests.accounts.factories import user_with

    box = user_with("box_team", desa_a)
    body = {**BODY, "channel": "suggestion_box", "anonymous": True, "kind": "suggestion"}
    body.pop("reporter")

    r = api(box).post("/api/v1/complaints/", body)
    mine = api(box).get("/api/v1/complaints/")

    assert r.status_code == 201, r.json()
    assert r.json()["complaint"]["status"] == "submitted"  # the intake officer receives it
    assert [c["tracking_code"] for c in mine.json()["results"]] == [r.json()["tracking_code"]]


def test_a_resident_cannot_claim_a_staff_channel(api, warga, desa_a):
    r = api(warga).post("/api/v1/complaints/", {**BODY, "channel": "walk_in"})

    assert r.status_code == 400
    assert "channel" in r.json()["fields"]


def test_complaint_response_lists_the_moves_the_caller_may_make_now(
    api, operator_desa_a, kades_desa_a, verified
):
    code = verified.tracking_code

    officer = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()
    head = api(kades_desa_a).get(f"/api/v1/complaints/{code}/").json()

    assert officer["allowed_actions"] == ["assign", "prioritise", "mark_duplicate", "forward"]
    assert head["allowed_actions"] == ["assign", "prioritise", "forward"]


def test_the_reporters_account_follows_and_answers_without_a_pin(
    api, warga, operator_desa_a, desa_a, received
):
    # The SPA's "Pengaduan saya" opens a complaint with the account alone.
    complaint = received
    code = complaint.tracking_code
    move(api(operator_desa_a), code, "request_info", note="Mohon kirim foto lokasi.")
    tetangga = user_with("resident", desa_a, username="tetangga")

    read = api(warga).get(f"/api/v1/complaints/{code}/")
    supplied = move(api(warga), code, "supply_info", note="Dekat masjid, foto menyusul.")
    stranger = move(api(tetangga), code, "supply_info", note="Bukan punya saya.")

    assert read.status_code == 200
    assert read.json()["allowed_actions"] == ["supply_info"]
    assert read.json()["info_request"] == "Mohon kirim foto lokasi."
    assert supplied.status_code == 200, supplied.json()
    assert supplied.json()["status"] == "received"
    assert stranger.status_code == 404
    assert Transition.objects.filter(complaint=complaint, action="supply_info").get().actor == warga

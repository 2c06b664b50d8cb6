"""The inbox and the detail cost a fixed number of queries, however much data there is.

Desa A's twenty complaints (four of each of five statuses), with the officer and the
handler, are built once for the module (`built_once`): every test here reads them or adds
to them and is rolled back. Tests that need desa A to hold only their own complaints (the
filters, the inbox rows against the serializer, an anonymous submission where no officer
exists) are in test_queries_own_rows.py.
"""

import copy

import pytest

from complaints.services import note_add
from sla.selectors import calendar_for
from tests.complaints.factories import complaint_in
from tests.conftest import handed_out, make_desa_a, make_operator_desa_a, make_pejabat_desa_a

STATUSES = ["submitted", "received", "assigned", "in_progress", "closed"]


def build_module() -> dict:
    """Twenty complaints through the real services, made once for the module."""
    desa_a = make_desa_a()
    officer, handler = make_operator_desa_a(desa_a), make_pejabat_desa_a(desa_a)
    complaints = [
        complaint_in(status, desa_a, officer=officer, handler=handler) for status in STATUSES * 4
    ]
    return {"desa_a": desa_a, "officer": officer, "handler": handler, "complaints": complaints}


@pytest.fixture
def built(built_for_module, db):
    """A copy of the built rows. Building them left desa A's working calendar in the
    build's cache (the SLA clock reads it): it is read into this test's own, so that a page
    makes the queries it made when each test built its complaints."""
    rows = copy.deepcopy(built_for_module)
    calendar_for(rows["desa_a"])
    return rows


(desa_a,) = handed_out("desa_a")


@pytest.fixture
def operator_desa_a(built):
    """The built officer, not a second user with the same username."""
    return built["officer"]


@pytest.fixture
def pejabat_desa_a(built):
    """The built handler, likewise."""
    return built["handler"]


def built_in(built, status):
    return next(c for c in built["complaints"] if c.status == status)


def test_inbox_query_count_does_not_grow_with_complaints(
    api, operator_desa_a, django_assert_max_num_queries
):
    # desa A's twenty built complaints, four of each status
    client = api(operator_desa_a)

    # the user with memberships, the page (the desa's branch beside the personal one)
    with django_assert_max_num_queries(2):
        r = client.get("/api/v1/complaints/?page_size=50")

    assert r.status_code == 200
    assert len(r.json()["results"]) == 20


def test_inbox_paginates_with_a_cursor(api, operator_desa_a):
    # desa A's twenty built complaints: more than two pages of two
    client = api(operator_desa_a)

    first = client.get("/api/v1/complaints/?page_size=2").json()
    second = client.get(first["next"]).json()

    seen = [c["tracking_code"] for c in first["results"] + second["results"]]
    assert len(set(seen)) == 4
    assert "count" not in first  # no COUNT(*) over the whole desa on every page


def test_detail_query_count_does_not_grow_with_history(
    api, built, warga, operator_desa_a, pejabat_desa_a, desa_a, django_assert_max_num_queries
):
    def detail_queries(complaint):
        client = api(operator_desa_a)
        # user with memberships; the complaint (joined: desa, category, clock, register
        # entry, assignee) with its moves, notes and files as subqueries
        with django_assert_max_num_queries(2) as captured:
            r = client.get(f"/api/v1/complaints/{complaint.tracking_code}/")
        assert r.status_code == 200
        return len(captured.captured_queries)

    short = built_in(built, "assigned")
    long = complaint_in(
        "reopened", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    for n in range(10):
        note_add(complaint=long, actor=pejabat_desa_a, body=f"Catatan {n}", visibility="public")

    assert detail_queries(long) == detail_queries(short)


def test_a_handler_s_detail_stays_within_three_queries(
    api, built, pejabat_desa_a, django_assert_max_num_queries
):
    complaint = built_in(built, "in_progress")  # assigned to pejabat_desa_a
    client = api(pejabat_desa_a)

    with django_assert_max_num_queries(3):  # the two above and whether a grant exists
        r = client.get(f"/api/v1/complaints/{complaint.tracking_code}/")

    assert r.status_code == 200 and r.json()["reporter_hidden"] is True


def test_hand_built_complaint_views_match_the_documented_serializers(
    api, warga, operator_desa_a, pejabat_desa_a, desa_a
):
    """The detail and the reporter's view are built by hand (presenters); the documented
    serializers, fed the same dicts, must render them unchanged: same keys, same types."""
    from complaints.api.serializers import ComplaintDetailOut, ComplaintPublicOut
    from complaints.models import Complaint
    from complaints.services import complaint_transition

    complaint = complaint_in(
        "answered",
        desa_a,
        officer=operator_desa_a,
        handler=pejabat_desa_a,
        reporter=warga,
        latitude="-7.123456",
        longitude="108.345678",
        location_text="Depan masjid",
    )
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Sudah dicek.", visibility="staff")
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Dikerjakan.", visibility="public")
    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk), actor=warga, action="confirm", rating=4
    )

    for user in [operator_desa_a, pejabat_desa_a, warga]:
        for language in ["id", "en"]:
            body = (
                api(user, language=language)
                .get(f"/api/v1/complaints/{complaint.tracking_code}/")
                .json()
            )
            assert ComplaintDetailOut(body).data == body
            assert body["latitude"] == "-7.123456" and body["rating"] == 4
            assert body["status"] == "closed" and body["sla"]["state"] == "stopped"
            public = {key: body[key] for key in ComplaintPublicOut().fields}
            assert ComplaintPublicOut(public).data == public
    reporter_notes = [e["note"] for e in body["timeline"] if e["type"] == "note"]
    assert reporter_notes == ["Dikerjakan."]  # the reporter's account sees public notes only

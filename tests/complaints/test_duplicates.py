"""Duplicates ("saya juga mengalami"): look-alike complaints for the intake officer, joining
a new report to an open one of the same desa, and what each reporter hears.

The office's people and the `primary` complaint are made once for the module (`built_once`):
each test only adds its own complaints and moves, which roll back at its end. Nothing else is
shared, so each test still sees exactly the primary beside what it makes itself. The refusals,
which share a complaint in each state, are in test_duplicates_refused.py.
"""

import pytest

from complaints.models import Complaint, Transition
from complaints.selectors import similar_complaints
from notifications.models import Notification
from register.models import RegisterEntry
from reports.models import Measure, Tally
from reports.rollup import tallies_from_complaints, tallies_stored
from sla.models import ClockState, ComplaintSla
from tests.accounts.factories import user_with
from tests.complaints.factories import complaint_in, submit
from tests.complaints.test_lifecycle_api import move
from tests.conftest import AROUND_A_COMPLAINT, handed_out, make_desa_a, make_personas

CULVERT = {"title": "Gorong-gorong tersumbat di RT 02", "description": "Air meluap ke jalan."}
CULVERT_AGAIN = {
    "title": "Gorong gorong RT 02 tersumbat sampah",
    "description": "Setiap hujan air meluap ke jalan desa.",
}
LAMP = {"title": "Lampu jalan mati di dusun Cikupa", "description": "Sudah seminggu gelap."}


def similar(client, code):
    return client.get(f"/api/v1/complaints/{code}/similar/")


def build_module() -> dict:
    """The personas the tests call as, and one verified culvert complaint of desa A. Every
    test calls as some of these people, most against the same verified complaint, and rolls
    back what it writes: they are made once for the module."""
    desa_a = make_desa_a()
    built = make_personas(*AROUND_A_COMPLAINT)
    built["primary"] = complaint_in("verified", desa_a, officer=built["operator_desa_a"], **CULVERT)
    return built


warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x = handed_out(
    *AROUND_A_COMPLAINT
)


@pytest.fixture
def primary(built):
    """A verified complaint of desa A about the blocked culvert (CULVERT), the only complaint
    each test finds before it makes its own."""
    return built["primary"]


# --- look-alikes --------------------------------------------------------------------------
def test_the_officer_sees_open_look_alikes_of_the_same_desa_and_category(
    api, desa_a, desa_a2, operator_desa_a, primary, django_assert_max_num_queries
):
    officer_a2 = user_with("intake_officer", desa_a2, username="petugas.a2")
    complaint_in("verified", desa_a, officer=operator_desa_a, **LAMP)  # not alike
    complaint_in("verified", desa_a2, officer=officer_a2, **CULVERT)  # another desa
    complaint_in("rejected", desa_a, officer=operator_desa_a, **CULVERT)  # finished
    complaint_in("verified", desa_a, officer=operator_desa_a, category_slug="lingkungan", **CULVERT)
    submit(desa_a, **CULVERT)  # not yet received: may still be spam
    new = submit(desa_a, **CULVERT_AGAIN).complaint

    # user, the complaint, the caller's capacities, the look-alikes
    with django_assert_max_num_queries(4):
        r = similar(api(operator_desa_a), new.tracking_code)

    assert r.status_code == 200, r.json()
    rows = r.json()
    assert [row["tracking_code"] for row in rows] == [primary.tracking_code]
    row = rows[0]
    assert row["reporters_count"] == 1 and 0.2 <= row["similarity"] <= 1
    assert row["status"] == "verified" and row["excerpt"] == CULVERT["description"]
    # de-identified: nothing of the reporter
    assert "Siti" not in str(rows) and "3207105505900001" not in str(rows)


def test_the_query_count_of_look_alikes_does_not_grow(
    api, desa_a, operator_desa_a, primary, django_assert_max_num_queries
):
    for _ in range(6):
        complaint_in("received", desa_a, officer=operator_desa_a, **CULVERT)
    new = submit(desa_a, **CULVERT_AGAIN).complaint

    with django_assert_max_num_queries(4):
        r = similar(api(operator_desa_a), new.tracking_code)

    assert len(r.json()) == 5  # at most five


def test_look_alikes_are_for_the_office_of_the_desa(
    api, desa_a, warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x
):
    complaint = complaint_in(
        "assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    code = complaint.tracking_code

    assert similar(api(kades_desa_a), code).status_code == 200
    assert similar(api(pejabat_desa_a), code).status_code == 403
    assert similar(api(warga), code).status_code == 403  # the reporter's own account
    assert similar(api(operator_desa_b), code).status_code == 404
    assert similar(api(camat_x), code).status_code == 404
    assert similar(api(), code).status_code == 401


def test_the_sqlite_fallback_ranks_by_shared_words(desa_a, operator_desa_a, primary, monkeypatch):
    from complaints import selectors

    new = submit(desa_a, **CULVERT_AGAIN).complaint
    monkeypatch.setattr(selectors.connection, "vendor", "sqlite")

    rows = similar_complaints(complaint=new)

    assert [row.tracking_code for row in rows] == [primary.tracking_code]


# --- marking a duplicate ------------------------------------------------------------------
def test_marking_a_duplicate_joins_it_without_a_second_handling(
    api, desa_a, operator_desa_a, primary
):
    new = complaint_in("received", desa_a, officer=operator_desa_a, **CULVERT_AGAIN)
    entry = RegisterEntry.objects.get(complaint=new)

    r = move(
        api(operator_desa_a),
        new.tracking_code,
        "mark_duplicate",
        duplicate_of=primary.tracking_code,
    )

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "duplicate" and body["joined"] is True
    assert body["duplicate_of"] == primary.tracking_code
    assert body["allowed_actions"] == []
    new.refresh_from_db()
    assert new.duplicate_of_id == primary.pk and new.closed_at is not None
    # Its own register entry stays, its outcome naming the first report.
    assert RegisterEntry.objects.get(complaint=new) == entry
    assert ComplaintSla.objects.get(complaint=new).state == ClockState.STOPPED
    # The primary counts its reporters, in the detail and the inbox row.
    detail = api(operator_desa_a).get(f"/api/v1/complaints/{primary.tracking_code}/").json()
    assert detail["reporters_count"] == 2 and detail["duplicates"] == [new.tracking_code]
    inbox = api(operator_desa_a).get("/api/v1/complaints/").json()["results"]
    assert {row["tracking_code"]: row["reporters_count"] for row in inbox} == {
        primary.tracking_code: 2,
        new.tracking_code: 1,
    }
    # It leaves the active inbox.
    active = api(operator_desa_a).get("/api/v1/complaints/?status=received").json()["results"]
    assert active == []
    # Its reporter is told it was joined; nobody names the other reporter.
    joined = Notification.objects.get(complaint=new, template="joined")
    assert joined.payload["code"] == new.tracking_code
    assert primary.tracking_code not in str(joined.payload)


def test_a_submitted_duplicate_takes_no_register_number(api, desa_a, operator_desa_a, primary):
    new = submit(desa_a, **CULVERT_AGAIN).complaint

    r = move(
        api(operator_desa_a),
        new.tracking_code,
        "mark_duplicate",
        duplicate_of=primary.tracking_code,
    )

    assert r.status_code == 200, r.json()
    assert not RegisterEntry.objects.filter(complaint=new).exists()
    assert r.json()["register_number"] is None


def test_the_duplicate_reporter_gets_the_primarys_answer_and_closing(
    api, desa_a, operator_desa_a, pejabat_desa_a, primary
):
    first = submit(desa_a, **CULVERT_AGAIN)
    second = submit(desa_a, **CULVERT_AGAIN)
    for joined in (first, second):
        move(api(operator_desa_a), joined.complaint.tracking_code, "mark_duplicate",
             duplicate_of=primary.tracking_code)  # fmt: skip
    assert move(api(operator_desa_a), primary.tracking_code, "assign").status_code == 200
    primary.refresh_from_db()
    assert primary.reporters_count == 3

    move(api(pejabat_desa_a), primary.tracking_code, "start")
    r = move(api(pejabat_desa_a), primary.tracking_code, "answer", answer="Sudah dikeruk.")
    assert r.status_code == 200, r.json()

    for joined in (first, second):
        answered = Notification.objects.filter(
            complaint=joined.complaint, template="joined_answered"
        )
        assert answered.exists()
        assert all(n.payload["answer"] == "Sudah dikeruk." for n in answered)
        tracked = api().post(
            "/api/v1/track/", {"code": joined.complaint.tracking_code, "pin": joined.pin}
        )
        body = tracked.json()
        assert body["status"] == "duplicate" and body["joined"] is True
        assert body["answer"] == "Sudah dikeruk."
        # The reporter's view never shows the other report or its reporter.
        assert primary.tracking_code not in str(body) and "Siti" not in str(body)
        assert "duplicate_of" not in body

    from complaints.services import complaint_transition
    from complaints.state import Capacity

    complaint_transition(complaint=primary, action="close", actor=None, as_capacity=Capacity.SYSTEM)
    assert Notification.objects.filter(complaint=first.complaint, template="joined_closed").exists()


def test_a_duplicate_counts_apart_in_the_reports(api, desa_a, operator_desa_a, primary):
    new = complaint_in("received", desa_a, officer=operator_desa_a, **CULVERT_AGAIN)
    unreceived = submit(desa_a, **CULVERT_AGAIN).complaint

    for code in (new.tracking_code, unreceived.tracking_code):
        move(api(operator_desa_a), code, "mark_duplicate", duplicate_of=primary.tracking_code)

    stored = Tally.objects.filter(desa=desa_a, measure=Measure.DUPLICATE)
    assert sum(t.n for t in stored) == 1  # the received one only
    assert tallies_from_complaints([desa_a.pk]) == tallies_stored([desa_a.pk])


def test_a_primary_that_is_itself_a_duplicate_is_409(api, desa_a, operator_desa_a, primary):
    joined = submit(desa_a).complaint
    move(api(operator_desa_a), joined.tracking_code, "mark_duplicate",
         duplicate_of=primary.tracking_code)  # fmt: skip
    new = submit(desa_a).complaint

    r = move(api(operator_desa_a), new.tracking_code, "mark_duplicate",
             duplicate_of=joined.tracking_code)  # fmt: skip

    assert r.status_code == 409
    primary.refresh_from_db()
    # Only the first join counts: the refused one left the primary as it was.
    assert (primary.duplicates_count, primary.reporters_count) == (1, 2)


def test_another_desas_primary_missing_or_itself_is_400(
    api, desa_a, desa_b, operator_desa_a, operator_desa_b
):
    elsewhere = complaint_in("verified", desa_b, officer=operator_desa_b)
    new = submit(desa_a).complaint
    client = api(operator_desa_a)

    for code in (elsewhere.tracking_code, "ZZZZZZZZZZ", ""):
        r = move(client, new.tracking_code, "mark_duplicate", duplicate_of=code)
        assert r.status_code == 400, r.json()
        assert "duplicate_of" in r.json()["fields"]
    r = move(client, new.tracking_code, "mark_duplicate", duplicate_of=new.tracking_code)
    assert r.status_code == 400
    r = move(client, new.tracking_code, "mark_duplicate")
    assert r.status_code == 400 and "duplicate_of" in r.json()["fields"]
    # The same answer for another desa's code as for none: nothing leaks.
    assert Complaint.objects.get(pk=elsewhere.pk).duplicates_count == 0
    assert not Transition.objects.filter(complaint=new, action="mark_duplicate").exists()


def test_only_the_intake_officer_marks_duplicates(
    api, desa_a, kades_desa_a, pejabat_desa_a, operator_desa_b, operator_desa_a, primary
):
    new = complaint_in("received", desa_a, officer=operator_desa_a)
    body = {"duplicate_of": primary.tracking_code}

    assert move(api(kades_desa_a), new.tracking_code, "mark_duplicate", **body).status_code == 403
    assert move(api(pejabat_desa_a), new.tracking_code, "mark_duplicate", **body).status_code == 404
    assert (
        move(api(operator_desa_b), new.tracking_code, "mark_duplicate", **body).status_code == 404
    )


def test_the_primarys_page_costs_the_same_however_many_joined(
    api, desa_a, operator_desa_a, primary, django_assert_max_num_queries
):
    client = api(operator_desa_a)

    def page_queries() -> int:
        with django_assert_max_num_queries(3) as captured:  # user, page, duplicates' codes
            r = client.get(f"/api/v1/complaints/{primary.tracking_code}/")
        assert r.status_code == 200
        return len(captured.captured_queries)

    move(client, submit(desa_a).complaint.tracking_code, "mark_duplicate",
         duplicate_of=primary.tracking_code)  # fmt: skip
    one = page_queries()
    for _ in range(3):
        move(client, submit(desa_a).complaint.tracking_code, "mark_duplicate",
             duplicate_of=primary.tracking_code)  # fmt: skip

    assert page_queries() == one
    assert client.get(f"/api/v1/complaints/{primary.tracking_code}/").json()["reporters_count"] == 5


# --- by a typed code ------------------------------------------------------------------------
def typed(client, code, primary_code):
    return client.get(
        f"/api/v1/complaints/{code}/duplicate-primary/", {"tracking_code": primary_code}
    )


def test_a_typed_code_shows_which_complaint_it_is_before_joining(
    api, desa_a, operator_desa_a, primary, django_assert_max_num_queries
):
    new = submit(desa_a).complaint
    client = api(operator_desa_a)
    pasted = f" {primary.tracking_code.lower()} "  # as pasted from a message

    with django_assert_max_num_queries(4):
        r = typed(client, new.tracking_code, pasted)

    assert r.status_code == 200, r.json()
    assert r.json() == {
        "tracking_code": primary.tracking_code,
        "title": CULVERT["title"],
        "status": "verified",
        "status_label": "Terverifikasi",
        "submitted_at": r.json()["submitted_at"],
        "reporters_count": 1,
        "joinable": True,
        "refusal": "",
    }
    assert Complaint.objects.get(pk=new.pk).status == "submitted"  # nothing joined yet


def test_another_desas_code_reads_like_an_unknown_one(
    api, desa_a, desa_b, operator_desa_a, operator_desa_b
):
    elsewhere = complaint_in("verified", desa_b, officer=operator_desa_b, **CULVERT)
    new = submit(desa_a).complaint
    client = api(operator_desa_a)

    answers = [typed(client, new.tracking_code, code) for code in (elsewhere.tracking_code,
                                                                    "ZZZZZZZZZZ")]  # fmt: skip
    itself = typed(client, new.tracking_code, new.tracking_code)
    empty = typed(client, new.tracking_code, "")

    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["fields"]["tracking_code"] == [
        "Tidak ada pengaduan desa ini dengan kode lacak tersebut."
    ]
    assert elsewhere.title not in str(answers[0].json())
    assert itself.status_code == 400 and "tracking_code" in itself.json()["fields"]
    assert empty.status_code == 400 and "tracking_code" in empty.json()["fields"]


def test_only_the_desa_office_looks_a_code_up(
    api, desa_a, primary, operator_desa_a, kades_desa_a, pejabat_desa_a, operator_desa_b, warga
):
    new = submit(desa_a, actor=warga).complaint

    assert typed(api(kades_desa_a), new.tracking_code, primary.tracking_code).status_code == 200
    assert typed(api(warga), new.tracking_code, primary.tracking_code).status_code == 403
    assert typed(api(pejabat_desa_a), new.tracking_code, primary.tracking_code).status_code == 404
    assert typed(api(operator_desa_b), new.tracking_code, primary.tracking_code).status_code == 404
    assert typed(api(), new.tracking_code, primary.tracking_code).status_code == 401

"""The resident's own "mendesak?" answer: kept as its own fact, the default of the urgency
the office sets at verify, on every intake path; and the number of residents who reported a
matter as a suggested impact. The officer still decides: verify needs both levels.

The two received complaints the transition tests start from (one the resident called
urgent, one of low impact) and the intake officer are built once for the module
(`built_once`): each test's transitions and duplicates roll back at its end. The test that a
refused answer stores nothing needs an empty table: it lives in test_reporter_urgent_refused.py.
"""

import pytest

from complaints.models import Complaint
from tests.complaints.factories import advance, complaint_in, submit
from tests.complaints.test_lifecycle_api import BODY
from tests.conftest import make_desa_a, make_operator_desa_a

pytestmark = pytest.mark.django_db


def build_module():
    """The officer and two received complaints through the real services, made once."""
    desa_a = make_desa_a()
    officer = make_operator_desa_a(desa_a)
    urgent = complaint_in("received", desa_a, officer=officer, reporter_urgent=True)
    low_impact = complaint_in("received", desa_a, officer=officer, impact="low")
    return {"officer": officer, "urgent": urgent, "low_impact": low_impact}


@pytest.fixture
def operator_desa_a(built):
    """The built officer, not a second user with the same username."""
    return built["officer"]


@pytest.fixture
def received_urgent(built):
    """Received; the resident answered "mendesak" (reporter_urgent=True)."""
    return built["urgent"]


@pytest.fixture
def received_low_impact(built):
    """Received with impact "low", reported by one resident so far."""
    return built["low_impact"]


def move(client, code, action, **fields):
    return client.post(
        f"/api/v1/complaints/{code}/transitions/", {"action": action, **fields}, format="json"
    )


def page(client, code):
    r = client.get(f"/api/v1/complaints/{code}/")
    assert r.status_code == 200, r.json()
    return r.json()


def test_the_residents_yes_is_kept_and_is_the_default_urgency_at_verify(
    api, desa_a, operator_desa_a
):
    r = api().post("/api/v1/complaints/", {**BODY, "urgent": True}, format="json")
    assert r.status_code == 201, r.json()
    code = r.json()["tracking_code"]
    complaint = Complaint.objects.get(tracking_code=code)
    assert (complaint.reporter_urgent, complaint.urgency) == (True, "medium")
    client = api(operator_desa_a)
    assert move(client, code, "receive").status_code == 200

    body = page(client, code)

    assert body["reporter_urgent"] is True
    assert body["priority_suggestion"] == {"urgency": "high", "impact": "medium"}


def test_verify_without_urgency_and_impact_is_still_400_whatever_the_resident_said(
    api, operator_desa_a, received_urgent
):
    complaint = received_urgent

    r = move(api(operator_desa_a), complaint.tracking_code, "verify")

    assert r.status_code == 400, r.json()
    assert sorted(r.json()["fields"]) == ["impact", "urgency"]
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_what_the_office_sets_later_does_not_erase_what_the_resident_said(
    api, operator_desa_a, received_urgent
):
    complaint = received_urgent
    client = api(operator_desa_a)
    code = complaint.tracking_code

    verified = move(client, code, "verify", urgency="low", impact="low")
    changed = move(client, code, "prioritise", urgency="medium", impact="low", reason="Dicek.")

    assert verified.status_code == 200 and changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["urgency"], body["reporter_urgent"]) == ("medium", True)
    # Once verified, the forms start from what the office set.
    assert body["priority_suggestion"] == {"urgency": "medium", "impact": "low"}


@pytest.mark.parametrize(("answer", "urgency"), [(False, "low"), (None, "medium")])
def test_it_can_wait_suggests_low_and_no_answer_no_default_beyond_medium(
    api, desa_a, operator_desa_a, answer, urgency
):
    body = {**BODY, "urgent": answer} if answer is not None else BODY
    r = api().post("/api/v1/complaints/", body, format="json")
    code = r.json()["tracking_code"]
    move(api(operator_desa_a), code, "receive")

    shown = page(api(operator_desa_a), code)

    assert shown["reporter_urgent"] is answer
    assert shown["priority_suggestion"]["urgency"] == urgency


def test_the_reporters_account_reads_its_answer_but_no_suggestion(api, desa_a, warga):
    r = api(warga).post("/api/v1/complaints/", {**BODY, "urgent": True}, format="json")

    body = page(api(warga), r.json()["tracking_code"])

    assert body["reporter_urgent"] is True
    assert body["priority_suggestion"] is None


def test_a_walk_in_records_what_the_reporter_said(api, desa_a, operator_desa_a):
    r = api(operator_desa_a).post(
        "/api/v1/complaints/", {**BODY, "channel": "walk_in", "urgent": False}, format="json"
    )

    assert r.status_code == 201, r.json()
    complaint = Complaint.objects.get(tracking_code=r.json()["tracking_code"])
    assert (complaint.status, complaint.reporter_urgent) == ("received", False)


@pytest.mark.parametrize(
    ("joined", "impact"), [(0, "low"), (1, "medium"), (2, "high")]
)  # fmt: skip
def test_several_residents_reporting_it_suggest_a_higher_impact(
    api, desa_a, operator_desa_a, received_low_impact, joined, impact
):
    primary = received_low_impact
    client = api(operator_desa_a)
    for _ in range(joined):
        again = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)
        move(client, again.tracking_code, "mark_duplicate", duplicate_of=primary.tracking_code)

    body = page(client, primary.tracking_code)

    assert body["reporters_count"] == 1 + joined
    assert body["priority_suggestion"]["impact"] == impact
    assert body["impact"] == "low"  # a suggestion: the complaint's own impact is unchanged

"""Who may call what: each role × each complaint endpoint × own desa / another desa.

The complaint lies in desa A, distributed to `pejabat_desa_a`, reported by `warga` from
their account. Out of region is 404 (not 403), so existence never leaks.
"""

import pytest

from tests.accounts.factories import user_with
from tests.complaints.factories import advance, submit
from tests.conftest import make_desa_a, make_desa_b, make_personas, make_warga

PERSONAS = [
    "reporter", "other_resident", "operator_desa_a", "pejabat_desa_a", "kades_desa_a",
    "box_team_a", "operator_desa_b", "kades_desa_b", "camat_x", "admin_kabupaten",
]  # fmt: skip

# endpoint → expected status per persona (missing persona: 404)
EXPECTED = {
    "detail": {
        "reporter": 200, "operator_desa_a": 200, "pejabat_desa_a": 200, "kades_desa_a": 200,
    },
    "reporter": {
        "reporter": 200, "operator_desa_a": 200, "pejabat_desa_a": 403, "kades_desa_a": 200,
    },
    "reassign": {
        "reporter": 403, "operator_desa_a": 200, "pejabat_desa_a": 403, "kades_desa_a": 200,
    },
    "note": {"reporter": 403, "operator_desa_a": 201, "pejabat_desa_a": 201, "kades_desa_a": 201},
    "answer_draft": {
        "reporter": 403, "operator_desa_a": 204, "pejabat_desa_a": 204, "kades_desa_a": 403,
    },
    "identity_grant": {
        "reporter": 403, "operator_desa_a": 204, "pejabat_desa_a": 403, "kades_desa_a": 403,
    },
}  # fmt: skip


def build_module() -> tuple[dict, str]:
    """Each test calls one endpoint as one persona, and whatever it writes is rolled back:
    the people and the complaint are made once for the module."""
    desa_a, desa_b = make_desa_a(), make_desa_b()
    people = {
        **make_personas(
            "operator_desa_a",
            "pejabat_desa_a",
            "kades_desa_a",
            "operator_desa_b",
            "camat_x",
            "admin_kabupaten",
        ),
        "reporter": make_warga(desa_a),
        "other_resident": user_with("resident", desa_a),
        "box_team_a": user_with("box_team", desa_a),
        "kades_desa_b": user_with("village_head", desa_b),
    }
    complaint = submit(desa_a, actor=people["reporter"]).complaint
    advance(complaint, "assigned", officer=people["operator_desa_a"],
            handler=people["pejabat_desa_a"])  # fmt: skip
    return people, complaint.tracking_code


@pytest.fixture
def people(built):
    return built[0]


@pytest.fixture
def tracking_code(built):
    """The complaint of desa A, assigned to `pejabat_desa_a`, reported by `reporter`."""
    return built[1]


def call(client, endpoint, code, people):
    base = f"/api/v1/complaints/{code}"
    if endpoint == "detail":
        return client.get(f"{base}/")
    if endpoint == "reporter":
        return client.get(f"{base}/reporter/")
    if endpoint == "reassign":
        return client.post(
            f"{base}/transitions/", {"action": "reassign", "position": "kasi_pemerintahan"}
        )
    if endpoint == "note":
        return client.post(f"{base}/notes/", {"body": "Dicek.", "visibility": "staff"})
    if endpoint == "answer_draft":
        return client.put(f"{base}/answer-draft/", {"answer": "Draf."})
    return client.post(
        f"{base}/identity-grants/",
        {"grantee": people["pejabat_desa_a"].pk, "reason": "Survei lokasi."},
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_each_role_gets_exactly_its_answer(api, people, tracking_code, endpoint, persona):
    r = call(api(people[persona]), endpoint, tracking_code, people)

    assert r.status_code == EXPECTED[endpoint].get(persona, 404), r.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_inbox_lists_the_complaint_only_to_those_who_may_see_it(
    api, people, tracking_code, persona
):
    r = api(people[persona]).get("/api/v1/complaints/")

    assert r.status_code == 200
    listed = [row["tracking_code"] for row in r.json()["results"]]
    assert (tracking_code in listed) == (EXPECTED["detail"].get(persona) == 200)


def test_anonymous_callers_must_log_in_for_staff_endpoints(api, desa_a):
    code = submit(desa_a).complaint.tracking_code

    assert api().get(f"/api/v1/complaints/{code}/").status_code == 401
    assert api().get("/api/v1/complaints/").status_code == 401
    assert (
        api().post(f"/api/v1/complaints/{code}/transitions/", {"action": "receive"}).status_code
        == 401
    )

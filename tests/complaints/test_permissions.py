"""Who may call what: each role × each complaint endpoint × own desa / another desa.

The complaint lies in desa A, distributed to `pejabat_desa_a`, reported by `warga` from
their account. Out of region is 404 (not 403), so existence never leaks.
"""

import copy

import pytest

from accounts.models import Role
from tests.accounts.factories import user_with
from tests.complaints.factories import advance, submit
from tests.regions.factories import desa

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


def _people_and_their_complaint() -> tuple[dict, str]:
    desa_a = desa("32.07.10.2010", "Jagabaya", "JGB")
    desa("32.07.10.2004", "Nagarajati", "NGR")  # kecamatan X holds A and A2
    desa_b = desa("33.22.02.2006", "Klero", "KLR")
    people = {
        "reporter": user_with(
            Role.RESIDENT, desa_a, username="+6281200001234", phone="+6281200001234"
        ),
        "other_resident": user_with(Role.RESIDENT, desa_a),
        "operator_desa_a": user_with(Role.INTAKE_OFFICER, desa_a),
        "pejabat_desa_a": user_with(Role.HANDLER, desa_a),  # Kasi Pemerintahan
        "kades_desa_a": user_with(Role.VILLAGE_HEAD, desa_a),
        "box_team_a": user_with(Role.BOX_TEAM, desa_a),
        "operator_desa_b": user_with(Role.INTAKE_OFFICER, desa_b),
        "kades_desa_b": user_with(Role.VILLAGE_HEAD, desa_b),
        "camat_x": user_with(Role.KECAMATAN_OPERATOR, desa_a.parent),
        "admin_kabupaten": user_with(Role.ADMIN, None, is_staff=True, is_superuser=True),
    }
    complaint = submit(desa_a, actor=people["reporter"]).complaint
    advance(complaint, "assigned", officer=people["operator_desa_a"],
            handler=people["pejabat_desa_a"])  # fmt: skip
    return people, complaint.tracking_code


@pytest.fixture(scope="module")
def _built(built_once):
    """Each test calls one endpoint as one persona, and whatever it writes is rolled back:
    the people and the complaint are made once for the module."""
    return built_once(_people_and_their_complaint)


@pytest.fixture
def people(_built, db):
    return copy.deepcopy(_built[0])


@pytest.fixture
def tracking_code(_built, db):
    """The complaint of desa A, assigned to `pejabat_desa_a`, reported by `reporter`."""
    return _built[1]


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

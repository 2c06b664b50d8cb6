"""The reports API: who may read which report (people and applications), which periods it
takes, and the village head's and the kecamatan's figures of complaints made here.

What a report shows of desa A's seven complaints of tests/reports/test_api_one_of_a_category.py
(small-cell suppression, no identity, the public summary's caching, a constant number of
queries) is tested there, where those complaints are made once for the module."""

import pytest

from tests.complaints.factories import advance, submit
from tests.contract import ContractClient
from tests.integrations.factories import application

STAFF = {
    "desa_a": "/api/v1/reports/desa/32.07.10.2010/",
    "desa_a2": "/api/v1/reports/desa/32.07.10.2004/",
    "desa_b": "/api/v1/reports/desa/33.22.02.2006/",
    "kecamatan_x": "/api/v1/reports/kecamatan/32.07.10/",
    "kecamatan_y": "/api/v1/reports/kecamatan/33.22.02/",
    "kabupaten_ciamis": "/api/v1/reports/kabupaten/32.07/",
}
PUBLIC_A = "/api/v1/reports/public/desa/32.07.10.2010/"

# Who reads which staff report (everything else: 404, or 401 without a login).
MAY_READ = {
    "warga": set(),
    "operator_desa_a": {"desa_a"},
    "pejabat_desa_a": set(),
    "kades_desa_a": {"desa_a"},
    "operator_desa_b": {"desa_b"},
    "camat_x": {"desa_a", "desa_a2", "kecamatan_x"},
    "camat_y": {"desa_b", "kecamatan_y"},
    "admin_kabupaten": set(STAFF),
}

# Applications (`reports:read` over their region) read the same reports: key → region →
# reports it may read; without the scope every report is 403.
APPLICATIONS = {
    "desa_a": ("desa_a", {"desa_a"}),
    "kecamatan_x": ("kecamatan_x", {"desa_a", "desa_a2", "kecamatan_x"}),
    "kecamatan_y": ("kecamatan_y", {"desa_b", "kecamatan_y"}),
    "kabupaten_ciamis": ("kabupaten_ciamis", {"desa_a", "desa_a2", "kecamatan_x",
                                               "kabupaten_ciamis"}),
}  # fmt: skip


def keyed_contract(raw_key: str) -> ContractClient:
    client = ContractClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


@pytest.fixture
def regions(desa_a, desa_a2, desa_b):
    return desa_a, desa_a2, desa_b


@pytest.mark.parametrize("persona", sorted(MAY_READ))
def test_each_role_reads_only_the_reports_of_its_region(persona, regions, api, request):
    client = api(request.getfixturevalue(persona))

    found = {name: client.get(url).status_code for name, url in STAFF.items()}

    assert found == {name: 200 if name in MAY_READ[persona] else 404 for name in STAFF}
    assert client.get(PUBLIC_A).status_code == 200


def test_without_a_login_only_the_public_summary_answers(regions, api):
    client = api()

    assert {client.get(url).status_code for url in STAFF.values()} == {401}
    assert client.get(PUBLIC_A).status_code == 200
    assert client.get("/api/v1/reports/public/desa/32.07.10/").status_code == 404
    assert client.get("/api/v1/reports/public/desa/99.99.99.9999/").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "month"}, "month"),
        ({"period": "quarter"}, "quarter"),
        ({"period": "range", "start": "2026-03-01"}, "end"),
        ({"period": "range", "start": "2026-03-01", "end": "2026-01-01"}, "end"),
        ({"by": "reporter"}, "by"),
    ],
)
def test_a_bad_period_is_a_400_naming_the_field(query, field, regions, camat_x, api):
    response = api(camat_x).get(STAFF["kecamatan_x"], query)

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_periods_cover_their_months(regions, camat_x, api):
    client = api(camat_x)
    month = client.get(STAFF["kecamatan_x"], {"period": "month", "year": 2026, "month": 2})
    quarter = client.get(STAFF["kecamatan_x"], {"period": "quarter", "year": 2026, "quarter": 4})
    span = client.get(
        STAFF["kecamatan_x"], {"period": "range", "start": "2025-11-15", "end": "2026-02-03"}
    )

    assert month.json()["period"] == {"kind": "month", "label": "2026-02",
                                      "first": "2026-02-01", "last": "2026-02-28"}  # fmt: skip
    assert [m["month"] for m in quarter.json()["trend"]] == [
        "2026-10-01", "2026-11-01", "2026-12-01"
    ]  # fmt: skip
    assert len(span.json()["trend"]) == 4


@pytest.fixture
def kabupaten_ciamis(kecamatan_x):
    return kecamatan_x.parent


@pytest.mark.parametrize("app", sorted(APPLICATIONS))
def test_an_application_with_reports_read_reads_only_the_reports_of_its_region(
    app, regions, request
):
    region_fixture, may_read = APPLICATIONS[app]
    _, raw = application(request.getfixturevalue(region_fixture), "reports:read")
    client = keyed_contract(raw)

    found = {name: client.get(url).status_code for name, url in STAFF.items()}

    assert found == {name: 200 if name in may_read else 404 for name in STAFF}


def test_an_application_without_reports_read_is_refused_every_report(regions, desa_a):
    _, raw = application(desa_a, "complaints:read", "register:read", "webhooks:manage")
    client = keyed_contract(raw)

    answers = {name: client.get(url) for name, url in STAFF.items()}

    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(STAFF, 403)
    assert answers["desa_a"].json()["code"] == "permission_denied"


def test_an_application_key_still_reaches_no_report_file(regions, desa_a):
    _, raw = application(desa_a, "reports:read")

    r = keyed_contract(raw).get(STAFF["desa_a"] + "file/pdf/")

    assert r.status_code == 401


def test_the_village_head_sees_what_waits_on_a_position_nobody_holds(
    operator_desa_a, pejabat_desa_a, kades_desa_a, camat_x, desa_a, api
):
    from accounts.models import Membership

    for _ in range(5):
        advance(submit(desa_a).complaint, "in_progress", officer=operator_desa_a,
                handler=pejabat_desa_a)  # fmt: skip
    before = api(kades_desa_a).get(STAFF["desa_a"]).json()["now"]
    Membership.objects.filter(user=pejabat_desa_a, region=desa_a).delete()  # the official left

    after = api(kades_desa_a).get(STAFF["desa_a"]).json()["now"]
    kecamatan = api(camat_x).get(STAFF["kecamatan_x"]).json()

    assert (before["unassignable"], after["unassignable"]) == (0, 5)
    assert kecamatan["now"]["unassignable"] == 5
    assert [row["now"]["unassignable"] for row in kecamatan["desa"]] == [0, 5]


def test_a_desa_s_kecamatan_reference_of_a_year_is_its_kecamatan_s_year(
    desa_a, operator_desa_a, pejabat_desa_a, camat_x, kades_desa_a, api
):
    for _ in range(5):
        advance(submit(desa_a).complaint, "answered", officer=operator_desa_a,
                handler=pejabat_desa_a)  # fmt: skip

    kecamatan = api(camat_x).get(STAFF["kecamatan_x"]).json()["totals"]
    reference = api(kades_desa_a).get(STAFF["desa_a"]).json()["kecamatan_reference"]

    assert kecamatan["answered"] == 5
    assert reference["answer_days"] == kecamatan["answer_days"]
    assert reference["answer_days"]["median"] is not None
    assert reference["answered_share"] == kecamatan["answered_share"] == 100.0

"""The reports API: who may read which report, small-cell suppression, no identity, the
public summary's caching, and a constant number of queries."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Channel, Complaint
from register.models import RegisterEntry
from tests.complaints.factories import REPORTER, advance, submit
from tests.contract import ContractClient
from tests.integrations.factories import application
from tests.regions.factories import desa

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


@pytest.fixture
def one_of_a_category(desa_a, operator_desa_a, pejabat_desa_a):
    """Desa A: six infrastructure complaints (two answered) and one about security."""
    for _ in range(2):
        complaint = submit(desa_a).complaint
        advance(complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a)
    for _ in range(4):
        submit(desa_a, actor=operator_desa_a, channel=Channel.WALK_IN)
    submit(
        desa_a,
        actor=operator_desa_a,
        channel=Channel.WALK_IN,
        category_slug="keamanan-ketertiban",
        title="Pencurian ternak di Dusun Cikupa",
    )
    return desa_a


def test_a_single_complaint_of_a_category_shows_as_under_five_and_cannot_be_derived(
    one_of_a_category, camat_x, api
):
    body = api(camat_x).get(STAFF["desa_a"], {"by": "category"}).json()

    rows = {row["key"]: row["measures"] for row in body["breakdown"]["rows"]}
    assert body["totals"]["received"] == 7
    assert rows["keamanan-ketertiban"]["received"] == "< 5"
    assert rows["infrastruktur"]["received"] == "*"  # 7 − 6 would give the 1 away
    assert body["totals"]["answered"] == "< 5"
    assert body["totals"]["answered_share"] is None
    assert body["totals"]["answer_days"] == {"median": None, "p90": None}


def test_the_public_summary_suppresses_alike_and_is_cacheable(one_of_a_category, api):
    client = api()
    response = client.get(PUBLIC_A)

    body = response.json()
    categories = {row["label"]: row for row in body["by_category"]}
    assert body["received"] == 7
    assert categories["Keamanan & ketertiban"]["received"] == "< 5"
    assert categories["Infrastruktur"]["received"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    again = client.get(PUBLIC_A, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]


def test_no_report_carries_identity_text_codes_or_register_numbers(
    one_of_a_category, camat_x, kades_desa_a, admin_kabupaten, api
):
    complaint = Complaint.objects.filter(desa=one_of_a_category).first()
    register = RegisterEntry.objects.filter(complaint=complaint).first()
    secrets = [REPORTER.name, REPORTER.nik, "3456-7890", "81234567890", complaint.title,
               complaint.description, complaint.tracking_code, "Cikupa",
               "/PGD/", register.hash]  # fmt: skip
    bodies = [
        api(camat_x).get(STAFF["kecamatan_x"], {"by": "category"}).content.decode(),
        api(kades_desa_a).get(STAFF["desa_a"], {"by": "channel"}).content.decode(),
        api(admin_kabupaten).get(STAFF["kabupaten_ciamis"], {"by": "kind"}).content.decode(),
        api().get(PUBLIC_A).content.decode(),
    ]

    for body in bodies:
        assert [secret for secret in secrets if secret in body] == []


def test_a_kecamatan_report_compares_its_desa_with_the_kecamatan_reference(
    one_of_a_category, desa_a2, camat_x, kades_desa_a, api
):
    kecamatan = api(camat_x).get(STAFF["kecamatan_x"]).json()
    own = api(kades_desa_a).get(STAFF["desa_a"]).json()

    assert [row["name"] for row in kecamatan["desa"]] == ["Nagarajati", "Jagabaya"]
    assert [row["measures"]["received"] for row in kecamatan["desa"]] == [0, 7]
    assert kecamatan["now"]["open"] == 5
    assert own["kecamatan_reference"]["code"] == "32.07.10"
    assert "desa" not in json.dumps(own["kecamatan_reference"])
    assert own["desa"] == []
    assert len(own["trend"]) == 12


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


def test_a_report_costs_the_same_queries_however_many_desa(one_of_a_category, camat_x, api):
    client = api(camat_x)
    with CaptureQueriesContext(connection) as two:
        assert client.get(STAFF["kecamatan_x"], {"by": "priority"}).status_code == 200
    for number in range(2011, 2016):
        desa(f"32.07.10.{number}", f"Desa {number}", f"D{number % 100}")
    client = api(camat_x)
    with CaptureQueriesContext(connection) as seven:
        assert client.get(STAFF["kecamatan_x"], {"by": "priority"}).status_code == 200

    assert len(seven) == len(two) <= 10


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


def test_an_application_gets_the_report_exactly_as_the_camat_does(
    one_of_a_category, kecamatan_x, camat_x, api
):
    _, raw = application(kecamatan_x, "reports:read")
    query = {"by": "category"}

    as_application = keyed_contract(raw).get(STAFF["kecamatan_x"], query)
    as_camat = api(camat_x).get(STAFF["kecamatan_x"], query)

    assert as_application.status_code == 200, as_application.json()
    assert as_application.json() == as_camat.json()
    body = as_application.content.decode()
    assert REPORTER.name not in body and "Cikupa" not in body


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


def test_the_kabupaten_report_names_each_desa_s_kecamatan_for_grouping(
    one_of_a_category, admin_kabupaten, api
):
    report = api(admin_kabupaten).get(STAFF["kabupaten_ciamis"]).json()

    from regions.models import Region

    desa = {row["code"]: row["kecamatan"] for row in report["desa"]}
    assert desa["32.07.10.2010"] == {
        "code": "32.07.10",
        "name": Region.objects.get(code="32.07.10").name,
    }
    assert {kecamatan["code"] for kecamatan in desa.values()} <= set(
        Region.objects.filter(level="kecamatan", code__startswith="32.07.").values_list(
            "code", flat=True
        )
    )


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


def test_the_table_of_desa_passed_on_as_built_renders_as_the_serializer_would(
    one_of_a_category, desa_a2, desa_b, operator_desa_a, pejabat_desa_a, operator_desa_b
):
    from django.utils import timezone
    from rest_framework.renderers import JSONRenderer

    from regions.models import Level, Region
    from reports.api.serializers import ReportOut, report_out
    from reports.selectors import period_of, report

    # Desa A: medians, shares and a rating mean shown beside cells under 5; desa B: one.
    for status in ("answered", "answered", "answered", "closed", "closed"):
        advance(submit(one_of_a_category).complaint, status, officer=operator_desa_a,
                handler=pejabat_desa_a)  # fmt: skip
    advance(submit(desa_b).complaint, "rejected", officer=operator_desa_b)
    year = period_of(kind="year", year=timezone.localdate().year)
    bodies = b""
    for region in Region.objects.filter(level__in=[Level.KECAMATAN, Level.KABUPATEN]):
        found = report(region=region, period=year)
        assert found["desa"], region.code
        rendered = JSONRenderer().render(report_out(found))
        assert rendered == JSONRenderer().render(ReportOut(found).data), region.code
        bodies += rendered
    assert b'"median":0' in bodies and b'"< 5"' in bodies and b'"mean":null' in bodies
    assert re.search(rb'"answered_share":\d+\.\d', bodies)

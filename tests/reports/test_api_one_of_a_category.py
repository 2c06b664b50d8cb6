"""The reports API over desa A's seven complaints, six about infrastructure (two answered)
and one about security: a single complaint of a category stays "< 5" and cannot be derived,
no report carries identity, text or codes, a kecamatan sets its desa side by side, and a
report costs the same queries however many desa.

Every test here reads these seven complaints (or writes and is rolled back), and the numbers
they expect are those of exactly these rows: the complaints and the people who read them are
made once for the module (`built_once`), apart from tests/reports/test_api.py, whose other
tests count complaints of their own or none."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Channel, Complaint
from register.models import RegisterEntry
from sla.selectors import calendar_for
from tests.complaints.factories import REPORTER, advance, submit
from tests.conftest import (
    handed_out,
    make_desa_a,
    make_desa_b,
    make_operator_desa_a,
    make_pejabat_desa_a,
    make_personas,
)
from tests.integrations.factories import application
from tests.regions.factories import desa
from tests.reports.test_api import PUBLIC_A, STAFF, keyed_contract


def build_module() -> dict:
    """Desa A: six infrastructure complaints (two answered) and one about security; and the
    people who read its reports. Each test reads desa A's seven complaints, or adds to them
    and is rolled back: they are made once for the module, with their readers."""
    desa_a = make_desa_a()
    make_desa_b()
    operator_desa_a = make_operator_desa_a(desa_a)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
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
    return {
        "desa_a": desa_a,
        "operator_desa_a": operator_desa_a,
        "pejabat_desa_a": pejabat_desa_a,
        **make_personas("kades_desa_a", "camat_x", "admin_kabupaten"),
    }


@pytest.fixture
def one_of_a_category(built):
    """Desa A: six infrastructure complaints (two answered) and one about security.

    Making them left desa A's working calendar in the cache (the SLA clock reads it), the
    build's cache here: it is read into this test's own, so that a report makes the queries
    it made when each test made its complaints."""
    calendar_for(built["desa_a"])
    return built["desa_a"]


desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a, camat_x, admin_kabupaten = handed_out(
    "desa_a",
    "operator_desa_a",
    "pejabat_desa_a",
    "kades_desa_a",
    "camat_x",
    "admin_kabupaten",
)


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

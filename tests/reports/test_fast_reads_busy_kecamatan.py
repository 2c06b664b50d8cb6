"""The reads that keep the reports fast: every report of a busy kecamatan (desa A's
complaints answered, in progress and rejected; one rejected in desa B) costs a fixed handful
of queries.

Every test here reads the same four complaints: they and the people who read the reports
are made once for the module (`built_once`), apart from tests/reports/test_fast_reads.py,
whose tests count complaints and summary rows of their own."""

import pytest

from sla.selectors import calendars_for
from tests.complaints.factories import advance, submit
from tests.conftest import (
    handed_out,
    make_desa_a,
    make_desa_b,
    make_operator_desa_a,
    make_operator_desa_b,
    make_pejabat_desa_a,
    make_personas,
)


def build_module() -> dict:
    """Desa A: a complaint answered, one in progress, one rejected; desa B: one rejected;
    and the people who read their reports. Each test only reads one report of the four
    complaints: they are made once for the module, with the report's readers."""
    desa_a, desa_b = make_desa_a(), make_desa_b()
    operator_desa_a = make_operator_desa_a(desa_a)
    operator_desa_b = make_operator_desa_b(desa_b)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    for status in ("answered", "in_progress", "rejected"):
        advance(submit(desa_a).complaint, status, officer=operator_desa_a, handler=pejabat_desa_a)
    advance(submit(desa_b).complaint, "rejected", officer=operator_desa_b)
    return {
        "desa_a": desa_a,
        "desa_b": desa_b,
        **make_personas("admin_kabupaten", "camat_x", "kades_desa_a"),
    }


@pytest.fixture
def busy_kecamatan(built):
    """Kecamatan X. Making the complaints left desa A's and desa B's working calendars in
    the cache (the SLA clock reads them), the build's cache here: they are read into this
    test's own, so that a report makes the queries it made when each test made its
    complaints."""
    calendars_for([built["desa_a"], built["desa_b"]])
    return built["desa_a"].parent


admin_kabupaten, camat_x, kades_desa_a = handed_out("admin_kabupaten", "camat_x", "kades_desa_a")


@pytest.mark.parametrize(
    ("who", "path", "most"),
    [
        ("admin_kabupaten", "/api/v1/reports/kabupaten/32.07/", 12),
        ("camat_x", "/api/v1/reports/kecamatan/32.07.10/", 12),
        ("camat_x", "/api/v1/reports/kecamatan/32.07.10/?by=category", 13),
        ("kades_desa_a", "/api/v1/reports/desa/32.07.10.2010/", 12),
        (None, "/api/v1/reports/public/desa/32.07.10.2010/", 8),
    ],
)
def test_each_report_costs_a_fixed_handful_of_queries(
    who, path, most, busy_kecamatan, api, request, django_assert_max_num_queries
):
    client = api(request.getfixturevalue(who)) if who else api(None)
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200, response.json()

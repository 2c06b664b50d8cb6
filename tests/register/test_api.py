"""The register API: who reads the book, with or without names, annotations, verify."""

from datetime import UTC, datetime

import pytest
import time_machine

from complaints.models import IdentityAccess
from tests.complaints.factories import REPORTER
from tests.conftest import make_desa_a, make_operator_desa_a
from tests.register.factories import received

pytestmark = pytest.mark.django_db

URL = "/api/v1/desa/32.07.10.2010/register/"


def build_module():
    """Every test reads desa A's book of four entries, or writes to it and is rolled back:
    the book is written once for the module."""
    desa_a = make_desa_a()
    operator_desa_a = make_operator_desa_a(desa_a)
    with time_machine.travel(datetime(2026, 2, 10, 3, 0, tzinfo=UTC), tick=False):
        received(desa_a, operator_desa_a, count=2)
    with time_machine.travel(datetime(2026, 3, 10, 3, 0, tzinfo=UTC), tick=False):
        received(desa_a, operator_desa_a, anonymous=True)
        received(desa_a, operator_desa_a, category_slug="lingkungan")
    return desa_a, operator_desa_a


@pytest.fixture
def book(built):
    return built[0]


@pytest.fixture
def operator_desa_a(built):
    return built[1]


def test_the_intake_officer_reads_the_book_by_number(api, book, operator_desa_a):
    r = api(operator_desa_a).get(URL)

    assert r.status_code == 200, r.json()
    rows = r.json()["results"]
    assert [row["number"] for row in rows] == [1, 2, 3, 4]
    assert rows[0]["display_number"] == "001/PGD/JGB/2026"
    assert [row["reporter"] for row in rows] == [
        "Confidential",
        "Confidential",
        "Anonymous",
        "Confidential",
    ]


def test_names_are_shown_only_when_asked_and_each_read_is_logged(api, book, kades_desa_a):
    r = api(kades_desa_a).get(URL, {"with_identity": "true"})

    assert r.status_code == 200, r.json()
    assert [row["reporter"] for row in r.json()["results"]] == [
        REPORTER.name,
        REPORTER.name,
        "Anonymous",
        REPORTER.name,
    ]
    # Logged as a read of the register, not of each complaint's page.
    assert IdentityAccess.objects.filter(actor=kades_desa_a, purpose="register").count() == 3
    assert not IdentityAccess.objects.filter(purpose="view").exists()


def test_the_kecamatan_operator_reads_the_book_without_identities(api, book, camat_x):
    r = api(camat_x).get(URL, {"with_identity": "true"})

    assert r.status_code == 200, r.json()
    assert {row["reporter"] for row in r.json()["results"]} == {"Confidential"}
    assert not IdentityAccess.objects.filter(actor=camat_x).exists()


@pytest.mark.parametrize(
    "persona", ["operator_desa_b", "camat_y", "pejabat_desa_a", "warga", "admin_kabupaten"]
)
def test_others_get_404_as_if_the_desa_had_no_book(api, book, persona, request):
    r = api(request.getfixturevalue(persona)).get(URL)

    assert r.status_code == 404, r.json()
    assert r.json()["code"] == "not_found"


def test_the_list_filters_by_month_category_channel_state_and_number(api, book, operator_desa_a):
    client = api(operator_desa_a)

    def numbers(**query):
        r = client.get(URL, query)
        assert r.status_code == 200, r.json()
        return [row["number"] for row in r.json()["results"]]

    assert numbers(year=2026, month=3) == [3, 4]
    assert numbers(year=2025) == []
    assert numbers(category="lingkungan") == [4]
    assert numbers(state="received") == [1, 2, 3, 4]
    assert numbers(number_from=2, number_to=3) == [2, 3]
    assert numbers(received_from="2026-03-01") == [3, 4]


def test_a_month_without_a_year_is_refused(api, book, operator_desa_a):
    r = api(operator_desa_a).get(URL, {"month": 3})

    assert r.status_code == 400, r.json()
    assert "month" in r.json()["fields"]


def test_the_list_costs_the_same_queries_for_more_entries(
    api, book, operator_desa_a, django_assert_max_num_queries
):
    client = api(operator_desa_a)
    client.get(URL)  # warm caches of the JWT user

    with django_assert_max_num_queries(12):
        r = client.get(URL, {"with_identity": "true"})
    received(book, operator_desa_a, count=5)
    with django_assert_max_num_queries(12):
        r = client.get(URL, {"with_identity": "true"})
    assert len(r.json()["results"]) == 9


def test_the_office_annotates_an_entry_and_it_shows_with_it(api, book, operator_desa_a):
    client = api(operator_desa_a)

    r = client.post(
        f"{URL}2026/1/annotations/",
        {"field": "summary", "text": "Gorong-gorong di RT 03", "reason": "Salah tulis RT"},
    )

    assert r.status_code == 201, r.json()
    row = client.get(URL).json()["results"][0]
    assert row["summary"] == "Gorong-gorong tersumbat"
    assert row["annotations"][0]["text"] == "Gorong-gorong di RT 03"
    assert "Salah tulis RT" in row["remarks"]


def test_an_annotation_needs_a_reason(api, book, operator_desa_a):
    r = api(operator_desa_a).post(
        f"{URL}2026/1/annotations/", {"field": "summary", "text": "x", "reason": " "}
    )

    assert r.status_code == 400, r.json()
    assert "reason" in r.json()["fields"]


def test_the_kecamatan_may_not_annotate_and_outsiders_get_404(api, book, camat_x, operator_desa_b):
    body = {"field": "remarks", "text": "x", "reason": "y"}

    assert api(camat_x).post(f"{URL}2026/1/annotations/", body).status_code == 403
    assert api(operator_desa_b).post(f"{URL}2026/1/annotations/", body).status_code == 404
    assert api(camat_x).post(f"{URL}2026/99/annotations/", body).status_code == 404


def test_the_verify_endpoint_reports_each_year(api, book, camat_x, operator_desa_b):
    r = api(camat_x).get(f"{URL}verify/")

    assert r.status_code == 200, r.json()
    assert r.json() == {
        "ok": True,
        "chains": [{"year": 2026, "entries": 4, "ok": True, "broken": None}],
    }
    assert api(operator_desa_b).get(f"{URL}verify/").status_code == 404


def test_the_kecamatan_reads_no_tracking_code_nor_a_correction_naming_the_reporter(
    api, book, operator_desa_a, camat_x
):
    office = api(operator_desa_a)
    for body in (
        {"field": "reporter", "text": REPORTER.name, "reason": f"Salah ketik: {REPORTER.name}"},
        {"field": "summary", "text": "Jalan berlubang di RT 02", "reason": "Ringkasan kurang"},
    ):
        assert office.post(f"{URL}2026/1/annotations/", body).status_code == 201

    kept = office.get(URL).json()["results"][0]
    overseen = api(camat_x).get(URL)

    assert overseen.status_code == 200, overseen.json()
    row = overseen.json()["results"][0]
    assert kept["tracking_code"] and row["tracking_code"] == ""
    assert [(a["field"], a["text"], a["reason"]) for a in row["annotations"]] == [
        ("reporter", "Confidential", "Confidential"),
        ("summary", "Jalan berlubang di RT 02", "Ringkasan kurang"),
    ]
    assert REPORTER.name not in overseen.content.decode()
    assert REPORTER.name in office.get(URL).content.decode()


def test_the_kecamatan_filters_a_desa_s_book_like_the_office(api, book, camat_x):
    client = api(camat_x)

    def numbers(**query):
        r = client.get(URL, query)
        assert r.status_code == 200, r.json()
        return [row["number"] for row in r.json()["results"]]

    assert numbers(year=2026, month=3) == [3, 4]
    assert numbers(category="lingkungan") == [4]
    assert numbers(state="received") == [1, 2, 3, 4]
    assert numbers(number_from=2, number_to=3) == [2, 3]

"""`GET requests.json` as PostgreSQL writes it (integrations/open311/listing.py) is the body
the readable Python path writes (presenters + formats), byte for byte, over a data set
that walks every branch of the presenter: every status, anonymous and named, published
or not, with and without location and files, awkward text and coordinates, a desa east
and one west of Greenwich, both languages, and both ways of seeing (the public and an
application with `complaints:read`)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from complaints.attachments import attachment_add
from complaints.models import Category, Complaint
from complaints.services import public_outcome_set
from integrations import selectors
from integrations.open311 import listing, presenters
from integrations.open311.formats import respond
from sla.models import ComplaintSla
from tests.complaints import files
from tests.complaints.factories import PATH, advance, complaint_in, submit
from tests.conftest import (
    make_desa_a,
    make_kades_desa_a,
    make_operator_desa_a,
    make_pejabat_desa_a,
    make_warga,
)
from tests.integrations.factories import application

ODD_TEXT = 'Kata "kutip", garis \\ miring / dan\nbaris\tbaru \x01\x1f é ✓ \u2028 <xml>&'
# numeric(9, 6) values whose float orjson writes in each of its shapes
COORDINATES = [
    ("5", "0.000005"),  # an integer (5.0) and an exponent (5e-6)
    ("-0.000010", "-0.000009"),  # the last plain decimal and the first negative exponent
    ("-7.123400", "108.654321"),
    ("0", "-180"),
]


def python_body(desa, query, full: bool) -> bytes:
    rows = selectors.open311_requests(desa=desa, query=query)
    body = presenters.service_requests(rows, desa=desa, full=full)
    return respond("json", "service_requests", body).content


def sql_body(desa, query, full: bool) -> bytes:
    return listing.requests_json(desa=desa, query=query, full=full)


def build_module() -> list:
    """Complaints of desa A in every status, each shape of row the presenter knows. The
    tests only read the data set (or change a desa's time zone and roll back): it is made
    once for the module."""
    desa_a = make_desa_a()
    operator_desa_a = make_operator_desa_a(desa_a)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    kades_desa_a = make_kades_desa_a(desa_a)
    make_warga(desa_a)
    made = []
    for status in PATH:  # every status a complaint reaches along the usual path
        made.append(complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a))
    made.append(submit(desa_a, anonymous=True, description=ODD_TEXT).complaint)
    for index, (lat, long) in enumerate(COORDINATES):
        located = submit(
            desa_a,
            latitude=Decimal(lat),
            longitude=Decimal(long),
            location_text="" if index % 2 else f'RT 0{index} ✓ "Dusun" \\ {ODD_TEXT}',
        ).complaint
        made.append(advance(located, "received", officer=operator_desa_a))
    with_files = complaint_in("answered", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    attachment_add(
        complaint=with_files,
        actor=pejabat_desa_a,
        upload=files.upload(files.png()),
        visibility="public",
    )
    public_outcome_set(
        complaint=with_files,
        actor=kades_desa_a,
        title="Gorong-gorong dibersihkan",
        outcome="Saluran dibuka kembali.",
        approved=True,
    )
    made.append(with_files)
    # A category with a name that needs escaping, and microseconds on every instant.
    Category.objects.filter(desa=desa_a, slug="infrastruktur").update(name='Jalan "rusak" \\ ✓')
    moment = timezone.now().replace(microsecond=999_999) - timedelta(days=3)
    Complaint.objects.filter(pk=made[0].pk).update(submitted_at=moment, updated_at=moment)
    ComplaintSla.objects.filter(complaint__desa=desa_a).update(deadline=moment + timedelta(days=9))
    return made


@pytest.fixture
def varied(built) -> list:
    return built


def test_the_statement_writes_the_bytes_the_python_path_writes(varied, desa_a):
    queries = [
        selectors.Open311Query(),
        selectors.Open311Query(statuses=["closed"]),
        selectors.Open311Query(statuses=["open"], service_codes=["infrastruktur", "lainnya"]),
        selectors.Open311Query(ids=[varied[0].tracking_code.lower(), varied[-1].tracking_code]),
        selectors.Open311Query(service_codes=["no-such-service"]),
    ]
    compared = 0
    # East and west of Greenwich (St John's is -03:30), and Greenwich itself.
    for zone in ["Asia/Jakarta", "Asia/Jayapura", "America/St_Johns", "UTC"]:
        desa_a.timezone = zone
        desa_a.save(update_fields=["timezone"])
        for language in ["id", "en"]:
            for full in [False, True]:
                with translation.override(language):
                    for query in queries:
                        expected = python_body(desa_a, query, full)
                        assert sql_body(desa_a, query, full) == expected, (zone, language, query)
                        compared += 1

    assert compared == 80
    everything = python_body(desa_a, queries[0], True)
    assert everything.count(b'"service_request_id"') == len(varied) - 1  # not the spam
    assert b"108.654321" in everything and b"5e-6" in everything and b'"lat":5.0' in everything


@pytest.mark.parametrize("reader", ["public", "application"])
def test_the_endpoint_answers_what_the_python_path_writes(varied, desa_a, reader):
    params = {"jurisdiction_id": desa_a.code}
    if reader == "application":
        params["api_key"] = application(desa_a, "complaints:read")[1]

    r = Client().get("/open311/v2/requests.json", params, HTTP_ACCEPT_LANGUAGE="en")

    assert r.status_code == 200, r.content
    with translation.override("en"):
        expected = python_body(desa_a, selectors.Open311Query(), reader == "application")
    assert r.content == expected

"""Exports of the book: PDF, XLSX and CSV read back, identity by right, large ones queued.

The book's four entries and the people who export it are made once for the module: each
test only exports and reads them back, and what it writes (identity reads, a queued
export) is rolled back at its end."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints.models import IdentityAccess
from register.models import RegisterExport
from register.render import ROWS_FIRST_PAGE, ROWS_PER_PAGE, BookHeader, render_pdf
from register.selectors import RegisterRow
from register.tasks import build_export
from tests.complaints.factories import REPORTER
from tests.conftest import handed_out, make_desa_a, make_personas
from tests.register.factories import received

pytestmark = pytest.mark.django_db

URL = "/api/v1/desa/32.07.10.2010/register/export/"


def build_module() -> dict:
    """Desa A's book of four entries (three named, one anonymous, received on 6 April 2026)
    and the personas, made once for the module."""
    desa_a = make_desa_a()
    people = make_personas("operator_desa_a", "kades_desa_a", "operator_desa_b", "camat_x")
    people["kades_desa_a"].full_name = "H. Asep Saepudin"
    people["kades_desa_a"].save()
    # in English, as tests/register/conftest.py sets it for each test
    with override_settings(LANGUAGE_CODE="en"):
        with time_machine.travel(datetime(2026, 4, 6, 2, 0, tzinfo=UTC), tick=False):
            received(desa_a, people["operator_desa_a"], count=3)
            received(desa_a, people["operator_desa_a"], anonymous=True)
    return {"book": desa_a, **people}


@pytest.fixture
def book(built):
    return built["book"]


# `kades_desa_a`: the village head who signs the book, H. Asep Saepudin.
operator_desa_a, kades_desa_a, operator_desa_b, camat_x = handed_out(
    "operator_desa_a", "kades_desa_a", "operator_desa_b", "camat_x"
)


def export(client, file_format, **body):
    return client.post(f"{URL}{file_format}/", {"year": 2026, **body})


def pdf_text(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_the_pdf_has_the_letterhead_the_columns_the_numbers_and_the_signature(
    api, book, operator_desa_a
):
    r = export(api(operator_desa_a), "pdf")

    assert r.status_code == 200, r.content[:200]
    assert r["Content-Type"] == "application/pdf"
    text, reader = pdf_text(r.content)
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    for expected in [
        "KABUPATEN",
        "KECAMATAN",
        "DESA JAGABAYA",
        "COMPLAINT REGISTER BOOK",
        "Register number",
        "Distributed to",
        "001/PGD/JGB/2026",
        "004/PGD/JGB/2026",
        "Printed on",
        "Page 1 of 1",
        "H. Asep Saepudin",
    ]:
        assert expected in text, expected
    assert REPORTER.name not in text


def test_the_pdf_speaks_indonesian_when_asked(api, book, operator_desa_a):
    r = export(api(operator_desa_a, language="id"), "pdf")

    assert r.status_code == 200
    text, _reader = pdf_text(r.content)
    assert "004/PGD/JGB/2026" in text


def test_the_xlsx_reads_back_with_typed_cells_and_a_frozen_header(api, book, operator_desa_a):
    r = export(api(operator_desa_a), "xlsx", with_identity=True)

    assert r.status_code == 200, r.content[:200]
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Register number", "Date received")
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4]
    assert [row[1] for row in rows[1:]] == [f"00{n}/PGD/JGB/2026" for n in (1, 2, 3, 4)]
    assert isinstance(rows[1][2], datetime)
    assert rows[1][2] == datetime(2026, 4, 6, 9, 0)  # WIB, as the office reads it
    assert [row[3] for row in rows[1:]] == [REPORTER.name] * 3 + ["Anonymous"]
    assert sheet.freeze_panes == "A2"


def test_every_name_in_an_export_is_logged_as_an_export_read(api, book, operator_desa_a):
    export(api(operator_desa_a), "csv", with_identity=True)

    assert IdentityAccess.objects.filter(actor=operator_desa_a, purpose="export").count() == 3


def test_the_csv_starts_with_a_bom_and_reads_back(api, book, operator_desa_a):
    r = export(api(operator_desa_a), "csv")

    assert r.status_code == 200
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "No."
    assert [row[1] for row in rows[1:]] == [f"00{n}/PGD/JGB/2026" for n in (1, 2, 3, 4)]
    assert not IdentityAccess.objects.exists()


def test_the_kecamatan_exports_without_any_identity(api, book, camat_x):
    client = api(camat_x)

    sheet = load_workbook(io.BytesIO(export(client, "xlsx", with_identity=True).content)).active
    text, _reader = pdf_text(export(client, "pdf", with_identity=True).content)

    assert {row[3] for row in list(sheet.iter_rows(values_only=True))[1:]} == {"Confidential"}
    assert REPORTER.name not in text
    assert not IdentityAccess.objects.exists()


def test_outsiders_get_404_and_unknown_formats_too(api, book, operator_desa_b, operator_desa_a):
    assert export(api(operator_desa_b), "pdf").status_code == 404
    unknown = export(api(operator_desa_a), "doc")

    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found" and unknown.json()["message"]


def test_a_large_export_is_queued_built_by_the_task_and_downloaded_by_its_requester(
    api, book, operator_desa_a, kades_desa_a, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.REGISTER_EXPORT_INLINE_MAX_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    client = api(operator_desa_a)

    with django_capture_on_commit_callbacks() as callbacks:
        r = export(client, "xlsx", with_identity=True)

    assert r.status_code == 202, r.json()
    assert len(callbacks) == 1  # the Celery task is sent after commit
    job = r.json()
    assert job["state"] == "pending" and job["download_url"] is None
    build_export(RegisterExport.objects.get(token=job["token"]).pk)
    build_export(RegisterExport.objects.get(token=job["token"]).pk)  # a redelivery: no-op

    status = client.get(f"/api/v1/register-exports/{job['token']}/")
    assert status.status_code == 200, status.json()
    assert status.json()["state"] == "done" and status.json()["rows"] == 4
    download = client.get(status.json()["download_url"])
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 5
    assert IdentityAccess.objects.filter(purpose="export").count() == 3
    other = api(kades_desa_a).get(status.json()["download_url"])
    assert other.status_code == 404, other.json()


def _rows(count: int, *, text: str) -> list[RegisterRow]:
    start = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)
    return [
        RegisterRow(
            year=2026,
            number=n,
            display_number=f"{n:03d}/PGD/JGB/2026",
            tracking_code="X",
            received_at=start,
            reporter=text,
            channel="walk_in",
            channel_label=text,
            summary=text,
            category=text,
            distributed_to=text,
            follow_up=text,
            finished_at=None,
            status="received",
            remarks=text,
            annotations=[],
        )
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("text", ["Selesai", "Gorong-gorong tersumbat di RT 02 " * 12])
def test_the_pdf_numbers_its_pages_across_the_documents_it_is_joined_from(desa_a, text):
    # given: more pages than one rendered document holds, cells short or far too long
    rows = _rows(ROWS_FIRST_PAGE + 5 * ROWS_PER_PAGE + 3, text=text)
    header = BookHeader(
        desa=desa_a, period="2026", village_head="H. Asep", printed_at=timezone.now()
    )

    # when
    _text, reader = pdf_text(render_pdf(rows, header))

    # then: every page says which of how many it is, the rows fill the pages as planned
    total = len(reader.pages)
    assert total == 7  # clamped cells never make a row taller
    for index, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert f"Page {index} of {total}" in page_text
        assert "Register number" in page_text  # the table head repeats
    last = reader.pages[-1].extract_text()
    assert f"{len(rows):03d}/PGD/JGB/2026" in last and "H. Asep" in last
    assert "COMPLAINT REGISTER BOOK" in reader.pages[0].extract_text()
    assert "COMPLAINT REGISTER BOOK" not in reader.pages[1].extract_text()

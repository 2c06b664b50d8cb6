"""The berita acara PDF: openers, witnesses, counts and slips — never who wrote a slip."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from pypdf import PdfReader

from tests.printables.pdfs import keep
from tests.suggestion_box.conftest import add_slip, open_box

pytestmark = pytest.mark.django_db

OPENING_DAY = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 WIB, a Thursday


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_berita_acara_lists_slips_and_witnesses_but_no_reporter(
    api, desa_a, box_a, box_a2, kades_desa_a
):
    with time_machine.travel(datetime(2026, 3, 5, 4, 0, tzinfo=UTC), tick=False):
        opening = open_box(
            desa_a, box_a, declared=3, opened_at=OPENING_DAY, openers=[box_a, box_a2]
        )
        add_slip(opening, box_a, title="Usul lampu jalan gang masjid")
        add_slip(
            opening,
            box_a2,
            title="Keluhan pelayanan surat pindah",
            anonymous=False,
            name="Ujang Sukmana",
            phone="0812-3456-7890",
        )

    r = api(kades_desa_a).get(
        f"/api/v1/desa/{desa_a.code}/suggestion-box/openings/{opening.pk}/berita-acara.pdf"
    )

    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith('attachment; filename="berita-acara-kotak-saran-')
    content = b"".join(r.streaming_content) if r.streaming else r.content
    keep("berita-acara-kotak-saran.pdf", content)
    text = _text(content)
    for expected in (
        "BERITA ACARA PEMBUKAAN KOTAK SARAN",
        "DESA JAGABAYA",
        "Kamis, 5 Maret 2026",
        "pukul 09:00 WIB",
        "Neneng Rohaeni",
        "Asep Sunandar",
        "Haji Dadang Suryana",
        "Ketua BPD",
        "Iis Rohimah",
        "Ketua RT 02",
        "001/PGD/JGB/2026",
        "Usul lampu jalan gang masjid",
        "002/PGD/JGB/2026",
        "Keluhan pelayanan surat pindah",
        "belum lengkap",
    ):
        assert expected in text, expected
    for identity in ("Ujang", "Sukmana", "0812", "6281234567890"):
        assert identity not in text


def test_a_berita_acara_of_many_slips_runs_over_pages_with_every_slip(desa_a, box_a):
    from django.utils import timezone

    from suggestion_box import selectors
    from suggestion_box.render import render_berita_acara

    opening = open_box(desa_a, box_a, declared=45)
    for number in range(1, 46):
        add_slip(opening, box_a, title=f"Slip nomor {number} dari kotak saran balai desa")
    opening = selectors.opening_get(desa=desa_a, opening_id=opening.pk)

    content = render_berita_acara(opening, selectors.slip_rows(opening), printed_at=timezone.now())

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2
    text = _text(content)
    assert all(f"Slip nomor {n} dari" in text for n in range(1, 46))
    assert "045/PGD/JGB/" in text
    assert "lengkap" in text and "belum lengkap" not in text

"""The reports as files (PDF for the BPD and the camat, XLSX): who may fetch them, and the
order of their categories.

What they print of desa A's seven complaints (a small cell is "< 5" there too, no identity,
text or code is in them, the signature, what was done) is tested in
tests/reports/test_files_one_of_a_category.py, where those complaints are made once."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints.models import Channel
from tests.complaints.factories import submit

DESA_FILE = "/api/v1/reports/desa/32.07.10.2010/file/{}/"
KECAMATAN_FILE = "/api/v1/reports/kecamatan/32.07.10/file/{}/"


def _pdf(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("camat_y", DESA_FILE.format("pdf"), 404),
        ("operator_desa_b", DESA_FILE.format("xlsx"), 404),
        ("pejabat_desa_a", DESA_FILE.format("pdf"), 404),
        ("warga", DESA_FILE.format("pdf"), 404),
        ("kades_desa_a", KECAMATAN_FILE.format("pdf"), 404),
        ("camat_y", KECAMATAN_FILE.format("xlsx"), 404),
        ("camat_x", DESA_FILE.format("csv"), 404),
        ("operator_desa_a", DESA_FILE.format("xlsx"), 200),
        ("admin_kabupaten", KECAMATAN_FILE.format("pdf"), 200),
    ],
)
def test_who_may_fetch_the_files(persona, url, status, desa_a, desa_b, api, request):
    assert api(request.getfixturevalue(persona)).get(url).status_code == status
    assert api().get(url).status_code == 401


def test_the_files_list_the_most_received_categories_first_and_hidden_ones_last(
    desa_a, operator_desa_a, kades_desa_a, api
):
    counts = {"pelayanan-aparatur": 8, "bantuan-sosial": 6, "infrastruktur": 5,
              "keamanan-ketertiban": 1}  # fmt: skip
    for slug, count in counts.items():
        for _ in range(count):
            submit(desa_a, actor=operator_desa_a, channel=Channel.WALK_IN, category_slug=slug)

    book = load_workbook(
        io.BytesIO(api(kades_desa_a).get(DESA_FILE.format("xlsx"), {"period": "year"}).content)
    )
    pdf = _pdf(api(kades_desa_a).get(DESA_FILE.format("pdf"), {"period": "year"}).content)

    # Infrastruktur's 5 is hidden ("*") so that the total cannot give away Keamanan's 1: a
    # hidden count is placed by name, not by what it hides.
    rows = list(book.worksheets[2].iter_rows(values_only=True))[1:]
    assert [row[:2] for row in rows] == [
        ("Pelayanan aparatur", 8), ("Bantuan sosial", 6), ("Infrastruktur", "*"),
        ("Keamanan & ketertiban", "< 5"),
    ]  # fmt: skip
    places = [pdf.index(f"{label}\n{count}") for label, count in
              (("Pelayanan aparatur", 8), ("Bantuan sosial", 6), ("Infrastruktur", "*"),
               ("Keamanan & ketertiban", "< 5"))]  # fmt: skip
    assert places == sorted(places)
    assert "Kategori teratas" in pdf

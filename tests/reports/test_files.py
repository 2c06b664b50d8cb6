"""The reports as files (PDF for the BPD and the camat, XLSX): what they print, that a small
cell is "< 5" there too, that no identity, text or code is in them, and who may fetch them."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints.models import Channel, Complaint
from tests.complaints.factories import REPORTER, advance, submit

DESA_FILE = "/api/v1/reports/desa/32.07.10.2010/file/{}/"
KECAMATAN_FILE = "/api/v1/reports/kecamatan/32.07.10/file/{}/"


@pytest.fixture
def one_of_a_category(desa_a, desa_a2, operator_desa_a, pejabat_desa_a, kades_desa_a):
    """Desa A: six infrastructure complaints (two answered) and one about security."""
    kades_desa_a.full_name = "Asep Sunandar"
    kades_desa_a.save()
    for _ in range(2):
        advance(submit(desa_a).complaint, "answered", officer=operator_desa_a,
                handler=pejabat_desa_a)  # fmt: skip
    for _ in range(4):
        submit(desa_a, actor=operator_desa_a, channel=Channel.WALK_IN)
    submit(desa_a, actor=operator_desa_a, channel=Channel.WALK_IN,
           category_slug="keamanan-ketertiban", title="Pencurian ternak di Cikupa")  # fmt: skip
    return desa_a


def _pdf(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _secrets(desa) -> list[str]:
    complaint = Complaint.objects.filter(desa=desa).first()
    return [REPORTER.name, REPORTER.nik, "3456-7890", complaint.title, complaint.description,
            complaint.tracking_code, "Cikupa", "/PGD/"]  # fmt: skip


def test_the_desa_pdf_has_letterhead_measures_suppression_and_signature(
    one_of_a_category, kades_desa_a, api
):
    response = api(kades_desa_a).get(DESA_FILE.format("pdf"), {"period": "year"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf(response.content)
    assert "DESA JAGABAYA" in text and "KECAMATAN" in text
    assert "Keamanan & ketertiban\n< 5" in text
    assert "Infrastruktur\n*" in text
    assert "Asep Sunandar" in text
    assert [secret for secret in _secrets(one_of_a_category) if secret in text] == []


def test_the_xlsx_reads_back_with_the_same_cells(one_of_a_category, camat_x, api):
    response = api(camat_x).get(DESA_FILE.format("xlsx"))

    book = load_workbook(io.BytesIO(response.content))
    categories = {row[0]: row[1] for row in book.worksheets[2].iter_rows(values_only=True)}
    assert categories["Keamanan & ketertiban"] == "< 5"
    assert categories["Infrastruktur"] == "*"
    cells = " ".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for value in row
    )  # fmt: skip
    assert [secret for secret in _secrets(one_of_a_category) if secret in cells] == []


def test_the_kecamatan_pdf_sets_its_desa_side_by_side(one_of_a_category, camat_x, api):
    response = api(camat_x).get(KECAMATAN_FILE.format("pdf"))

    text = _pdf(response.content)
    assert "KECAMATAN" in text
    assert "Jagabaya\n7" in text and "Nagarajati\n0" in text
    assert [secret for secret in _secrets(one_of_a_category) if secret in text] == []
    xlsx = api(camat_x).get(KECAMATAN_FILE.format("xlsx"))
    desa = [row[0] for row in load_workbook(io.BytesIO(xlsx.content)).worksheets[2].iter_rows(
        values_only=True)]  # fmt: skip
    assert desa[1:] == ["Nagarajati", "Jagabaya"]


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


def test_the_desa_pdf_lists_what_was_done_as_approved_and_never_the_reporter(
    one_of_a_category, operator_desa_a, pejabat_desa_a, kades_desa_a, api
):
    from complaints.services import public_outcome_set

    desa = one_of_a_category
    done = [advance(submit(desa, title=f"Jalan berlubang dekat rumah {REPORTER.name}").complaint,
                    "closed", officer=operator_desa_a, handler=pejabat_desa_a)
            for _ in range(3)]  # fmt: skip
    public_outcome_set(complaint=done[0], actor=kades_desa_a, title="Jalan berlubang di RT 03",
                       outcome="Ditambal dengan aspal dingin oleh kaur pembangunan.",
                       approved=True)  # fmt: skip
    public_outcome_set(complaint=done[1], actor=operator_desa_a, title="Lampu jalan padam",
                       outcome="Belum disetujui: jangan dicetak.", approved=False)  # fmt: skip

    pdf = _pdf(api(kades_desa_a).get(DESA_FILE.format("pdf"), {"period": "year"}).content)
    book = load_workbook(
        io.BytesIO(api(kades_desa_a).get(DESA_FILE.format("xlsx"), {"period": "year"}).content)
    )

    assert "Jalan berlubang di RT 03" in pdf
    assert "Ditambal dengan aspal dingin oleh kaur pembangunan." in pdf
    assert "Lampu jalan padam" not in pdf and "Belum disetujui" not in pdf
    sheet = list(book.worksheets[-1].iter_rows(values_only=True))
    assert [row[1:] for row in sheet[1:]] == [
        ("Jalan berlubang di RT 03", "Ditambal dengan aspal dingin oleh kaur pembangunan.")
    ]
    secrets = [*_secrets(desa), done[2].title, done[0].tracking_code, "Rahmawati"]
    assert [secret for secret in secrets if secret in pdf] == []


def test_the_desa_pdf_says_when_nothing_was_approved(one_of_a_category, kades_desa_a, api):
    text = _pdf(api(kades_desa_a).get(DESA_FILE.format("pdf"), {"period": "year"}).content)

    assert "Tidak ada pengaduan selesai" in text  # the village head reads Indonesian


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

"""The reports as files over desa A's seven complaints, six about infrastructure (two
answered) and one about security: the desa's PDF and XLSX and the kecamatan's PDF print the
measures with the small cells suppressed, the signature, what was done, and no identity.

Every test here reads these seven complaints (or adds to them and is rolled back), and what
it expects is printed from exactly these rows: the complaints and the people who fetch the
files are made once for the module (`built_once`), apart from tests/reports/test_files.py,
whose other tests make complaints of their own or none."""

import io

import pytest
from openpyxl import load_workbook

from complaints.models import Channel, Complaint
from tests.complaints.factories import REPORTER, advance, submit
from tests.conftest import (
    handed_out,
    make_desa_a,
    make_desa_b,
    make_kades_desa_a,
    make_operator_desa_a,
    make_pejabat_desa_a,
    make_personas,
)
from tests.reports.test_files import DESA_FILE, KECAMATAN_FILE, _pdf


def build_module() -> dict:
    """Desa A: six infrastructure complaints (two answered) and one about security; its
    village head, who signs, and the people who fetch its files. Each test prints desa A's
    seven complaints, or adds to them and is rolled back: they are made once for the module,
    with the people who fetch the files."""
    desa_a = make_desa_a()
    make_desa_b()
    operator_desa_a = make_operator_desa_a(desa_a)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    kades_desa_a = make_kades_desa_a(desa_a)
    kades_desa_a.full_name = "Asep Sunandar"
    kades_desa_a.save()
    for _ in range(2):
        advance(submit(desa_a).complaint, "answered", officer=operator_desa_a,
                handler=pejabat_desa_a)  # fmt: skip
    for _ in range(4):
        submit(desa_a, actor=operator_desa_a, channel=Channel.WALK_IN)
    submit(desa_a, actor=operator_desa_a, channel=Channel.WALK_IN,
           category_slug="keamanan-ketertiban", title="Pencurian ternak di Cikupa")  # fmt: skip
    return {
        "desa_a": desa_a,
        "operator_desa_a": operator_desa_a,
        "pejabat_desa_a": pejabat_desa_a,
        "kades_desa_a": kades_desa_a,
        **make_personas("camat_x"),
    }


@pytest.fixture
def one_of_a_category(built):
    """Desa A: six infrastructure complaints (two answered) and one about security."""
    return built["desa_a"]


desa_a, operator_desa_a, pejabat_desa_a = handed_out("desa_a", "operator_desa_a", "pejabat_desa_a")


@pytest.fixture
def kades_desa_a(built):
    """The village head of desa A, Asep Sunandar, who signs the desa's PDF."""
    return built["kades_desa_a"]


(camat_x,) = handed_out("camat_x")


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

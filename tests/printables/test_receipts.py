"""The tanda terima: with the PIN right after recording (the PIN checked against its hash),
without it on a reprint; A6, A5 and a 58 mm roll; for the desa's office only.

The assigned complaint the permission table prints, with its intake officer and handler, is
built once for the module (`built_once`): recording, verifying and assigning it was most of each
of the seven cases' cost. Tests that need the PIN still record their own walk-in."""

from datetime import date

import pytest
from django.utils import translation

from complaints.services import complaint_transition
from regions.services import desa_contact_set
from sla.dates import due_date_text
from tests.complaints.test_lifecycle_api import BODY
from tests.complaints.walk_in import recorded
from tests.conftest import handed_out, make_desa_a, make_operator_desa_a, make_pejabat_desa_a
from tests.printables.pdfs import keep, pdf_pages, pdf_text

MM = 72 / 25.4


def walk_in(api, officer, **changes):
    r = api(officer).post("/api/v1/complaints/", {**BODY, "channel": "walk_in", **changes})
    assert r.status_code == 201, r.json()
    return r.json()


def receipt(client, code, paper="a6", **body):
    return client.post(f"/api/v1/complaints/{code}/receipt/{paper}/", body)


def build_module() -> dict:
    """A walk-in of desa A, verified and assigned to its Kasi Pemerintahan. The assigned
    complaint and its office, built once for the module."""
    desa_a = make_desa_a()
    operator_desa_a = make_operator_desa_a(desa_a)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    complaint = recorded(desa_a, operator_desa_a).complaint
    complaint_transition(complaint=complaint, action="verify", actor=operator_desa_a,
                         urgency="medium", impact="medium")  # fmt: skip
    complaint_transition(
        complaint=complaint, action="assign", actor=operator_desa_a, assignee=pejabat_desa_a.pk
    )
    return {
        "operator_desa_a": operator_desa_a,
        "pejabat_desa_a": pejabat_desa_a,
        "assigned": complaint,
    }


# The module's officer and handler of desa A (not second users of the same names).
operator_desa_a, pejabat_desa_a = handed_out("operator_desa_a", "pejabat_desa_a")


@pytest.fixture
def contact(desa_a):
    desa_contact_set(
        desa=desa_a,
        whatsapp="0812-9999-0001",
        phone="",
        email="pengaduan@jagabaya.desa.id",
        office_address="Jl. Raya Jagabaya No. 1, Panawangan",
        office_hours="Senin–Jumat 08.00–15.00 WIB",
    )


def test_the_receipt_right_after_recording_carries_register_number_code_and_pin(
    api, desa_a, operator_desa_a, contact
):
    recorded_now = walk_in(api, operator_desa_a)
    code, pin = recorded_now["tracking_code"], recorded_now["pin"]
    register = recorded_now["complaint"]["register_number"]
    deadline = recorded_now["complaint"]["sla"]["due_on"]

    r = receipt(api(operator_desa_a), code, "a6", pin=pin)

    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf" and r["Cache-Control"] == "no-store"
    data = r.content
    keep("receipt-a6.pdf", data)
    text = pdf_text(data)
    assert register in text
    assert f"{code[:4]}-{code[4:]}" in text and pin in text
    assert "TANDA TERIMA PENGADUAN" in text
    kecamatan, kabupaten = desa_a.parent, desa_a.parent.parent
    assert "DESA JAGABAYA" in text and f"KECAMATAN {kecamatan.name.upper()}" in text
    assert f"KABUPATEN {kabupaten.name.upper()}" in text
    assert "Gorong-gorong tersumbat di RT 02" in text and "Infrastruktur" in text
    assert "tidak dipungut biaya" in text
    assert "0812-9999-0001" in text and "pengaduan@jagabaya.desa.id" in text
    with translation.override("id"):  # the working date, weekday included (sla.dates)
        assert f"Dijawab paling lambat {due_date_text(date.fromisoformat(deadline))}" in text
    [page] = pdf_pages(data).pages
    assert round(float(page.mediabox.width) / MM) == 105
    assert round(float(page.mediabox.height) / MM) == 148
    for name in ["Siti Rahmawati", "3207105505900001"]:  # the reporter's identity stays off
        assert name not in text


def test_a5_and_the_58mm_roll(api, operator_desa_a, contact):
    recorded_now = walk_in(api, operator_desa_a)
    code, pin = recorded_now["tracking_code"], recorded_now["pin"]
    client = api(operator_desa_a)

    a5 = receipt(client, code, "a5", pin=pin)
    roll = receipt(client, code, "58mm", pin=pin)

    assert a5.status_code == roll.status_code == 200
    keep("receipt-a5.pdf", a5.content)
    keep("receipt-58mm.pdf", roll.content)
    [a5_page] = pdf_pages(a5.content).pages
    [roll_page] = pdf_pages(roll.content).pages
    assert round(float(a5_page.mediabox.width) / MM) == 148
    assert round(float(roll_page.mediabox.width) / MM) == 58
    assert float(roll_page.mediabox.height) > float(roll_page.mediabox.width)
    for data in (a5.content, roll.content):
        text = pdf_text(data)
        assert pin in text and recorded_now["complaint"]["register_number"] in text


def test_a_reprint_has_no_pin(api, operator_desa_a, kades_desa_a):
    recorded_now = walk_in(api, operator_desa_a)
    code, pin = recorded_now["tracking_code"], recorded_now["pin"]

    for user in (operator_desa_a, kades_desa_a):
        r = receipt(api(user), code, "58mm")
        assert r.status_code == 200
        text = pdf_text(r.content)
        assert pin not in text.replace(" ", "")
        assert "PIN diberikan saat pengaduan dicatat" in text and "Cetak ulang" in text
        assert recorded_now["complaint"]["register_number"] in text


def test_a_wrong_pin_prints_nothing(api, operator_desa_a):
    recorded_now = walk_in(api, operator_desa_a)
    wrong = "000000" if recorded_now["pin"] != "000000" else "111111"

    r = receipt(api(operator_desa_a), recorded_now["tracking_code"], "a6", pin=wrong)

    assert r.status_code == 400 and "pin" in r.json()["fields"]


def test_an_unknown_paper_is_not_found(api, operator_desa_a):
    code = walk_in(api, operator_desa_a)["tracking_code"]

    assert receipt(api(operator_desa_a), code, "a4").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("operator_desa_a", 200),
        ("kades_desa_a", 200),
        ("pejabat_desa_a", 403),  # assigned: sees the complaint, prints nothing
        ("operator_desa_b", 404),
        ("camat_x", 404),
        ("warga", 404),
        (None, 401),
    ],
)
def test_who_may_print_a_receipt(request, api, built, who, expected):
    complaint = built["assigned"]  # recorded, verified, assigned to pejabat_desa_a
    user = request.getfixturevalue(who) if who else None

    r = receipt(api(user), complaint.tracking_code, "a6")

    assert r.status_code == expected, r.content


def test_a_receipt_costs_a_fixed_handful_of_queries(
    api, desa_a, operator_desa_a, contact, django_assert_max_num_queries
):
    # user with memberships, the complaint's row (desa, kecamatan, clock, register entry),
    # the kabupaten, the desa's contact (the calendar is cached after the first)
    first = walk_in(api, operator_desa_a)["tracking_code"]
    client = api(operator_desa_a)
    receipt(client, first, "a6")
    with django_assert_max_num_queries(4):
        assert receipt(client, first, "a6").status_code == 200

"""A resident with an account follows their complaint from "Pengaduan saya", no PIN needed."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from complaints.models import Complaint, Transition
from register.selectors import register_number_of
from tests.e2e.helpers import JAGABAYA, assert_accessible, log_in, screenshot

LAMP = "Lampu jalan depan masjid mati sejak sebulan"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", quiet=True)


def test_resident_opens_own_answered_complaint_and_rates_it_without_a_pin(
    demo, phone_page, live_server
):
    page = phone_page
    complaint = Complaint.objects.select_related("desa__register_settings", "register_entry").get(
        title=LAMP, desa__code=JAGABAYA
    )
    assert complaint.status == "answered"
    register_number = register_number_of(complaint)

    log_in(page, live_server.url, "warga.jagabaya")
    page.get_by_role("link", name="Pengaduan saya").click()
    page.get_by_role("list", name="Pengaduan saya").get_by_role("link", name=LAMP).click()

    expect(page).to_have_url(f"{live_server.url}/saya/pengaduan/{complaint.tracking_code}")
    expect(page.get_by_role("heading", level=1)).to_have_text(LAMP)
    expect(page.get_by_label("PIN")).to_have_count(0)
    # The tracking view in plain words: state, register number, the answer, the timeline.
    expect(page.locator(".status-line")).to_contain_text("Hasil disampaikan")
    expect(page.locator(".facts")).to_contain_text(register_number)
    expect(page.get_by_text("Lampu jalan di depan masjid sudah diganti")).to_be_visible()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Diterima petugas dan dicatat di buku register")
    expect(timeline).to_contain_text("Lampu sudah dicek")
    assert_accessible(page, "own complaint")
    screenshot(page, "resident-own-complaint")

    page.get_by_role("button", name="Selesai, beri penilaian").click()
    page.get_by_label("4 — Puas").check()
    page.get_by_label("Komentar (boleh dikosongkan)").fill("Sudah terang lagi.")
    page.get_by_role("button", name="Kirim penilaian").click()

    expect(page.get_by_text("Penilaian Anda: 4 dari 5.")).to_be_visible()
    expect(page.locator(".status-line")).to_contain_text("Selesai")
    expect(page.get_by_role("button", name="Kirim penilaian")).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.rating == 4
    assert complaint.rating_comment == "Sudah terang lagi."
    confirm = Transition.objects.get(complaint=complaint, action="confirm")
    assert confirm.actor.username == "warga.jagabaya"

    page.get_by_role("link", name="Kembali ke daftar pengaduan saya").click()
    expect(page).to_have_url(re.compile(r"/saya/pengaduan$"))


def test_another_residents_complaint_is_not_found_from_the_account(demo, phone_page, live_server):
    page = phone_page
    theirs = Complaint.objects.filter(desa__code="33.22.02.2006").first()

    log_in(page, live_server.url, "warga.jagabaya")
    page.goto(f"{live_server.url}/saya/pengaduan/{theirs.tracking_code}")

    expect(page.get_by_role("alert")).to_have_text("Pengaduan ini tidak ditemukan di akun Anda.")
    expect(page.get_by_text(theirs.title)).to_have_count(0)

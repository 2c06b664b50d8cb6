"""The intake officer records a walk-in on a 320 px phone: sees the code and PIN once, prints
the receipt (with the PIN), and later records the reporter's confirmation on their behalf."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from complaints.models import Complaint, Transition
from register.selectors import register_number_of
from tests.complaints.walk_in import moved
from tests.e2e.helpers import assert_accessible, log_in, screenshot
from tests.printables.pdfs import pdf_text


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def test_an_officer_records_a_walk_in_prints_the_receipt_and_confirms_for_the_reporter(
    demo, phone_page, live_server, tmp_path
):
    page, base = phone_page, live_server.url
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, base, "petugas.jagabaya")

    page.goto(f"{base}/staf/catat")
    page.get_by_label("Saluran").select_option("walk_in")
    page.get_by_label("Kategori").select_option("infrastruktur")
    page.get_by_label("Judul singkat").fill("Lampu jalan mati di gang Melati")
    page.get_by_label("Ceritakan masalahnya").fill("Sudah seminggu gelap, rawan pencurian.")
    page.get_by_label("Nama lengkap").fill("Siti Rahmawati")
    page.get_by_label("NIK").fill("3207105505900001")
    page.get_by_label("Nomor HP atau WhatsApp").fill("0812-3456-7890")
    page.get_by_label("Alamat").fill("Dusun Cikupa RT 02/RW 01")
    page.get_by_role("button", name="Simpan pengaduan").click()

    # The code and PIN, once, with what to do with them.
    expect(page.get_by_role("heading", name="Pengaduan tercatat")).to_be_visible()
    expect(page.get_by_text("berikan kode lacak dan PIN ini kepada pelapor")).to_be_visible()
    pin = page.get_by_test_id("recorded-pin").inner_text().strip()
    code = page.get_by_test_id("recorded-code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", pin) and len(code) == 10
    expect(page.get_by_role("button", name="Kirim ke WhatsApp pelapor")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scroll
    screenshot(page, "walk-in-recorded-320")
    assert_accessible(page, "walk-in recorded")

    with page.expect_download() as download:
        page.get_by_role("button", name="Cetak tanda terima (A6)").click()
    saved = Path(tmp_path / "receipt.pdf")
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    complaint = Complaint.objects.get(tracking_code=code)
    assert pin in text and f"{code[:4]}-{code[4:]}" in text
    assert register_number_of(complaint) in text
    expect(page.get_by_text("Tanda terima sudah diunduh")).to_be_visible()

    # The office follows it up and answers; the reporter comes back to the office, content.
    moved(
        complaint,
        "answered",
        officer=User.objects.get(username="petugas.jagabaya"),
        handler=User.objects.get(username="pejabat.jagabaya"),
    )
    page.get_by_role("link", name="Buka pengaduan").click()
    expect(page.get_by_role("heading", name="Lampu jalan mati di gang Melati")).to_be_visible()
    panel = page.get_by_role("region", name="Catat atas nama pelapor")
    panel.get_by_label("Konfirmasi dan nilai").check()
    panel.get_by_label("Cara pelapor menyampaikan").select_option("in_person")
    panel.get_by_label("Penilaian pelapor (1–5)").select_option("5")
    panel.get_by_label("Komentar pelapor").fill("Sudah terang lagi, terima kasih.")
    panel.get_by_role("button", name="Simpan atas nama pelapor").click()

    expect(page.locator(".status-line .badge").first).to_have_text("Selesai")
    expect(
        page.get_by_text("Disampaikan langsung di kantor desa · dicatat petugas atas nama pelapor")
    ).to_be_visible()
    move = Transition.objects.get(complaint=complaint, action="confirm")
    assert move.capacity == "on_behalf" and move.actor.username == "petugas.jagabaya"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

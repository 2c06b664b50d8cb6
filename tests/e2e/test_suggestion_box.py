"""The box team records an opening of the suggestion box, types in its slips from the
keyboard in the batch screen, sees the opening complete and downloads the berita acara."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from complaints.models import Complaint
from tests.e2e.helpers import assert_accessible, log_in, screenshot


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def test_the_box_team_records_an_opening_and_its_slips_from_the_keyboard(
    demo, desk_page, live_server
):
    page = desk_page
    log_in(page, live_server.url, "kotak.jagabaya")
    page.get_by_role("navigation", name="Menu petugas").get_by_role(
        "link", name="Pembukaan kotak saran"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Pembukaan kotak saran")).to_be_visible()

    page.get_by_role("button", name="Catat pembukaan baru").click()
    expect(page.get_by_role("checkbox", name="Neneng Rohaeni")).to_be_checked()  # the only one
    assert_accessible(page, "new opening form")
    page.get_by_label("Nama saksi 1").fill("Haji Dadang Suryana")
    page.get_by_label("Jabatan saksi 1").fill("Ketua BPD")
    page.get_by_label("Jumlah slip yang ditemukan").fill("2")
    page.get_by_role("button", name="Simpan pembukaan").click()

    status = page.get_by_role("status").filter(has_text="slip dicatat")
    expect(status).to_have_text(re.compile(r"Belum lengkap\s*0 dari 2 slip dicatat"))
    page.get_by_label("Jenis").select_option(label="Saran atau kritik")
    page.get_by_label("Kategori").select_option(label="Lingkungan")
    urgent = page.get_by_label("Menurut slip, apakah ini mendesak?")
    urgent.select_option(label="Ya, mendesak")

    # The first slip: summary, Tab to the text, Ctrl+Enter saves.
    summary = page.get_by_label("Ringkasan slip")
    summary.focus()
    page.keyboard.type("Usul bank sampah tiap dusun")
    page.keyboard.press("Tab")
    page.keyboard.type("Mohon dibuat bank sampah di setiap dusun.")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text(re.compile(r"Slip 1 tersimpan dengan nomor register"))).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_value("")
    expect(page.get_by_label("Kategori")).to_have_value("lingkungan")  # kept for the next
    expect(urgent).to_have_value("")  # each slip says its own

    # The second: the text first, then back to the summary, and Enter there saves.
    page.keyboard.type("Selokan di gang masjid tersumbat")
    page.keyboard.press("Tab")
    page.keyboard.type("Air meluap ke jalan setiap hujan.")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Slip 2 tersimpan dengan nomor register"))).to_be_visible()

    expect(status).to_have_text(re.compile(r"Lengkap\s*2 dari 2 slip dicatat"))
    slips = page.get_by_role("region", name="Slip yang sudah dicatat")
    expect(slips.get_by_role("row")).to_have_count(3)
    expect(slips).to_contain_text("Usul bank sampah tiap dusun")
    screenshot(page, "suggestion-box-opening-1280")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, "opening at 320 px")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    screenshot(page, "suggestion-box-opening-320")
    page.set_viewport_size({"width": 1280, "height": 800})

    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh berita acara (PDF)").click()
    content = open(download.value.path(), "rb").read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "BERITA ACARA PEMBUKAAN KOTAK SARAN" in text
    assert "Haji Dadang Suryana" in text
    assert "Usul bank sampah tiap dusun" in text
    assert "Selokan di gang masjid tersumbat" in text
    urgent_by_title = dict(
        Complaint.objects.filter(
            channel="suggestion_box",
            title__in=["Usul bank sampah tiap dusun", "Selokan di gang masjid tersumbat"],
        ).values_list("title", "reporter_urgent")
    )
    assert urgent_by_title == {
        "Usul bank sampah tiap dusun": True,
        "Selokan di gang masjid tersumbat": None,
    }

    page.get_by_role("link", name="← Semua pembukaan").click()
    opening = page.get_by_role("list", name="Daftar pembukaan").get_by_role("listitem").first
    expect(opening).to_contain_text("Lengkap")
    expect(opening).to_contain_text("2 dari 2 slip dicatat")


def test_the_village_head_sees_the_incomplete_openings_on_the_overview(
    demo, desk_page, live_server
):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from regions.models import Region
    from suggestion_box import services

    box = User.objects.get(username="kotak.jagabaya")
    services.opening_create(
        desa=Region.objects.get(code="32.07.10.2010"),
        actor=box,
        opened_at=timezone.now() - timedelta(hours=3),
        opener_ids=[box.pk],
        witnesses=[services.Witness(name="Pak Karna", position="Ketua RW 01")],
        declared_count=2,
    )
    page = desk_page
    log_in(page, live_server.url, "kades.jagabaya")

    expect(page.get_by_text("Pembukaan kotak saran belum lengkap: 1")).to_be_visible()
    page.get_by_role("link", name="Lihat pembukaan kotak saran").click()
    openings = page.get_by_role("list", name="Daftar pembukaan").get_by_role("listitem")
    expect(openings).to_have_count(2)  # and the demo's opening of last week, complete
    opening = openings.filter(has_text="Belum lengkap")
    expect(opening).to_have_count(1)
    expect(opening).to_contain_text("0 dari 2 slip dicatat")
    expect(page.get_by_role("button", name="Catat pembukaan baru")).to_have_count(0)

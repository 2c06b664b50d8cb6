"""The reports' screens in a phone-sized Chromium: the kecamatan operator compares its desa,
the village head reads the desa beside the kecamatan, anyone reads the public page."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.helpers import JAGABAYA, assert_accessible, log_in, screenshot


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def test_the_kecamatan_operator_compares_jagabaya_with_its_neighbours(
    demo, phone_page, live_server
):
    page = phone_page
    log_in(page, live_server.url, "operator.panawangan")
    page.goto(f"{live_server.url}/staf")

    expect(page).to_have_url(f"{live_server.url}/staf/kecamatan")
    expect(page.get_by_role("heading", name="Perbandingan desa, Kec. Panawangan")).to_be_visible()
    table = page.get_by_role("region", name="Ukuran per desa").get_by_role("table")
    expect(table.get_by_role("link", name="Jagabaya")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Seluruh kecamatan")).to_be_visible()
    assert table.locator("tbody tr").count() == 6  # Jagabaya and its five neighbours
    received = page.get_by_role("button", name="Diterima", exact=True)
    received.click()  # most received first
    expect(table.locator("thead th").nth(1)).to_have_attribute("aria-sort", "descending")
    expect(table.locator("tbody tr").first.get_by_role("rowheader")).to_have_text("Jagabaya")
    assert_accessible(page, "kecamatan comparison")
    screenshot(page, "reports-kecamatan")
    with page.expect_download() as sheet:
        page.get_by_role("button", name="Unduh XLSX").click()
    assert sheet.value.suggested_filename == f"laporan-32.07.10-{date.today().year}.xlsx"
    with page.expect_download() as table_csv:
        page.get_by_role("button", name="Unduh CSV").click()
    csv_text = Path(table_csv.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith('"Desa","Diterima"') and '"Jagabaya"' in csv_text

    table.get_by_role("link", name="Jagabaya").click()
    expect(page.get_by_role("heading", name="Laporan Desa Jagabaya")).to_be_visible()
    expect(page.get_by_role("heading", name="Per bulan")).to_be_visible()
    assert_accessible(page, "kecamatan's view of a desa")


def test_the_village_head_reads_the_desa_beside_the_kecamatan(demo, phone_page, live_server):
    page = phone_page
    log_in(page, live_server.url, "kades.jagabaya")
    page.goto(f"{live_server.url}/staf/laporan")

    expect(page.get_by_role("heading", name="Laporan Desa Jagabaya")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Kec. Panawangan")).to_be_visible()
    expect(page.get_by_text("Terlambat sekarang", exact=True)).to_be_visible()
    # What needs the village head now links to the inbox filtered to it.
    overdue = page.get_by_role("link", name=re.compile("Terlambat sekarang: lihat di kotak masuk"))
    expect(overdue).to_have_attribute("href", "/staf?overdue=1")
    assert_accessible(page, "village head's report")
    screenshot(page, "reports-desa")


def test_anyone_sees_how_well_the_desa_answers(demo, phone_page, live_server):
    page = phone_page
    page.goto(f"{live_server.url}/d/{JAGABAYA}")
    page.get_by_role("link", name="Seberapa baik desa ini menjawab pengaduan").click()

    expect(page).to_have_url(f"{live_server.url}/d/{JAGABAYA}/transparansi")
    expect(page.get_by_role("heading", name="Per kategori")).to_be_visible()
    # The demo's year: more than four complaints, so the total shows as a number.
    expect(page.locator("dt:text-is('Pengaduan diterima') + dd")).to_have_text(re.compile(r"^\d+$"))
    # The demo has categories of fewer than five complaints: they show as "< 5".
    categories = page.get_by_role("region", name="Per kategori")
    expect(categories.get_by_role("cell", name="< 5", exact=True).first).to_be_visible()
    assert_accessible(page, "public page")
    screenshot(page, "reports-public")


def test_an_admin_reads_every_desa_of_a_kabupaten_by_kecamatan(demo, phone_page, live_server):
    page = phone_page
    log_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/staf/kabupaten")

    expect(page.get_by_role("heading", name=re.compile(r"^Semua desa Kab\. "))).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name=re.compile(r"^Kec\. Panawangan"))).to_be_visible()
    expect(table.get_by_role("rowheader", name="Jagabaya")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Seluruh kabupaten")).to_be_visible()
    assert_accessible(page, "kabupaten report")
    with page.expect_download() as table_csv:
        page.get_by_role("button", name="Unduh CSV").click()
    csv_text = Path(table_csv.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith('"Kecamatan","Desa","Diterima"') and '"Jagabaya"' in csv_text

"""The office's books: the register book (office, and the kecamatan without identities) and
the village head's days off, each from its tab, on a laptop and a phone."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint
from register.models import RegisterEntry
from sla.models import CalendarDay
from tests.e2e.helpers import JAGABAYA, assert_accessible, log_in, screenshot


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def both_widths(page, name: str) -> None:
    assert_accessible(page, f"{name} at 1280 px")
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 360, "height": 640})
    assert_accessible(page, f"{name} at 360 px")
    screenshot(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_officer_reads_checks_and_prints_the_register_book(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "petugas.jagabaya")
    page.get_by_role("link", name="Buku register").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Buku register"))).to_be_visible()
    year = timezone.localdate().year
    entries = RegisterEntry.objects.filter(desa__code=JAGABAYA, year=year).count()
    assert entries > 0
    expect(page.locator("table.register tbody tr")).to_have_count(min(entries, 50))
    first = RegisterEntry.objects.filter(desa__code=JAGABAYA, year=year).order_by("number").first()
    number = f"{first.number:03d}/"
    expect(page.locator("table.register tbody tr").first.locator("td").first).to_contain_text(
        number
    )
    both_widths(page, "register-book")

    page.get_by_role("button", name="Periksa keutuhan buku").click()
    expect(page.get_by_text("Buku register utuh")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh CSV").click()
    assert download.value.suggested_filename == f"register-{JAGABAYA}-{year}.csv"
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert number in text


def test_the_kecamatan_reads_a_desa_register_without_identities(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "operator.panawangan")
    page.get_by_role("link", name="Desa di kecamatan").click()  # it lands on the comparison
    desa = page.get_by_role("list", name="Desa di Kecamatan Panawangan").get_by_role("listitem")
    desa.filter(has_text="Desa Jagabaya").get_by_role(
        "link", name=re.compile("Buku register")
    ).click()
    expect(page.locator("table.register tbody tr").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jagabaya")  # not its code
    expect(page.get_by_label(re.compile("Tampilkan nama pelapor"))).to_have_count(0)
    named = Complaint.objects.filter(desa__code=JAGABAYA, anonymous=False).exclude(
        reporter_account=None
    )
    content = page.content()
    for complaint in named:
        name = complaint.reporter_account.full_name
        assert not name or name not in content
    both_widths(page, "register-book-kecamatan")


def test_the_village_head_declares_and_withdraws_a_day_off(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "kades.jagabaya")
    page.get_by_role("link", name="Hari libur desa").click()
    expect(page.get_by_role("heading", level=1, name="Hari libur Desa Jagabaya")).to_be_visible()
    both_widths(page, "days-off")

    day = timezone.localdate() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    page.get_by_label("Tanggal").fill(day.isoformat())
    page.get_by_label("Alasan").fill("Banjir di Dusun Cikupa")
    page.get_by_role("button", name="Tetapkan hari libur").click()
    expect(
        page.get_by_role("status").filter(has_text="ditetapkan sebagai hari libur")
    ).to_be_visible()
    assert CalendarDay.objects.filter(
        desa__code=JAGABAYA, date=day, kind=CalendarDay.Kind.DAY_OFF
    ).exists()
    item = page.get_by_role("listitem").filter(has_text="Banjir di Dusun Cikupa")
    expect(item).to_be_visible()

    item.get_by_role("button", name=re.compile("Batalkan")).click()
    expect(page.get_by_role("status").filter(has_text="dibatalkan")).to_be_visible()
    assert not CalendarDay.objects.filter(
        desa__code=JAGABAYA, date=day, kind=CalendarDay.Kind.DAY_OFF
    ).exists()

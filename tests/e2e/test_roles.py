"""Every role lands where its work is after login and takes its first step from there, on an
office laptop (1280 px), on a phone (360 px) and at 200 % zoom, with no serious accessibility
problem."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import Membership, Role, User
from regions.models import Region
from tests.e2e.helpers import JAGABAYA, assert_accessible, log_in, screenshot

KLERO = "33.22.02.2006"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


@pytest.fixture(autouse=True)
def _no_console_errors(desk_page):
    """A role's walk leaves nothing in the console: no script error, no failed request."""
    errors: list[str] = []
    desk_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    desk_page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    assert errors == []


# The narrow widths: a phone, and a 640 px window at 200 % zoom (320 CSS px, WCAG 1.4.10).
NARROW = ((360, 640, "360 px"), (320, 480, "200 % zoom"))


def every_width(page: Page, name: str) -> None:
    """axe-core at the laptop width it was opened at, then at a phone's 360 px and at 200 %
    zoom; at the narrow widths the page does not scroll sideways either."""
    assert_accessible(page, f"{name} at 1280 px")
    screenshot(page, f"role-{name}-1280")
    for width, height, label in NARROW:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, f"{name} at {label}")
        scroll_width, client_width = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert scroll_width <= client_width, f"{name} scrolls sideways at {label}"
        screenshot(page, f"role-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_intake_officer_lands_in_the_inbox_and_opens_a_complaint(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "petugas.jagabaya")
    expect(page.get_by_role("heading", level=1, name="Kotak masuk pengaduan")).to_be_visible()
    first = page.locator("main tbody a").first
    expect(first).to_be_visible()
    title = first.inner_text()
    every_width(page, "officer")
    first.click()
    beside = page.get_by_role("complementary", name="Pengaduan yang dibuka")
    expect(beside.get_by_role("heading", level=1, name=title)).to_be_visible()


def test_the_handler_lands_on_their_tasks(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "pejabat.jagabaya")
    expect(page.get_by_role("heading", level=1, name="Tugas saya")).to_be_visible()
    expect(page.get_by_role("link", name="Kotak masuk")).to_have_count(0)
    every_width(page, "handler")
    # The first useful step: the task with the nearest deadline opens, its answer at hand.
    first = page.locator("main tbody a").first
    title = first.inner_text()
    first.click()
    beside = page.get_by_role("complementary", name="Pengaduan yang dibuka")
    expect(beside.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(beside.get_by_role("button", name="Sampaikan jawaban")).to_be_visible()


def test_the_village_head_lands_on_the_overview(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "kades.jagabaya")
    expect(page.get_by_role("heading", level=1, name=re.compile("Jagabaya"))).to_be_visible()
    expect(page.get_by_role("link", name="Ringkasan")).to_have_attribute("aria-current", "page")
    every_width(page, "head")
    page.get_by_role("link", name="Kotak masuk").click()
    expect(page.get_by_role("heading", level=1, name="Kotak masuk pengaduan")).to_be_visible()


def test_the_box_team_lands_on_its_slips_and_opens_its_openings(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "kotak.jagabaya")
    expect(
        page.get_by_role("heading", level=1, name="Slip kotak saran yang Anda catat")
    ).to_be_visible()
    every_width(page, "box-team")
    # Slips are entered per opening of the box (tests/e2e/test_suggestion_box.py).
    page.get_by_role("navigation", name="Menu petugas").get_by_role(
        "link", name="Pembukaan kotak saran"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/staf/kotak/pembukaan")
    expect(page.get_by_role("heading", level=1, name="Pembukaan kotak saran")).to_be_visible()
    expect(page.get_by_role("button", name="Catat pembukaan baru")).to_be_visible()


def test_the_kecamatan_operator_lands_on_its_desa_compared(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "operator.panawangan")
    expect(page.get_by_role("heading", name="Perbandingan desa, Kec. Panawangan")).to_be_visible()
    table = page.get_by_role("region", name="Ukuran per desa").get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Jagabaya")).to_have_count(1)
    every_width(page, "operator")  # the landing page: its desa compared
    page.get_by_role("link", name="Desa di kecamatan").click()
    expect(
        page.get_by_role("heading", level=1, name="Desa di Kecamatan Panawangan")
    ).to_be_visible()
    desa = page.get_by_role("list", name="Desa di Kecamatan Panawangan").get_by_role("listitem")
    expect(desa.filter(has_text="Desa Jagabaya")).to_have_count(1)
    # Only its own kecamatan: Klero is in Tengaran.
    expect(desa.filter(has_text="Klero")).to_have_count(0)
    every_width(page, "operator-desa")
    desa.filter(has_text="Desa Jagabaya").get_by_role("link", name="Halaman layanan").click()
    expect(page).to_have_url(f"{live_server.url}/d/{JAGABAYA}")


def test_the_admin_lands_on_the_admin_entry_points(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "admin")
    expect(page.get_by_role("heading", level=1, name="Pengaturan layanan")).to_be_visible()
    expect(page.get_by_role("link", name="Akun pengguna")).to_have_attribute(
        "href", "/admin/accounts/user/"
    )
    every_width(page, "admin")


def test_the_resident_lands_on_their_complaints_and_starts_a_new_one(demo, desk_page, live_server):
    page = desk_page
    log_in(page, live_server.url, "warga.jagabaya")
    expect(page.get_by_role("heading", level=1, name="Pengaduan saya")).to_be_visible()
    every_width(page, "resident")
    page.get_by_role("link", name="Sampaikan pengaduan baru").click()
    expect(page).to_have_url(f"{live_server.url}/d/{JAGABAYA}/lapor")
    expect(page.get_by_role("heading", name="Langkah 1 dari 5: Jenis laporan")).to_be_visible()


def test_an_officer_who_is_also_a_resident_elsewhere_switches_between_them(
    demo, desk_page, live_server
):
    officer = User.objects.get(username="petugas.jagabaya")
    Membership.objects.create(
        user=officer, role=Role.RESIDENT, region=Region.objects.get(code=KLERO)
    )
    page = desk_page
    log_in(page, live_server.url, "petugas.jagabaya")

    switch = page.get_by_label("Ruang kerja")
    expect(switch.locator("option")).to_have_text(
        ["Petugas pengelola pengaduan — Desa Jagabaya", "Warga — Desa Klero"]
    )
    switch.select_option(label="Warga — Desa Klero")
    expect(page).to_have_url(f"{live_server.url}/saya/pengaduan")
    expect(page.get_by_role("link", name="Sampaikan pengaduan baru")).to_have_attribute(
        "href", f"/d/{KLERO}/lapor"
    )
    # The choice survives a reload; the account page switches back.
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Pengaduan saya")).to_be_visible()
    page.get_by_role("link", name="Akun").click()
    page.get_by_label("Ruang kerja").select_option(
        label="Petugas pengelola pengaduan — Desa Jagabaya"
    )
    expect(page).to_have_url(f"{live_server.url}/staf")
    expect(page.get_by_role("heading", level=1, name="Kotak masuk pengaduan")).to_be_visible()

"""Readable at 200% zoom: the main pages reflow into 320 CSS pixels without scrolling sideways.

WCAG 2.1 SC 1.4.10 (Reflow): content fits 320 CSS px wide without two-dimensional scrolling,
which is what a 640 px-wide phone or window shows at 200% zoom. Chromium is given that
viewport with a device scale of 2, as the zoomed page would be laid out.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from regions.models import Region
from tests.complaints.factories import advance, submit
from tests.e2e.helpers import JAGABAYA, log_in, next_step, screenshot

WIDTH = 320

# The elements sticking out on the right, named for the failure message.
OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
    .slice(0, 8)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim()
      .replace(/\\s+/g, '.') : '') + ' → ' + Math.round(e.getBoundingClientRect().right));
}"""


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


@pytest.fixture
def zoomed(browser, live_server):
    """A page 320 CSS px wide, as a 640 px-wide window at 200% zoom, talking only locally."""
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 480},
        device_scale_factor=2,
        locale="id-ID",
        is_mobile=True,
        has_touch=True,
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    yield context.new_page()
    context.close()


def assert_reflows(page: Page, name: str, *primary: Locator) -> None:
    """No horizontal scrolling, and each primary control fits the width when scrolled to."""
    scroll_width, client_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert client_width == WIDTH, client_width
    assert scroll_width <= client_width, f"{name}: scrolls sideways: {page.evaluate(OVERFLOWING)}"
    for control in primary:
        control.scroll_into_view_if_needed()
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (
            f"{name}: {control} lies outside the {WIDTH} px viewport: {box}"
        )
    screenshot(page, f"reflow-{name}")


def test_resident_pages_reflow_at_200_percent_zoom(demo, zoomed, live_server):
    page, base = zoomed, live_server.url
    User = get_user_model()
    officer = User.objects.get(username="petugas.jagabaya")
    handler = User.objects.get(username="pejabat.jagabaya")
    filed = submit(
        Region.objects.get(code=JAGABAYA),
        title="Saluran irigasi Blok Sawah Kidul jebol sepanjang lima meter",
    )
    advance(filed.complaint, "answered", officer=officer, handler=handler)

    page.goto(f"{base}/d/{JAGABAYA}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Layanan Pengaduan Desa Jagabaya")
    expect(page.get_by_test_id("desa-contact")).to_be_visible()
    assert_reflows(
        page,
        "landing",
        page.get_by_role("link", name="Sampaikan pengaduan"),
        page.get_by_role("link", name="Lacak pengaduan"),
    )

    page.get_by_role("link", name="Sampaikan pengaduan").click()
    # Every step of the guided form, the identity fields open.
    expect(page.get_by_role("heading", name="Langkah 1 dari 5: Jenis laporan")).to_be_visible()
    assert_reflows(page, "submit-kind", page.get_by_role("button", name="Lanjut"))
    next_step(page)
    expect(page.get_by_label("Infrastruktur")).to_be_visible()
    assert_reflows(
        page,
        "submit-category",
        page.get_by_role("button", name="Lanjut"),
        page.get_by_role("button", name="Kembali"),
    )
    page.get_by_label("Infrastruktur").check()
    next_step(page)
    page.get_by_label("Judul singkat").fill("Jembatan gantung Dusun Cikupa berayun keras")
    page.get_by_label("Ceritakan masalahnya").fill("Dua kabel penahan sudah kendur.")
    assert_reflows(
        page,
        "submit-details",
        page.get_by_role("button", name="Pakai lokasi HP saya"),
        page.get_by_role("button", name="Lanjut"),
    )
    next_step(page)
    page.get_by_label("Dengan nama").check()
    expect(page.get_by_label("NIK")).to_be_visible()
    assert_reflows(page, "submit-identity", page.get_by_role("button", name="Lanjut"))
    page.get_by_label("Tanpa nama (anonim)").check()
    next_step(page)
    assert_reflows(
        page,
        "submit-review",
        page.get_by_role("button", name="Kirim pengaduan"),
        page.get_by_role("button", name="Ubah isi pengaduan"),
    )
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan terkirim")).to_be_visible()
    lines = page.get_by_test_id("tracking-code").evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    assert lines == 1, "the tracking code breaks over lines"
    assert_reflows(
        page,
        "submitted",
        page.get_by_test_id("tracking-code"),
        page.get_by_role("button", name="Salin kode lacak"),
        page.get_by_role("link", name="Bagikan kode lacak ke WhatsApp"),
        page.get_by_test_id("tracking-pin"),
    )

    page.goto(f"{base}/lacak?kode={filed.complaint.tracking_code}")
    page.get_by_label("PIN").fill(filed.pin)
    assert_reflows(page, "track-form", page.get_by_role("button", name="Lacak"))
    page.get_by_role("button", name="Lacak").click()
    expect(page.get_by_role("heading", name="Jawaban pemerintah desa")).to_be_visible()
    assert_reflows(
        page,
        "track-result",
        page.get_by_role("button", name="Selesai, beri penilaian"),
        page.get_by_role("button", name="Ajukan keberatan"),
    )
    page.get_by_role("button", name="Selesai, beri penilaian").click()
    assert_reflows(page, "track-rate", page.get_by_role("button", name="Kirim penilaian"))

    page.get_by_role("link", name="Pemberitahuan privasi").click()
    expect(page.get_by_role("heading", name="Pemberitahuan privasi", level=1)).to_be_visible()
    assert_reflows(page, "privacy", page.get_by_role("link", name="Pemberitahuan privasi"))


def test_staff_inbox_reflows_at_200_percent_zoom(demo, zoomed, live_server):
    page, base = zoomed, live_server.url

    log_in(page, base, "petugas.jagabaya")
    page.goto(f"{base}/staf")
    expect(page.get_by_role("heading", name="Kotak masuk pengaduan")).to_be_visible()
    expect(page.locator(".cards .card").first).to_be_visible()
    assert_reflows(
        page,
        "staff-inbox",
        page.get_by_role("link", name="Catat pengaduan"),
        page.locator(".cards .card__title").first,
    )
    page.get_by_text("Saring", exact=True).click()
    assert_reflows(page, "staff-inbox-filters", page.get_by_role("button", name="Terapkan"))

    page.locator(".cards .card__title").first.click()
    moves = page.get_by_role("region", name="Langkah yang dapat Anda lakukan")
    expect(moves.get_by_role("button").first).to_be_visible()
    assert_reflows(page, "staff-complaint", moves.get_by_role("button").first)

"""The desa's emblem in the header: shown in a box of fixed size, so nothing moves while it
loads on a weak signal; no image at all (never a broken one) for a desa without one; and the
resident's JavaScript stays within its budget."""

import json
import subprocess
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.helpers import JAGABAYA, REPO, screenshot

KLERO = "33.22.02.2006"

# Every layout shift of the page, recorded from the first paint (Chromium's Layout Instability
# API): its score, and whether it moved anything in the header.
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({
      value: entry.value,
      header: entry.sources.some((s) => s.node && s.node.closest && s.node.closest('header')),
    });
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", quiet=True)


def slowly(page: Page, pattern: str, seconds: float) -> None:
    """Answers matching `pattern` arrive `seconds` late, as on a weak signal."""

    def late(route):
        time.sleep(seconds)
        route.continue_()

    page.route(pattern, late)


def test_the_desa_header_shows_its_emblem_without_moving_anything(demo, phone_page, live_server):
    page = phone_page
    page.add_init_script(RECORD_SHIFTS)
    slowly(page, f"**/api/v1/regions/{JAGABAYA}/", 0.6)
    slowly(page, "**/emblem/**", 0.6)

    page.goto(f"{live_server.url}/d/{JAGABAYA}")

    header = page.locator("header")
    emblem = header.locator(".site-header__emblem img")
    expect(header.get_by_text("Jagabaya")).to_be_visible()
    expect(emblem).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('.site-header__emblem img').naturalWidth > 0"
    )
    box = emblem.bounding_box()
    assert box is not None and (box["width"], box["height"]) == (40, 40)
    # A phone that reads WebP gets the WebP square, at 2× on a sharp screen.
    assert emblem.evaluate("img => img.currentSrc").endswith((".webp", ".png"))
    assert emblem.get_attribute("alt") == ""  # the name beside it says it all
    page.wait_for_timeout(300)  # a shift is reported just after the frame it happened in
    shifts = page.evaluate("() => window.__shifts")
    assert [shift for shift in shifts if shift["header"]] == []
    assert sum(shift["value"] for shift in shifts) <= 0.05
    screenshot(page, "desa-360")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "desa-1280")


def test_a_desa_without_an_emblem_shows_no_image(demo, phone_page, live_server):
    page = phone_page
    page.goto(f"{live_server.url}/d/{KLERO}")

    expect(page.locator("header").get_by_text("Klero")).to_be_visible()
    expect(page.locator("header img")).to_have_count(0)
    expect(page.locator(".site-header__emblem")).to_have_count(0)


def test_the_resident_javascript_stays_within_its_budget():
    """The emblem is markup and CSS, not a library: landing → submit → success ≤ 35 KB gz."""
    out = subprocess.run(
        ["node", str(REPO / "frontend" / "scripts" / "budget.mjs"), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    figures = json.loads(out.stdout)

    assert figures["over"] == [], figures
    assert figures["resident_flow_js_gz"] <= 35 * 1024

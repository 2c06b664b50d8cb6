"""The office's inbox in the browser, printed by `make bench`: main-thread time to render a
page of 50 complaints, with the CPU slowed 4× (a village office's old laptop), at 1280 px (the
desk's sortable table) and at 360 px (the card list of a phone). Target: ≤ 100 ms.

How it is measured. The intake officer logs in (landing on the inbox, so its code is loaded),
opens the notifications page by the bell's link, and goes back: the SPA then asks for the list
again and draws it. From going back to two animation frames after the 50th row is in the
page (seen by a MutationObserver armed before going back: polling every frame was work of the
bench's own), Chromium's own counter of main-thread work (`TaskDuration` of the DevTools
`Performance` domain) gives the time spent: scripting, style, layout and paint; waiting for
the network is not counted (where that time goes: `bench/staff_inbox_trace.py`). The list
is answered as one page of 50 complaints with no next page (the SPA asks for one page of 50
in the server's order and shows "Muat lebih banyak" when more follow; before, it walked pages
of 100, up to 500 rows). A third row draws the inbox as served, button included. Each figure
is the median of `STAFF_RUNS` runs (default 5), every run printed beside it.

`bench/run.py` calls `collect(base_url)` while its gunicorn serves the seeded data (10 000+
complaints in Jagabaya); standalone: `python bench/staff_inbox.py http://127.0.0.1:8000`
against a running `make run` (whose demo desa has fewer than 50 complaints: the page shows
what there is).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
from contextlib import contextmanager
from pathlib import Path

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RUNS = int(os.environ.get("STAFF_RUNS", "5"))
# An old laptop; bench/staff_inbox_trace.py may set 1 (STAFF_CPU_SLOWDOWN) to compare two builds
# by CPU time, which the throttle (it spins the thread) would blur.
CPU_SLOWDOWN = int(os.environ.get("STAFF_CPU_SLOWDOWN", "4"))
ROWS = 50
TARGET_MS = 100
USERNAME = "petugas.jagabaya"
PASSWORD = os.environ.get("DEMO_PASSWORD", "pengaduan-demo")
LIST_REQUEST = re.compile(r"/api/v1/complaints/(\?.*)?$")
# The desk's table rows, or the phone's cards.
ROW_SELECTOR = ".desk__table tbody tr, .cards--list > li"
# (label, viewport, one page of ROWS rows, or every row the inbox loads as it is served)
CASES = [
    ("desk 1280 px", (1280, 800), True),
    ("phone 360 px", (360, 640), True),
    ("desk, all", (1280, 800), False),
]


def _first_rows_only(route) -> None:
    """The list as one page of `ROWS` complaints and no next page, whatever the build asks
    (an older one walked pages of 100, up to 500 rows)."""
    if route.request.method != "GET":
        route.continue_()
        return
    url = re.sub(r"([?&])page_size=\d+", r"\1", route.request.url).rstrip("&?")
    url += ("&" if "?" in url else "?") + f"page_size={ROWS}"
    response = route.fetch(url=url)
    body = response.json()
    body["next"] = None
    route.fulfill(response=response, json=body)


def _task_ms(cdp) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return 1000 * next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def _rows_drawn(page, rows: int) -> None:
    page.wait_for_function(
        """([selector, rows]) => document.querySelectorAll(selector).length >= rows""",
        arg=[ROW_SELECTOR, rows],
        timeout=30_000,
    )
    # Two frames: the rows are styled, laid out and painted, not only in the DOM.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@contextmanager
def inbox_page(base_url: str, width: int, height: int, one_page: bool):
    """The intake officer logged in, on the drawn inbox, with a CDP session whose CPU runs
    `CPU_SLOWDOWN` times slower: yields (page, cdp, rows). `bench/staff_inbox_trace.py`
    draws the same way."""
    from playwright.sync_api import sync_playwright  # a dev dependency, like the tests'

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield open_inbox(browser, base_url, width, height, one_page)
        finally:
            browser.close()


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROME, args=["--no-sandbox", "--disable-dev-shm-usage"]
    )


def open_inbox(browser, base_url: str, width: int, height: int, one_page: bool):
    """(page, cdp, rows): the inbox drawn in a new context of `browser` (several can be
    open at once, to compare two builds draw by draw)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    if one_page:
        page.route(LIST_REQUEST, _first_rows_only)
    page.goto(f"{base_url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill(USERNAME)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/staf$"))
    page.wait_for_selector(ROW_SELECTOR)
    rows = page.locator(ROW_SELECTOR).count()
    _rows_drawn(page, rows)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return page, cdp, rows


def leave(page) -> None:
    """The bell's link, inside the app: the inbox is unmounted, to be drawn afresh on return."""
    page.locator('a[href="/pemberitahuan"]').first.click()
    page.wait_for_url(re.compile(r"/pemberitahuan$"))
    page.wait_for_load_state("networkidle")


# Resolves two frames after the rows are in the page. A MutationObserver looks at the page
# only when it changes: Playwright's `wait_for_function` polls on every animation frame, and
# those frames (a callback, a style and paint pass, a commit each) were main-thread work of
# the bench's own, about a tenth of what the draw was charged before.
_WATCH_ROWS = """([selector, rows]) => {
  window.__inboxDrawn = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll(selector).length < rows) return;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}"""


def watch(page, rows: int) -> None:
    """Before going back: the page starts watching for the inbox's rows."""
    page.evaluate(_WATCH_ROWS, [ROW_SELECTOR, rows])


def come_back(page, rows: int) -> None:
    """Back to the inbox (after `watch`), until two frames after its rows are in the page."""
    page.go_back()
    page.evaluate("() => window.__inboxDrawn")


def measure(base_url: str, width: int, height: int, one_page: bool) -> tuple[list[float], int]:
    """Main-thread milliseconds of each run, and the rows drawn."""
    with inbox_page(base_url, width, height, one_page) as (page, cdp, rows):
        runs = []
        for _ in range(RUNS):
            leave(page)
            watch(page, rows)
            before = _task_ms(cdp)
            come_back(page, rows)
            runs.append(_task_ms(cdp) - before)
        return runs, rows


def collect(base_url: str) -> list[str]:
    """The rows to print (bench/run.py prints them with the frontend figures)."""
    if not Path(CHROME).exists():
        return [f"Staff inbox: skipped (no Chromium at {CHROME})"]
    lines = [f"Staff inbox ({ROWS} rows), main-thread ms at CPU ×{CPU_SLOWDOWN}:"]
    for label, (width, height), one_page in CASES:
        try:
            runs, rows = measure(base_url, width, height, one_page)
        except Exception as error:  # a bench row reports a failure, it does not stop the bench
            lines.append(f"  {label:<13} FAILED: {str(error).splitlines()[0]}")
            continue
        median = statistics.median(runs)
        spread = ",".join(f"{run:.0f}" for run in runs)
        if one_page:
            verdict = "met" if median <= TARGET_MS and rows >= ROWS else "MISSED"
            target = f"target ≤ {TARGET_MS} ms: {verdict}"
        else:
            target = "(for reference: every row the inbox loads, no target)"
        lines.append(f"  {label:<13} {median:>7.1f} ms  ({rows} rows; runs {spread})  {target}")
    return lines


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python bench/staff_inbox.py BASE_URL", file=sys.stderr)
        sys.exit(2)
    print("\n".join(collect(sys.argv[1].rstrip("/"))))

"""Real Chromium (Debian's package, installed by `make test`) driven by Playwright."""

import os

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling home on this closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop running in this thread from here on; Django
    # would then refuse every ORM call of the session's later tests without this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _robots_fill_forms_fast(settings):
    """Playwright fills the submit form faster than a person can: the spam trap's fill
    time would set its complaints aside (the trap itself is tested in tests/complaints)."""
    settings.SPAM_MIN_FILL_MS = 0


@pytest.fixture
def phone_page(browser, live_server):
    """A 360×640 phone page that may talk to the live server only."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="id-ID", is_mobile=True, has_touch=True
    )
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"the page tried to leave the machine: {outside}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows the page as it was: its address and visible text. CI
    keeps only the output, and "waiting for get_by_label(…)" alone does not say which step
    the page was on."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for page in (value for value in item.funcargs.values() if isinstance(value, Page)):
        if page.is_closed():
            continue
        try:
            text = page.locator("body").inner_text(timeout=2_000)
        except PlaywrightError as exc:
            text = f"(not readable: {exc.message})"
        report.sections.append(("page at failure", f"{page.url}\n{text}"))


@pytest.fixture
def desk_page(browser, live_server):
    """A 1280×800 office laptop page that may talk to the live server only."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page = context.new_page()
    yield page
    context.close()

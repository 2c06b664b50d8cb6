"""Shared steps of the browser tests: demo data, logins, a camera-sized photo, axe-core."""

import json
import random
import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
# Ignored by git (.gitignore): screenshots of the main pages, kept as test artifacts.
ARTIFACTS = REPO / "test-results"
AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

JAGABAYA = "32.07.10.2010"


def camera_photo(path: Path, width: int = 4000, height: int = 3000) -> Path:
    """A JPEG the size a phone camera makes (12 MP, a few MB), with detail that resists
    compression so the shrinking on the phone has real work to do."""
    from PIL import Image

    rng = random.Random(6)
    small = Image.new("RGB", (width // 40, height // 40))
    small.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(small.width * small.height)
        ]
    )
    small.resize((width, height), Image.BICUBIC).save(path, "JPEG", quality=95)
    return path


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Where each demo role lands after login: the home of its workspace.
LANDINGS = {
    "warga": "/saya/pengaduan",
    "petugas": "/staf",
    "pejabat": "/staf/tugas",
    "kades": "/staf/ringkasan",
    "kotak": "/staf/kotak",
    "operator": "/staf/kecamatan",
    "admin": "/staf/admin",
}


def log_in(page: Page, base_url: str, username: str) -> None:
    """Logs a demo user in and waits until the app has taken them to their workspace."""
    page.goto(f"{base_url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill(username)
    page.get_by_label("Kata sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    landing = LANDINGS.get(username.split(".")[0])
    if landing:
        expect(page).to_have_url(f"{base_url}{landing}")
    else:
        expect(page).not_to_have_url(re.compile(r"/(masuk|mulai)$"))


def next_step(page: Page) -> None:
    """Presses "Lanjut" on the guided submit form."""
    page.get_by_role("button", name="Lanjut").click()


def fill_anonymous_complaint(
    page: Page, category: str, title: str, description: str, photo=None
) -> None:
    """Walks the guided submit form up to its last step: kind as given by default (a
    complaint), `category`, title and description (and a photo), anonymous."""
    expect(page.get_by_role("heading", name="Langkah 1 dari 5: Jenis laporan")).to_be_visible()
    next_step(page)
    page.get_by_label(category).check()
    next_step(page)
    page.get_by_label("Judul singkat").fill(title)
    page.get_by_label("Ceritakan masalahnya").fill(description)
    if photo is not None:
        page.locator("input[type=file]").set_input_files(str(photo))
        expect(page.get_by_role("img", name="Pratinjau foto yang akan dikirim")).to_be_visible()
    next_step(page)
    page.get_by_label("Tanpa nama (anonim)").check()
    next_step(page)
    expect(page.get_by_role("heading", name="Langkah 5 dari 5: Periksa dan kirim")).to_be_visible()


def assert_accessible(page: Page, name: str) -> None:
    """axe-core (WCAG 2.1 A/AA rules) finds no serious or critical violation on the page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # From the page's own origin: the app's Content-Security-Policy (script-src 'self')
        # refuses inline scripts, which is how `add_script_tag(path=…)` would inject it.
        page.route(
            "**/__axe-core.js",
            lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
        )
        page.add_script_tag(url="/__axe-core.js")
    result = page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    assert result == [], f"{name}: {json.dumps(result, indent=1)}"

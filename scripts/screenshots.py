"""Screenshots of every role's landing page at 360 px and 1280 px, for docs/screenshots/.

`make screenshots` runs this. The pages come from the browser tests themselves: the walk of
each demo role in `tests/e2e/test_roles.py` (login, landing, first step) and the desa's page
with its emblem in `tests/e2e/test_emblem.py` save full-page PNGs under test-results/ while
they run on the demo data, against a live server and Debian's Chromium. So a screenshot here
is a page that passed its test (axe-core, no console error), never a page staged apart.

This script runs those tests, then keeps the top of each page (1.5 screens), reduced to
WebP, and writes docs/screenshots/README.md listing them. It needs what `make test` needs:
PostgreSQL, Redis (DATABASE_URL, REDIS_URL) and the built SPA.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-results"
OUT = REPO / "docs" / "screenshots"
TESTS = [
    "tests/e2e/test_roles.py",
    "tests/e2e/test_emblem.py::test_the_desa_header_shows_its_emblem_without_moving_anything",
]
# (file stem in test-results, name in docs, who, where they land, what they do first)
SCREENS = [
    ("desa", "desa", "Resident, not logged in", "`/d/32.07.10.2010`",
     "the desa's page with its emblem; sends a complaint without an account"),
    ("role-resident", "resident", "Resident (`warga.jagabaya`)", "`/saya/pengaduan`",
     "reads their complaints, starts a new one"),
    ("role-officer", "intake-officer", "Intake officer (`petugas.jagabaya`)", "`/staf`",
     "the inbox; opens a complaint beside the list"),
    ("role-handler", "handler", "Handler / official (`pejabat.jagabaya`)", "`/staf/tugas`",
     "their tasks, nearest deadline first"),
    ("role-head", "village-head", "Village head (`kades.jagabaya`)", "`/staf/ringkasan`",
     "the overview; the inbox from there"),
    ("role-box-team", "box-team", "Suggestion-box team (`kotak.jagabaya`)", "`/staf/kotak`",
     "the slips it recorded; records a new opening"),
    ("role-operator", "kecamatan-operator", "Kecamatan operator (`operator.panawangan`)",
     "`/staf/kecamatan`", "its desa compared; each desa's page"),
    ("role-admin", "admin", "Admin (`admin`)", "`/staf/admin`",
     "the entry points to users, regions and settings in Django admin"),
]  # fmt: skip
WIDTHS = (360, 1280)
# Screens of page kept, from the top: the landing as a person first sees it, and a little more.
SCREENS_KEPT = 1.5
VIEWPORT_HEIGHT = {360: 640, 1280: 800}
WEBP_QUALITY = 60


def run_tests() -> None:
    if not (REPO / "frontend" / "dist" / "index.html").exists():
        subprocess.run(["npm", "run", "--prefix", "frontend", "build"], cwd=REPO, check=True)
    for stem, *_ in SCREENS:
        for width in WIDTHS:
            (ARTIFACTS / f"{stem}-{width}.png").unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", *TESTS]
    subprocess.run(command, cwd=REPO, check=True)


def reduce(source: Path, target: Path, width: int) -> int:
    """The top of the page as WebP; returns its size in bytes."""
    image = Image.open(source).convert("RGB")
    keep = int(VIEWPORT_HEIGHT[width] * SCREENS_KEPT)
    image = image.crop((0, 0, image.width, min(image.height, keep)))
    image.save(target, format="WEBP", quality=WEBP_QUALITY, method=6)
    return target.stat().st_size


def write_readme(sizes: dict[str, int]) -> None:
    lines = [
        "# Every role's landing page, at 360 px and 1280 px",
        "",
        "Made by `make screenshots` (`scripts/screenshots.py`) from the browser tests that walk",
        "each demo role from login to its first step (`tests/e2e/test_roles.py`) and the desa's",
        "page (`tests/e2e/test_emblem.py`), on the demo data (`seed_demo`, password",
        "`DEMO_PASSWORD`), in Bahasa Indonesia. Each picture is the top 1.5 screens of the page,",
        "WebP. Run it again after changing one of these pages.",
        "",
        "| role | lands on | first step | 360 px | 1280 px |",
        "|---|---|---|---|---|",
    ]
    for _stem, name, who, where, first in SCREENS:
        phone, desk = f"{name}-360.webp", f"{name}-1280.webp"
        lines.append(f"| {who} | {where} | {first} | [{phone}]({phone}) | [{desk}]({desk}) |")
    total = sum(sizes.values())
    lines += ["", f"{len(sizes)} pictures, {total / 1024:.0f} KB in all.", ""]
    for _stem, name, who, _where, _first in SCREENS:
        lines += [f"## {who}", "", f"![{name} at 360 px]({name}-360.webp) "
                  f"![{name} at 1280 px]({name}-1280.webp)", ""]  # fmt: skip
    (OUT / "README.md").write_text("\n".join(lines))


def main() -> None:
    if "--reuse" not in sys.argv:  # --reuse: only reduce what the last run left
        run_tests()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for stem, name, *_ in SCREENS:
        for width in WIDTHS:
            target = OUT / f"{name}-{width}.webp"
            sizes[target.name] = reduce(ARTIFACTS / f"{stem}-{width}.png", target, width)
    write_readme(sizes)
    print(f"{len(sizes)} screenshots, {sum(sizes.values()) / 1024:.0f} KB, in {OUT}")


if __name__ == "__main__":
    main()

"""The resident pages' weight and speed, printed by `make bench`.

Two parts:

* the download budget, from the built SPA (`frontend/scripts/budget.mjs`): JavaScript for
  landing → submit → success ≤ 35 KB gzipped, a landing page's first load ≤ 100 KB;
* Lighthouse 12 on the desa landing page, the submit form and the tracking page, with its
  mobile preset and the CPU slowed 8× (this machine is much faster than a cheap Android
  phone): performance, LCP, TBT, CLS and accessibility against the issue's targets, each the
  median of `LIGHTHOUSE_RUNS` runs (default 3), with every run's TBT printed beside it.

Lighthouse is installed on first use into `bench/.lighthouse/` (ignored by git), apart from
the app's own dependencies: `lighthouse@13` needs Node 22, so 12 is pinned. Chromium is
Debian's (`CHROME_PATH=/usr/bin/chromium`), started headless with nothing that calls out.

`bench/run.py` calls `report(base_url)` while its gunicorn serves the seeded data; standalone:
`python bench/lighthouse.py http://127.0.0.1:8000` against a running `make run`.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRONTEND = REPO / "frontend"
INSTALL_DIR = Path(__file__).resolve().parent / ".lighthouse"
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_CLI = INSTALL_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CPU_SLOWDOWN = 8
# Runs per page, reported as the median: TBT is simulated from the observed task lengths ×8,
# so on two shared cores one busy moment moves a single run by hundreds of milliseconds.
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
JAGABAYA = "32.07.10.2010"

PAGES = [
    ("landing", f"/d/{JAGABAYA}"),
    ("submit", f"/d/{JAGABAYA}/lapor"),
    ("track", "/lacak"),
]
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
)
# (key, label, target, higher is better)
TARGETS = {
    "performance": 0.95,
    "lcp_s": 2.0,
    "tbt_ms": 100,
    "cls": 0.05,
    "accessibility": 1.0,
}


def budget() -> tuple[list[str], bool]:
    """The budget script's figures as printed lines, and whether every budget holds."""
    out = subprocess.run(
        ["node", str(FRONTEND / "scripts" / "budget.mjs"), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if not out.stdout.strip():
        return [f"budget: {out.stderr.strip() or 'no output'} (was the SPA built?)"], False
    data = json.loads(out.stdout)
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    lines = [
        f"resident JS landing→submit→success  {kb(data['resident_flow_js_gz']):>9} gz   "
        f"budget {kb(data['budget']['residentJs'])}",
        f"landing first load                  {kb(data['landing_first_load_gz']):>9} gz   "
        f"budget {kb(data['budget']['firstLoad'])}",
        f"staff JS (residents never load it)  {kb(data['staff_js_gz']):>9} gz",
    ]
    if data["over"]:
        lines.append(f"OVER BUDGET: {', '.join(data['over'])}")
    return lines, not data["over"]


def ensure_lighthouse() -> str | None:
    """Installs Lighthouse into bench/.lighthouse once; returns an error text or None."""
    if LIGHTHOUSE_CLI.is_file():
        return None
    if not shutil.which("npm"):
        return "npm not found"
    INSTALL_DIR.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(INSTALL_DIR),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not LIGHTHOUSE_CLI.is_file():
        return f"npm install lighthouse@{LIGHTHOUSE_VERSION} failed: {result.stderr.strip()[-500:]}"
    return None


def audit(url: str, workdir: Path) -> dict:
    """One Lighthouse run of `url` (mobile preset, CPU ×8); the figures the issue asks for."""
    report = workdir / "report.json"
    result = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE_CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility",
            f"--throttling.cpuSlowdownMultiplier={CPU_SLOWDOWN}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--max-wait-for-load=45000",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROME},
        timeout=240,
        check=False,
    )
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(result.stderr.strip()[-800:] or f"exit {result.returncode}")
    data = json.loads(report.read_text())
    audits, categories = data["audits"], data["categories"]
    if data.get("runtimeError"):
        raise RuntimeError(data["runtimeError"].get("message", "runtime error"))
    return {
        "performance": categories["performance"]["score"],
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "accessibility": categories["accessibility"]["score"],
    }


def meets(key: str, value: float | None) -> bool:
    if value is None:
        return False
    target = TARGETS[key]
    return value >= target if key in ("performance", "accessibility") else value <= target


def lighthouse(base_url: str) -> tuple[list[str], bool]:
    problem = ensure_lighthouse()
    if problem:
        return [f"lighthouse: skipped ({problem})"], False
    if not Path(CHROME).exists():
        return [f"lighthouse: skipped (no Chromium at {CHROME})"], False
    header = (
        f"{'page':<8}  {'perf':>5}  {'LCP s':>6}  {'TBT ms':>6}  {'CLS':>6}  {'a11y':>5}  "
        f"{'TBT runs':<16}  target"
    )
    lines = [header, "".join(" " if c == " " else "-" for c in header)]
    ok = True
    with tempfile.TemporaryDirectory(prefix="pengaduan-lh-") as tmp:
        for name, path in PAGES:
            runs, problem, failed = [], "", 0
            for _ in range(RUNS):
                try:
                    runs.append(audit(base_url + path, Path(tmp)))
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    problem = str(error).splitlines()[-1] if str(error) else repr(error)
                    failed += 1
            if not runs:
                lines.append(f"{name:<8}  FAILED: {problem}")
                ok = False
                continue
            f = {key: statistics.median(run[key] for run in runs) for key in TARGETS}
            missed = [key for key in TARGETS if not meets(key, f[key])]
            ok = ok and not missed
            # A run Lighthouse could not record (e.g. NO_NAVSTART) shows as "x".
            spread = ",".join([f"{run['tbt_ms']:.0f}" for run in runs] + ["x"] * failed)
            lines.append(
                f"{name:<8}  {f['performance']:>5.2f}  {f['lcp_s']:>6.2f}  {f['tbt_ms']:>6.0f}  "
                f"{f['cls']:>6.3f}  {f['accessibility']:>5.2f}  {spread:<16}  "
                + ("met" if not missed else "MISSED " + ",".join(missed))
            )
    lines.append(
        f"Lighthouse {LIGHTHOUSE_VERSION}, mobile preset, CPU slowdown ×{CPU_SLOWDOWN}, median of "
        f"{RUNS} runs a page (LIGHTHOUSE_RUNS); targets: perf ≥ 0.95, LCP ≤ 2.0 s, "
        "TBT ≤ 100 ms, CLS ≤ 0.05, a11y 1.0."
    )
    return lines, ok


def collect(base_url: str) -> list[str]:
    """The budget and Lighthouse rows as lines to print (bench/run.py prints them last)."""
    budget_lines, _ = budget()
    lh_lines, _ = lighthouse(base_url)
    return ["Frontend (resident pages):", *("  " + line for line in budget_lines + lh_lines)]


def report(base_url: str) -> bool:
    """Prints the budget and the Lighthouse rows; True when every target is met."""
    budget_lines, budget_ok = budget()
    lh_lines, lh_ok = lighthouse(base_url)
    print("Frontend (resident pages):")
    for line in budget_lines + lh_lines:
        print("  " + line)
    return budget_ok and lh_ok


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(
            "usage: python bench/lighthouse.py BASE_URL (e.g. http://127.0.0.1:8000)",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.exit(0 if report(sys.argv[1].rstrip("/")) else 1)

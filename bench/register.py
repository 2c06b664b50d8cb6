"""`make bench` rows of the register book, run inside Django by bench/run.py.

* receives/s: C concurrent clients (threads, one connection each) open register entries
  with `register_open` — the counter row locked and incremented by one UPDATE … RETURNING
  until commit — on one busy desa and spread over 10 desa, next to plain inserts of the
  same rows (number given, no counter lock) in the same run. The ratio is the price of
  gapless numbering.
* export: the time (wall and CPU) to render 5 000 and 36 000 entries to XLSX and PDF
  (rows are made in memory, so the figure is the renderer's, not the database's).

Usage: python bench/register.py  (DJANGO_SETTINGS_MODULE and DATABASE_URL from the env);
prints one JSON object on its last line.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connections, transaction  # noqa: E402

from complaints.models import Category, Complaint  # noqa: E402
from complaints.services import category_ensure_defaults  # noqa: E402
from regions.models import Level, Region  # noqa: E402
from register import chain  # noqa: E402
from register.models import RegisterEntry  # noqa: E402
from register.render import BookHeader, render_pdf, render_xlsx  # noqa: E402
from register.selectors import RegisterRow  # noqa: E402
from register.services import register_open  # noqa: E402

PER_RUN = int(os.environ.get("BENCH_REGISTER_RECEIVES", "240"))
CLIENTS = (1, 4, 16)
# A busy desa's year (36 000 entries) takes seconds in both formats: the PDF is drawn on the
# ReportLab canvas at ~0.3 ms of CPU an entry (bench/README.md).
XLSX_SIZES = tuple(int(n) for n in os.environ.get("BENCH_REGISTER_XLSX", "5000,36000").split(","))
PDF_SIZES = tuple(int(n) for n in os.environ.get("BENCH_REGISTER_PDF", "5000,36000").split(","))


def _desa(index: int) -> Region:
    kecamatan = Region.objects.get(code="32.07.10")
    desa, _created = Region.objects.get_or_create(
        code=f"32.07.10.9{index:03d}",
        defaults={
            "name": f"Bench {index}",
            "level": Level.DESA,
            "parent": kecamatan,
            "register_abbreviation": f"B{index:02d}",
        },
    )
    category_ensure_defaults(desa=desa)
    return desa


def _complaints(desa: Region, count: int, tag: str) -> list[Complaint]:
    category = Category.objects.filter(desa=desa).first()
    rows = [
        Complaint(
            desa=desa,
            kind="complaint",
            category=category,
            channel="web",
            title="Gorong-gorong tersumbat",
            description="Air meluap.",
            urgency="medium",
            impact="medium",
            priority="P3",
            status="received",
            tracking_code=f"{tag}{index:05d}"[-10:],
            pin_hash="x",
        )
        for index in range(count)
    ]
    return Complaint.objects.bulk_create(rows)


def _run(clients: int, jobs: list, work) -> float:
    lock = threading.Lock()
    queue = list(jobs)

    def worker():
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    job = queue.pop()
                with transaction.atomic():
                    work(job)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(jobs) / (time.perf_counter() - started)


def receives() -> list[dict]:
    desas = [_desa(index) for index in range(11)]
    busy, spread = desas[0], desas[1:]
    results = []
    plain_number = {"n": 0}
    number_lock = threading.Lock()
    for layout, targets in (("one desa", [busy]), ("10 desa", spread)):
        for clients in CLIENTS:
            tag = f"{layout[0]}{clients}"
            numbered = [
                c
                for i, d in enumerate(targets)
                for c in _complaints(d, PER_RUN // len(targets), f"N{tag}{i}")
            ]
            plain = [
                c
                for i, d in enumerate(targets)
                for c in _complaints(d, PER_RUN // len(targets), f"P{tag}{i}")
            ]
            now = datetime.now(UTC)

            def open_entry(complaint, now=now):
                register_open(complaint=complaint, received_at=now, actor=None)

            def insert(complaint, now=now):
                with number_lock:
                    plain_number["n"] += 1
                    number = plain_number["n"]
                # The same row, its number known beforehand: no counter, no lock.
                RegisterEntry.objects.create(
                    desa=complaint.desa,
                    year=2100,
                    number=number,
                    complaint=complaint,
                    received_at=now,
                    channel=complaint.channel,
                    category=complaint.category,
                    summary=complaint.title,
                    anonymous=False,
                    prev_hash=chain.GENESIS,
                    hash=chain.GENESIS,
                )

            plain_rate = _run(clients, plain, insert)
            numbered_rate = _run(clients, numbered, open_entry)
            results.append(
                {
                    "layout": layout,
                    "clients": clients,
                    "numbered": numbered_rate,
                    "plain": plain_rate,
                }
            )
    return results


def _rows(count: int) -> list[RegisterRow]:
    start = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)
    return [
        RegisterRow(
            year=2026,
            number=n,
            display_number=f"{n:03d}/PGD/JGB/2026",
            tracking_code="X",
            received_at=start + timedelta(minutes=14 * n),
            reporter="Siti Rahmawati",
            channel="walk_in",
            channel_label="Datang ke kantor desa",
            summary="Gorong-gorong tersumbat di RT 02, air meluap ke jalan setiap hujan",
            category="Infrastruktur",
            distributed_to="Kasi Pemerintahan (Asep Saepudin)",
            follow_up="Sudah dibersihkan bersama warga; pipa diganti minggu depan.",
            finished_at=start + timedelta(minutes=14 * n, days=5),
            status="closed",
            remarks="Selesai",
            annotations=[],
        )
        for n in range(1, count + 1)
    ]


def exports() -> list[dict]:
    desa = Region.objects.get(code="32.07.10.2010")
    header = BookHeader(
        desa=desa, period="2026", village_head="H. Ujang Suryana", printed_at=datetime.now(UTC)
    )
    results = []
    runs = [("XLSX", render_xlsx, size) for size in XLSX_SIZES]
    runs += [("PDF", render_pdf, size) for size in PDF_SIZES]
    for name, render, size in runs:
        rows = _rows(size)
        started, cpu = time.perf_counter(), time.process_time()
        content = render(rows, header)
        results.append(
            {
                "format": name,
                "entries": size,
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu,
                "bytes": len(content),
            }
        )
    return results


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    out = {}
    if what in ("all", "receives"):
        out["receives"] = receives()
    if what in ("all", "exports"):
        out["exports"] = exports()
    print(json.dumps(out))

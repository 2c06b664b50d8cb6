"""Is a micro-optimisation worth keeping? CPU per request with it and without it.

    python bench/micro.py            (after `bench/run.py` loaded its data set)

The rule (docs/architecture.md): a piece of the backend that exists only to save time stays
only if it is worth at least 5 % on a row of `make bench`. Four such pieces were measured
this way (bench/README.md, "Micro-optimisations"); three fell below the bar and were taken
out, so what is left to measure is:

- `pg-health-check` (kept): `common/pgbackend` checks a kept connection with a `poll` on its
  socket instead of Django's `SELECT 1` round trip before each request's first query;
- `gc-freeze` (taken out, measured again here so that bringing it back has a figure):
  `gc.freeze()` after the worker imported every view, so that the collector's full passes
  walk only what requests made.

Each is measured the same way: requests of three rows (the floor, the inbox page of 50, the
complaint page) through the whole Django stack in-process, as petugas.jagabaya, with the piece
and without it in alternating batches of `MICRO_REQUESTS` requests (`MICRO_ROUNDS` each way)
in one process, so that a neighbour's burst falls on both alike. The figure is the CPU time a
request costs: this process's (`time.process_time`) plus its PostgreSQL backend's
(`/proc/<backend pid>/stat`), so that work moved to the server or saved there counts, and
waiting does not. CPU time is what the 2 shared cores of this machine can measure while other
jobs run; a wall-clock rate moves more with the neighbours than with the piece.

Django's test client turns off the connection check at the start of a request; this script
calls `close_old_connections()` before each request as the WSGI handler does, so the health
check runs as it does in gunicorn.

It uses the database the last `run.py` left (DATABASE_URL, default
`postgres://postgres@127.0.0.1:5432/pengaduan_bench`) and the bench's environment.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent / "backend"
PIECES = ("pg-health-check", "gc-freeze")
ROUNDS = int(os.environ.get("MICRO_ROUNDS", "20"))
REQUESTS = int(os.environ.get("MICRO_REQUESTS", "40"))
WARMUP = 30
DESA = "32.07.10.2010"
USERNAME = "petugas.jagabaya"
KEEP_AT = 5.0  # percent


def _ticks_of(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, after the name's ")"


class Switches:
    """Each piece turned on or off in the running process, as many times as asked."""

    def __init__(self) -> None:
        from django.db.backends.postgresql.base import DatabaseWrapper as Stock

        from common.pgbackend.base import DatabaseWrapper

        self._wrapper = DatabaseWrapper
        self._checks = {
            True: DatabaseWrapper.__dict__["close_if_health_check_failed"],
            False: Stock.close_if_health_check_failed,
        }

    def set(self, piece: str, on: bool) -> None:
        import gc

        if piece == "gc-freeze":
            gc.freeze() if on else gc.unfreeze()
        elif piece == "pg-health-check":
            self._wrapper.close_if_health_check_failed = self._checks[on]


def measure() -> dict:
    """CPU µs per request of each row and piece, on and off in alternating batches."""
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no request log lines on the terminal
    # One connection for the whole run: its backend's CPU is read from /proc by its pid.
    os.environ["DATABASE_CONN_MAX_AGE"] = "86400"
    import gc

    import django

    django.setup()

    from django.db import close_old_connections, connection
    from django.test import Client
    from django.urls import get_resolver
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from complaints.models import Complaint

    get_resolver().url_patterns  # noqa: B018 - as config/wsgi.py does
    user = User.objects.get(username=USERNAME)
    token = RefreshToken.for_user(user).access_token
    code = (
        Complaint.objects.filter(desa__code=DESA)
        .order_by("-submitted_at")
        .values_list("tracking_code", flat=True)[0]
    )
    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    rows = {
        "health": "/api/v1/health/",
        "inbox-50": "/api/v1/complaints/?page_size=50",
        "complaint-detail": f"/api/v1/complaints/{code}/",
    }
    switches = Switches()
    tick = os.sysconf("SC_CLK_TCK")

    def batch(path: str, n: int) -> float:
        backend_pid = connection.connection.info.backend_pid
        backend_before = _ticks_of(backend_pid)
        started = time.process_time()
        for _ in range(n):
            close_old_connections()
            client.get(path)
        own = time.process_time() - started
        return own + (_ticks_of(backend_pid) - backend_before) / tick

    figures: dict = {}
    for piece in PIECES:
        gc.unfreeze()  # as served: nothing frozen
        figures[piece] = {}
        for row, path in rows.items():
            for _ in range(WARMUP):
                close_old_connections()
                assert client.get(path).status_code == 200, path
            spent = {True: [], False: []}
            for round_ in range(ROUNDS):
                # on-off, then off-on: a neighbour's burst falls on both alike
                for on in (True, False) if round_ % 2 == 0 else (False, True):
                    switches.set(piece, on)
                    spent[on].append(batch(path, REQUESTS) / REQUESTS * 1e6)
            switches.set(piece, True)
            figures[piece][row] = spent
    return figures


def main() -> int:
    started = time.monotonic()
    figures = measure()
    print(
        f"CPU per request (this process + its PostgreSQL backend), µs, in-process: {ROUNDS} "
        f"alternated batches of {REQUESTS} requests a row with and without each piece, "
        f"{time.monotonic() - started:.0f} s; keep when ≥ {KEEP_AT:.0f} % on a row."
    )
    print(f"{'piece':<24}{'row':<18}{'with':>8}{'without':>9}{'saves':>8}")
    for piece, rows in figures.items():
        best = 0.0
        for row, spent in rows.items():
            with_ = statistics.median(spent[True])
            without = statistics.median(spent[False])
            saved = (without - with_) / without * 100
            best = max(best, saved)
            print(f"{piece:<24}{row:<18}{with_:>8.0f}{without:>9.0f}{saved:>7.1f}%")
        verdict = "keep" if best >= KEEP_AT else "below the bar"
        print(f"{'':<24}→ {verdict} (best row {best:.1f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`make bench`: request rates of API endpoints next to the framework floor, in one table.

Builds a fresh PostgreSQL database, migrates and seeds it, bulk-loads 10 000 complaints
into Jagabaya (`in_django.py load`), starts gunicorn (2 sync workers) on a free loopback
port, and loads each scenario with wrk for a few seconds. The floor is
`GET /api/v1/health/`, which touches no database: a row at 60 % of the floor spends 40 %
of its time in our own code and queries. Each row also shows how many SQL queries one
request makes, counted in-process (`in_django.py count`).

To add a row, append a `Scenario` to SCENARIOS. A path that needs data (a complaint id,
say) can be a function of the running `Bench`, which holds the loaded data set's facts
and can call the API as any demo user.

Environment (all optional):
  DATABASE_URL   default postgres://postgres@127.0.0.1:5432/pengaduan_bench; the database
                 is DROPPED and recreated, so its name must contain "bench".
  REDIS_URL      default redis://127.0.0.1:6379/14 (cache and broker; left as it is).
  BENCH_DURATION seconds of load per scenario and round, default 5.
  BENCH_ROUNDS   rounds, default 3: every row runs once a round, floor included, and its
                 share of the floor is the median of its rounds' shares. On two shared
                 cores the floor alone moved by a third between runs minutes apart;
                 rounds compare each row with a floor measured seconds before it.
  BENCH_ONLY     "api" runs the request-rate table alone (a quicker loop while tuning);
                 "reports" runs the reports rows alone (bench/reports.py).
  BENCH_REPORTS_DATABASE_URL  the reports rows' database, KEPT between runs (default
                 postgres://postgres@127.0.0.1:5432/pengaduan_bench_reports).
  BENCH_REPORTS_COMPLAINTS    its size, default 1 000 000 (e.g. 20000 for a smoke run).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import lighthouse  # bench/lighthouse.py: this script's folder is on sys.path
import staff_inbox  # bench/staff_inbox.py
import webhooks  # bench/webhooks.py

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pengaduan_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# wrk shares the 2 cores with gunicorn: 2 threads keep it from starving the server, and
# 8 connections keep both workers busy with a short queue behind them.
WRK_THREADS, WRK_CONNECTIONS = 2, 8
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
API_ONLY = os.environ.get("BENCH_ONLY") == "api"
REPORTS_ONLY = os.environ.get("BENCH_ONLY") == "reports"
WARMUP_SECONDS = 1
DEMO_USER = "petugas.jagabaya"
IN_DJANGO = Path(__file__).resolve().parent / "in_django.py"
# The reference rows: the inbox's page and a complaint's page as stock DRF views
# (bench/reference/urls.py), each printed as a multiple of the product's row.
STOCK_INBOX = "stock-drf-inbox"
STOCK_DETAIL = "stock-drf-detail"
REFERENCES = {
    "inbox-50-of-10k": (STOCK_INBOX, "the same page as a stock DRF list"),
    "complaint-detail": (STOCK_DETAIL, "the same page as a stock DRF detail"),
}

# An anonymous web submission, as the public form sends it. Every request adds a row.
# Filed in Klero, not in Jagabaya: the inbox row reads Jagabaya's first page, which the
# thousands of complaints this row files would otherwise replace with fresh, clockless ones
# from the second round on.
SUBMISSION = {
    "desa": "33.22.02.2006",
    "kind": "complaint",
    "category": "infrastruktur",
    "title": "Gorong-gorong tersumbat di RT 02",
    "description": "Setiap hujan deras air meluap ke jalan dan masuk ke halaman rumah warga.",
    "anonymous": True,
}


@dataclass(frozen=True)
class Scenario:
    """One row of the table: one request, repeated by wrk as fast as the server answers."""

    name: str
    path: str | Callable[[Bench], str]
    method: str = "GET"
    body: dict | None = None
    # Demo user whose JWT is sent; None for an anonymous request.
    user: str | None = DEMO_USER
    # Scenario this row is compared with, as "x % of the framework floor".
    floor: str | None = "health"
    # A WhatsApp webhook row: signed notifications, each a new message, spread over this
    # many desa (bench/webhooks.py); `path`, `method`, `body` and `user` are not used.
    webhook_desa: int = 0
    # Request headers sent besides Accept and Authorization (or a function of the running
    # Bench giving them: an ETag is known only once the server answered).
    headers: dict[str, str] | Callable[[Bench], dict[str, str]] | None = None


OPEN311_REQUESTS = "/open311/v2/requests.json?jurisdiction_id=32.07.10.2010"

SCENARIOS: list[Scenario] = [
    Scenario("health", "/api/v1/health/", user=None, floor=None),
    Scenario("me", "/api/v1/me/"),
    # The intake officer's inbox: 50 a page of the 10 000 complaints in Jagabaya.
    Scenario("inbox-50-of-10k", "/api/v1/complaints/?page_size=50"),
    # The same page the stock DRF way (bench/reference): the orientation figure,
    # "a stock DRF list with a page count runs at 13–18 % of the bare DRF view".
    Scenario(STOCK_INBOX, "/api/bench/stock-inbox/?page_size=50"),
    # One named complaint with ten moves and three notes, as its intake officer sees it
    # (the identity is opened separately, on purpose: GET …/reporter/).
    Scenario("complaint-detail", lambda bench: f"/api/v1/complaints/{bench.facts['detail_code']}/"),
    # The same page the stock DRF way (bench/reference): RetrieveAPIView, prefetch_related.
    Scenario(
        STOCK_DETAIL, lambda bench: f"/api/bench/stock-complaints/{bench.facts['detail_code']}/"
    ),
    # Meta's webhook, one text message a notification, each a new wamid: verify the
    # signature, store the message, enqueue its reading. All to one desa, then over ten.
    Scenario("whatsapp-webhook-1-desa", webhooks.PATH, method="POST", user=None, webhook_desa=1),
    Scenario("whatsapp-webhook-10-desa", webhooks.PATH, method="POST", user=None, webhook_desa=10),
    # Open311 GeoReport v2, anonymous: Jagabaya's last 90 days hold 10 000 complaints, so
    # one answer carries the specification's cap of 1 000 requests (de-identified). Three
    # ways of asking: built afresh every time (`Cache-Control: no-cache` skips the shared
    # cache), as any client asks (from the shared cache while nothing changed), and as a
    # polling client asks (If-None-Match with the current ETag: 304, no body).
    Scenario(
        "open311-requests-1000-cold",
        OPEN311_REQUESTS,
        user=None,
        headers={"Cache-Control": "no-cache"},
    ),
    Scenario("open311-requests-1000", OPEN311_REQUESTS, user=None),
    Scenario(
        "open311-requests-1000-304",
        OPEN311_REQUESTS,
        user=None,
        headers=lambda bench: {"If-None-Match": bench.etag(OPEN311_REQUESTS)},
    ),
    # Last: each request adds a complaint (in another desa: see SUBMISSION).
    Scenario("anonymous-submit", "/api/v1/complaints/", method="POST", body=SUBMISSION, user=None),
]


@dataclass
class Result:
    scenario: Scenario
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    queries: int | None = None
    # Webhook rows: answered requests that stored no message (a body sent twice).
    not_stored: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> bool:
        return (
            self.non_2xx > 0 or self.socket_errors > 0 or self.requests == 0 or self.not_stored > 0
        )


@dataclass
class Row:
    """One scenario's rounds, each next to the floor measured in the same round."""

    scenario: Scenario
    rounds: list[Result]
    shares: list[float]  # of the floor, per round (empty for the floor itself)
    queries: int | None = None

    @property
    def typical(self) -> Result:
        """The round with the median rate."""
        return sorted(self.rounds, key=lambda result: result.rate)[len(self.rounds) // 2]

    @property
    def failed(self) -> bool:
        return any(result.failed for result in self.rounds)


# wrk calls done() once at the end; one JSON line is easier to read back than its report.
# (Not a format string: its braces are the JSON's.)
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"non_2xx": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""
WRK_SCRIPT = """
wrk.method = [==[{method}]==]
{headers}
{body}
"""
# Webhook bodies made for one wrk run: more than it can send at the floor's own rate.
WEBHOOK_BODIES_PER_SECOND = 3000


class BenchError(Exception):
    """A setup step failed; the message says which and how to fix it."""


class Bench:
    """The running server: its base URL, the loaded data set's facts (`in_django.py load`)
    and one access token per demo user."""

    def __init__(
        self, base_url: str, facts: dict, *, database_url: str = "", webhook_secret: str = ""
    ) -> None:
        self.base_url = base_url
        self.facts = facts
        self.database_url = database_url
        self.webhook_secret = webhook_secret
        self._tokens: dict[str, str] = {}
        self._runs = 0
        # Each scenario's extra request headers, resolved once the server is up.
        self.headers: dict[str, dict[str, str]] = {}

    def etag(self, path: str) -> str:
        """The ETag the server answers `path` with now (anonymous)."""
        with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
            return response.headers["ETag"]

    def webhook_bodies(self, scenario: Scenario, seconds: int, workdir: Path) -> Path:
        """A file of signed notifications for one wrk run, none sent before."""
        self._runs += 1
        return webhooks.write(
            workdir / f"{scenario.name}-{self._runs}.bodies",
            secret=self.webhook_secret,
            number_ids=self.facts["whatsapp_numbers"][: scenario.webhook_desa],
            count=WEBHOOK_BODIES_PER_SECOND * (seconds + 1),
            run=f"{self._runs}x{secrets.token_hex(3)}",
        )

    def stored_messages(self) -> int:
        """WhatsApp messages in the database: a webhook row must add one per request."""
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM intake_message WHERE channel = 'whatsapp'"
            ).fetchone()
        return row[0]

    def token(self, username: str) -> str:
        if username not in self._tokens:
            password = os.environ.get("DEMO_PASSWORD", "pengaduan-demo")
            body = self.api(
                "POST", "/api/v1/auth/token/", body={"username": username, "password": password}
            )
            self._tokens[username] = body["access"]
        return self._tokens[username]

    def api(
        self, method: str, path: str, *, user: str | None = None, body: dict | None = None
    ) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if user:
            headers["Authorization"] = f"Bearer {self.token(user)}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise BenchError(
                f"{method} {path} answered {error.code}: "
                f"{error.read()[:300].decode(errors='replace')}"
            ) from None


def lua_string(value: str) -> str:
    return f"[==[{value}]==]"


def wrk_script(bench: Bench, scenario: Scenario, seconds: int, workdir: Path) -> str:
    if scenario.webhook_desa:
        bodies = bench.webhook_bodies(scenario, seconds, workdir)
        return webhooks.lua(bodies=bodies, thread_count=WRK_THREADS) + WRK_DONE
    headers = {"Accept": "application/json", **bench.headers.get(scenario.name, {})}
    if scenario.user:
        headers["Authorization"] = f"Bearer {bench.token(scenario.user)}"
    body = ""
    if scenario.body is not None:
        headers["Content-Type"] = "application/json"
        body = f"wrk.body = {lua_string(json.dumps(scenario.body))}"
    header_lines = "\n".join(
        f"wrk.headers[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items()
    )
    script = WRK_SCRIPT.format(method=scenario.method, headers=header_lines, body=body)
    return script + WRK_DONE


def run_wrk(bench: Bench, scenario: Scenario, path: str, seconds: int, workdir: Path) -> Result:
    script = workdir / f"{scenario.name}.lua"
    script.write_text(wrk_script(bench, scenario, seconds, workdir))
    stored_before = bench.stored_messages() if scenario.webhook_desa else 0
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        bench.base_url + path,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    line = next((x for x in completed.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if completed.returncode != 0 or line is None:
        raise BenchError(f"wrk failed for {scenario.name}:\n{completed.stdout}{completed.stderr}")
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    not_stored = 0
    if scenario.webhook_desa:
        # wrk may stop with requests in flight that the server still stores: more rows than
        # answers is fine, fewer means bodies were sent twice.
        answered = raw["requests"] - raw["non_2xx"]
        not_stored = max(0, answered - (bench.stored_messages() - stored_before))
    return Result(
        scenario=scenario,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        non_2xx=raw["non_2xx"],
        socket_errors=raw["socket_errors"],
        not_stored=not_stored,
    )


def recreate_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise BenchError(
            f"refusing to drop database {name!r}: the bench recreates its database, so the "
            "name in DATABASE_URL must contain 'bench' (unset DATABASE_URL for the default "
            f"{DEFAULT_DATABASE_URL})"
        )
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise BenchError(f"cannot reach PostgreSQL at {maintenance}: {error}") from None


def check_redis(redis_url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise BenchError(f"cannot reach Redis at {redis_url}: {error}") from None


def manage(env: dict[str, str], *args: str) -> None:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(args)} failed:\n"
            f"{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )


def in_django(env: dict[str, str], command: str, stdin: str = "") -> dict:
    """Run a step of `in_django.py` with the bench's environment; its last line is JSON."""
    completed = subprocess.run(
        [sys.executable, str(IN_DJANGO), command],
        cwd=BACKEND,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode != 0 or not completed.stdout.strip():
        raise BenchError(
            f"in_django.py {command} failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def count_queries(env: dict[str, str], paths: dict[str, str], bench: Bench) -> dict[str, int]:
    scenarios = []
    for scenario in SCENARIOS:
        counted = {
            "name": scenario.name,
            "method": scenario.method,
            "path": paths[scenario.name],
            "body": scenario.body,
            "user": scenario.user,
            "request_headers": bench.headers.get(scenario.name, {}),
        }
        if scenario.webhook_desa:
            # Two signed notifications, one for each request `count` makes: a new message
            # each, as in the rows (a retry of the first would take the retry's path).
            raws = [
                webhooks.notification(
                    number_id=bench.facts["whatsapp_numbers"][0],
                    wamid=f"wamid.bench.count.{scenario.name}.{attempt}",
                    wa_id="6281300000000",
                    timestamp=int(time.time()),
                )
                for attempt in range(2)
            ]
            counted["raw"] = [raw.decode() for raw in raws]
            counted["headers"] = [
                {"HTTP_X_HUB_SIGNATURE_256": webhooks.signature(raw, bench.webhook_secret)}
                for raw in raws
            ]
        scenarios.append(counted)
    return in_django(env, "count", json.dumps(scenarios))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(
                f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(
        f"gunicorn did not answer {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}"
    )


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn's master and its workers: the whole process group it leads."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
    except ProcessLookupError:
        pass


def print_table(rows: list[Row]) -> None:
    table = [("scenario", "req/s", "p50 ms", "p99 ms", "errors", "queries", "vs floor")]
    for row in rows:
        result = row.typical
        if row.scenario.floor is None:
            versus = "framework floor"
        elif row.shares:
            shares = ", ".join(f"{100 * share:.0f}" for share in row.shares)
            versus = f"{100 * statistics.median(row.shares):.0f}% of the framework floor"
            versus += f" (rounds: {shares})" if len(row.shares) > 1 else ""
        else:
            versus = "-"
        errors = sum(r.non_2xx + r.socket_errors for r in row.rounds)
        table.append(
            (
                f"{row.scenario.method} {row.scenario.name}",
                f"{result.rate:,.0f}",
                f"{result.p50_ms:.1f}",
                f"{result.p99_ms:.1f}",
                f"{errors}" + (" FAILED" if row.failed else ""),
                "-" if row.queries is None else str(row.queries),
                versus,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for index, row in enumerate(table):
        cells = [
            cell.ljust(w) if i in (0, 6) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def print_reference(rows: list[Row]) -> None:
    """Each product row next to the same page as a stock DRF view, round by round."""
    by_name = {row.scenario.name: row for row in rows}
    for name, (reference_name, what) in REFERENCES.items():
        product, reference = by_name[name], by_name[reference_name]
        speedups = [
            ours.rate / stock.rate
            for ours, stock in zip(product.rounds, reference.rounds, strict=True)
            if stock.rate
        ]
        if speedups:
            print(
                f"{name} answers {statistics.median(speedups):.1f}× as many requests as "
                f"{reference_name}, {what} (rounds: "
                + ", ".join(f"{speedup:.1f}" for speedup in speedups)
                + ")."
            )


def run_step(env: dict[str, str], script: str, *args: str, timeout: int) -> dict:
    """Run `bench/<script> <args>` in the backend folder: the figures of the JSON line it
    prints last."""
    completed = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        name = " ".join([f"bench/{script}", *args])
        raise BenchError(f"{name} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def print_columns(rows: list[tuple[str, ...]]) -> None:
    """A table of left-aligned columns, the first row its header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def print_register_table(figures: dict) -> None:
    print("Register book: entries opened per second (register_open, counter row locked) vs")
    print("plain inserts of the same rows without a counter, same run; then export times.")
    rows = [("receives", "clients", "numbered/s", "plain/s", "ratio")]
    for r in figures["receives"]:
        ratio = f"{100 * r['numbered'] / r['plain']:.0f}%" if r["plain"] else "-"
        rows.append(
            (r["layout"], str(r["clients"]), f"{r['numbered']:,.0f}", f"{r['plain']:,.0f}", ratio)
        )
    for e in figures["exports"]:
        rows.append(
            (
                f"export {e['format']}",
                f"{e['entries']:,} entries",
                f"{e['seconds']:.1f} s",
                f"{e['bytes'] / 1e6:.1f} MB",
                "",
            )
        )
    print_columns(rows)


def print_sla_table(f: dict) -> None:
    print(f"SLA sweep over {f['open']:,} running clocks (loaded in {f['load_seconds']:.1f} s);")
    print(f"floor: one indexed COUNT(*) of them, {f['count_ms']:.1f} ms.")
    rows = [("sla", "due", "queries", "ms", "vs COUNT(*)")]
    for find in f["finds"]:
        ratio = f"{100 * find['ms'] / f['count_ms']:.0f}%"
        rows.append(
            ("find due", f"{find['found']:,}", str(find["queries"]), f"{find['ms']:.1f}", ratio)
        )
    sweep = f["sweep"]
    rows.append(
        ("sweep+enqueue", f"{sweep['due']:,}", str(sweep["queries"]), f"{sweep['ms']:.0f}", "")
    )
    race = f["race"]
    rows.append(
        (
            "2 sweeps at once",
            f"{race['due']:,}",
            f"dup reminders {race['duplicate_reminders']}",
            f"{race['seconds'] * 1000:.0f}",
            f"dup escalations {race['duplicate_escalations']}",
        )
    )
    print_columns(rows)


def print_intake_table(f: dict) -> None:
    imap = f["imap"]
    print(
        f"IMAP (Dovecot on loopback): {imap['stored']:,} of {imap['messages']:,} messages stored "
        f"and flagged in {imap['poll_seconds']:.1f} s, read into drafts in "
        f"{imap['read_seconds']:.1f} s; a second poll stored {imap['second_poll_stored']}."
    )


def print_webhook_table(f: dict) -> None:
    first = f["first_try"] / f["deliveries"] if f["deliveries"] else 0.0
    print(
        f"Webhook fan-out: {f['events']:,} events × {f['subscribers']} receivers on loopback = "
        f"{f['deliveries']:,} deliveries, one Celery worker (concurrency 2)."
    )
    print(
        f"  outbox written in {f['write_seconds']:.1f} s; drained in {f['drain_seconds']:.1f} s "
        f"({f['delivered'] / f['drain_seconds']:.0f} deliveries/s); {f['delivered']:,} delivered, "
        f"{first:.1%} on the first try; receivers saw {f['received']:,} requests."
    )


class ReportsBench(Bench):
    """The reports rows' server: one admin of the kept data set (bench/reports.py)."""

    def __init__(self, base_url: str, facts: dict) -> None:
        super().__init__(base_url, facts)

    def token(self, username: str) -> str:
        if username not in self._tokens:
            body = {"username": username, "password": self.facts["password"]}
            self._tokens[username] = self.api("POST", "/api/v1/auth/token/", body=body)["access"]
        return self._tokens[username]


def reports_bench(env: dict[str, str], workdir: Path) -> dict:
    """The reports rows: the kept data set, SQL times, the rollup's cost on moves, and the
    kecamatan and kabupaten summaries through gunicorn next to the floor, round by round."""
    url = os.environ.get("BENCH_REPORTS_DATABASE_URL") or (
        "postgres://postgres@127.0.0.1:5432/pengaduan_bench_reports"
    )
    env = {**env, "BENCH_REPORTS_DATABASE_URL": url, "DATABASE_URL": url,
           "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
    started = time.monotonic()
    facts = run_step(env, "reports.py", "prepare", timeout=3600)
    facts["prepare_seconds"] = time.monotonic() - started
    sql_times = run_step(env, "reports.py", "sql", timeout=3600)
    rollup = run_step(env, "reports.py", "rollup", timeout=3600)
    user = facts["username"]
    scenarios = [
        Scenario("health", "/api/v1/health/", user=None, floor=None),
        Scenario("kecamatan-year", f"/api/v1/reports/kecamatan/{facts['kecamatan_code']}/"
                 "?period=year", user=user),
        Scenario("kabupaten-year", f"/api/v1/reports/kabupaten/{facts['kabupaten_code']}/"
                 "?period=year", user=user),
    ]  # fmt: skip
    server, log = start_gunicorn(env, workdir, "reports-gunicorn.log")
    try:
        bench = ReportsBench(f"http://127.0.0.1:{server.port}", facts)
        wait_until_up(bench.base_url + "/api/v1/health/", server, log)
        rounds: dict[str, list[Result]] = {s.name: [] for s in scenarios}
        for number in range(ROUNDS):
            for scenario in scenarios:
                if number == 0:
                    run_wrk(bench, scenario, scenario.path, WARMUP_SECONDS, workdir)
                rounds[scenario.name].append(
                    run_wrk(bench, scenario, scenario.path, DURATION, workdir)
                )
    finally:
        stop(server)
    rows = [
        Row(scenario, rounds[scenario.name],
            shares=[r.rate / f.rate for r, f in zip(rounds[scenario.name], rounds["health"],
                                                    strict=True) if f.rate]
            if scenario.floor else [])
        for scenario in scenarios
    ]  # fmt: skip
    return {"facts": facts, "sql": sql_times, "rollup": rollup, "rows": rows}


def print_reports(figures: dict) -> None:
    facts, sql_times, rollup = figures["facts"], figures["sql"], figures["rollup"]
    kept = "generated in" if facts["generated"] else "kept from an earlier run, checked in"
    print(
        f"Reports: {facts['complaints']:,} complaints over {facts['desa']:,} desa in "
        f"{facts['kecamatan']} kecamatan, {facts['tally_rows']:,} rollup rows and "
        f"{facts.get('summary_rows', 0):,} summary rows ({kept} "
        f"{facts['prepare_seconds']:.0f} s; rollup vs rebuild on {facts['sample_desa_checked']} "
        f"desa: {facts['sample_cells_wrong']} cells differ)."
    )
    targets = {"kecamatan": 10, "kabupaten": 60}
    for name, f in sql_times.items():
        print(
            f"  {name:<10} SQL p50 {f['sql_p50']:6.1f} ms  p95 {f['sql_p95']:6.1f} ms "
            f"(target p95 <= {targets[name]} ms)  whole selector p50 {f['wall_p50']:6.1f} ms  "
            f"p95 {f['wall_p95']:6.1f} ms"
        )
    print_table(figures["rows"])
    print(
        f"Rollup on the moves (receive, verify, assign, start, answer): {rollup['with']:.0f} "
        f"moves/s with it, {rollup['without']:.0f} without: {100 * rollup['cost']:.0f} % "
        f"slower (rounds: {', '.join(f'{100 * c:.0f}' for c in rollup['rounds'])}; "
        "target <= 10 %)."
    )


def start_gunicorn(env: dict[str, str], workdir: Path, log_name: str):
    port = free_port()
    log = workdir / log_name
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--workers={GUNICORN_WORKERS}",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{port}",
                "--timeout=30",
            ],
            cwd=BACKEND,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches workers
        )
    server.port = port  # type: ignore[attr-defined]
    return server, log


def main() -> int:
    if not shutil.which("wrk"):
        print(
            "bench: wrk is not installed; run `apt-get install -y wrk` (make bench does).",
            file=sys.stderr,
        )
        return 2
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="pengaduan-bench-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "IDENTITY_HASH_KEY": secrets.token_urlsafe(32),
            # Signs the webhook rows' bodies (bench/webhooks.py).
            "WHATSAPP_APP_SECRET": secrets.token_urlsafe(32),
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "DATA_DIR": str(workdir / "data"),
            # Fresh throttle counters on every run, without flushing a shared Redis.
            "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
            # wrk submits thousands of complaints a minute from one loopback address.
            "THROTTLE_SUBMIT_IP": "1000000/hour",
            "THROTTLE_OPEN311_IP": "1000000/minute",
            # The webhook fan-out's receivers listen on loopback.
            "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
            # The product's settings with the reference rows' URLconf (bench/reference).
            "DJANGO_SETTINGS_MODULE": "reference.settings",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH")])
            ),
        }
        for name in (
            "DJANGO_SECRET_KEY",
            "FIELD_ENCRYPTION_KEYS",
            "IDENTITY_HASH_KEY",
            "WHATSAPP_APP_SECRET",
        ):
            env.pop(f"{name}_FILE", None)

        check_redis(redis_url)
        if REPORTS_ONLY:
            print_reports(reports_bench(env, workdir))
            return 0
        recreate_database(database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--quiet")
        facts = in_django(env, "load")
        register_figures = sla_figures = intake_figures = webhook_figures = None
        if not API_ONLY:
            # The register book: receives/s and export times.
            register_figures = run_step(env, "register.py", timeout=600)
            # The SLA sweep: find cost vs a COUNT(*), two sweeps at once.
            sla_figures = run_step(env, "sla.py", timeout=300)
            # The e-mail intake: 1 000 messages taken from IMAP.
            intake_figures = run_step(env, "inbound.py", timeout=600)
            # The webhook fan-out: 1 000 events × 3 receivers, one Celery worker.
            webhook_figures = run_step(env, "fanout.py", timeout=900)

        server, log = start_gunicorn(env, workdir, "gunicorn.log")
        port = server.port
        try:
            bench = Bench(
                f"http://127.0.0.1:{port}",
                facts,
                database_url=database_url,
                webhook_secret=env["WHATSAPP_APP_SECRET"],
            )
            wait_until_up(bench.base_url + "/api/v1/health/", server, log)
            paths = {s.name: s.path(bench) if callable(s.path) else s.path for s in SCENARIOS}
            bench.headers = {
                s.name: s.headers(bench) if callable(s.headers) else dict(s.headers or {})
                for s in SCENARIOS
            }
            queries = count_queries(env, paths, bench)
            rounds: dict[str, list[Result]] = {s.name: [] for s in SCENARIOS}
            for number in range(ROUNDS):
                for scenario in SCENARIOS:
                    path = paths[scenario.name]
                    if number == 0:
                        run_wrk(bench, scenario, path, WARMUP_SECONDS, workdir)
                    rounds[scenario.name].append(run_wrk(bench, scenario, path, DURATION, workdir))
            results = [
                Row(
                    scenario,
                    rounds[scenario.name],
                    shares=[
                        result.rate / floor.rate
                        for result, floor in zip(
                            rounds[scenario.name], rounds[scenario.floor], strict=True
                        )
                        if floor.rate
                    ]
                    if scenario.floor
                    else [],
                    queries=queries[scenario.name],
                )
                for scenario in SCENARIOS
            ]
            # The SPA's download budget and Lighthouse on the resident pages (bench/lighthouse.py).
            frontend_lines = [] if API_ONLY else lighthouse.collect(bench.base_url)
            # The office's inbox drawn in Chromium (bench/staff_inbox.py).
            staff_lines = [] if API_ONLY else staff_inbox.collect(bench.base_url)
        finally:
            stop(server)
        reports_figures = None if API_ONLY else reports_bench(env, workdir)

    print(
        f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{DURATION}s × {ROUNDS} rounds against gunicorn "
        f"({GUNICORN_WORKERS} sync workers), PostgreSQL and Redis on loopback, "
        f"{os.cpu_count()} cores shared by all; {time.monotonic() - started:.0f} s in all."
    )
    print(
        f"Data: {facts['complaints']:,} complaints in desa {facts['desa']} "
        f"({facts['clocks']:,} with an SLA clock); the detail row's "
        f"complaint has {facts['detail_transitions']} moves and {facts['detail_notes']} notes. "
        "Queries: SQL statements of one request, counted in-process. req/s and latencies: "
        "the row's median round."
    )
    print()
    print_table(results)
    print_reference(results)
    print()
    if not API_ONLY:
        print_register_table(register_figures)
        print()
        print_sla_table(sla_figures)
        print()
        print_intake_table(intake_figures)
        print()
        print_webhook_table(webhook_figures)
        print()
        print("\n".join(frontend_lines))
        print()
        print("\n".join(staff_lines))
        print()
        print_reports(reports_figures)
    if any(result.failed for result in results):
        print(
            "\nbench: some requests failed (non-2xx or socket errors); figures above "
            "are not comparable.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)

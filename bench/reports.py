"""`make bench` rows of the reports: the kecamatan and kabupaten summaries over a large,
kept data set, and what the rollup costs the moves that keep it.

Data: `BENCH_REPORTS_COMPLAINTS` complaints (default 1 000 000) over 1 000 desa in 100
kecamatan of one kabupaten (fewer complaints: one desa per 1 000, one kecamatan per 10 desa),
received on working days over the past two years; 2 % still open, the rest answered (an
`answer` move each), closed with a rating or rejected; an SLA clock each. Loaded with
INSERT … SELECT over generate_series (one statement per table), the rollup with one
INSERT … SELECT … GROUP BY over them (answers fall on working days, so the working days to
answer are the distance between two rows of a table of working days), the summary and the
desa's year rows from it by their migrations' backfills (reports 0003 and 0005, as an
existing installation gets them), checked against `reports.rollup.rollup_rebuild` on a
sample of desa (`sample_cells_wrong` must be 0), then VACUUM ANALYZE. Its database
(`BENCH_REPORTS_DATABASE_URL`, default `pengaduan_bench_reports`) is KEPT between runs: a
table `bench_reports_dataset` holds the data set's fingerprint (sizes, this file's generator
version) and the migrations it was loaded with; a run whose fingerprint matches, with those
migrations still applied, skips the load (newer migrations are applied on top: the data set
is migrated forward, as an installation would be). Anything else drops and recreates that
database.

Steps (`python bench/reports.py prepare|sql|rollup`, each printing one JSON line):
* prepare: create or reuse the data set; print its facts (codes, counts, load seconds).
* sql: p50/p95 of the SQL time (the statements' own time, `CaptureQueriesContext`) and of
  the whole selector, for `reports.selectors.report` of kecamatan (each of 30 kecamatan)
  and of the kabupaten (1 000 desa), `BENCH_REPORTS_REPEAT` (30) times each.
* rollup: complaints moved receive → verify → assign → start → answer, through
  `complaint_transition`, with the rollup's hook and with it replaced by a no-op,
  alternated round by round: moves per second each way.
bench/run.py serves the same database with gunicorn for the req/s rows.
"""

# ruff: noqa: E402 - Django must be set up before the backend's modules are imported.
from __future__ import annotations

import hashlib
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pengaduan_bench_reports"
DATABASE_URL = os.environ.get("BENCH_REPORTS_DATABASE_URL") or DEFAULT_URL
os.environ["DATABASE_URL"] = DATABASE_URL
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

COMPLAINTS = int(os.environ.get("BENCH_REPORTS_COMPLAINTS", "1000000"))
DESA = max(2, min(1000, COMPLAINTS // 1000))
KECAMATAN = max(1, DESA // 10)
OPEN_SHARE = 0.02
VERSION = "reports-v4"  # change when the generator changes: the kept data set is rebuilt
PROVINSI, KABUPATEN = "98", "98.01"
USERNAME, PASSWORD = "bench.reports.admin", "bench-reports-admin"
ROLLUP_COMPLAINTS = int(os.environ.get("BENCH_REPORTS_MOVES", "60"))
REPEAT = int(os.environ.get("BENCH_REPORTS_REPEAT", "30"))


def _ensure_database() -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to use {name!r}: the name must contain 'bench'")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database() -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    _ensure_database()

import django

django.setup()

from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Position, Role
from accounts.services import membership_grant, user_upsert
from complaints import hooks
from complaints.models import Category
from complaints.services import DEFAULT_CATEGORIES, complaint_submit, complaint_transition
from regions.models import Level, Region
from reports import selectors
from reports.rollup import rollup_on_move, rollup_rebuild


def fingerprint() -> str:
    """What the data set was generated from: sizes and the generator's version. The
    migrations are kept apart (`_migrations`): migrations applied on top of the data set
    migrate it forward, as they would an installation, and do not force a rebuild."""
    text = json.dumps([VERSION, COMPLAINTS, DESA, KECAMATAN])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _migrations() -> list[list[str]]:
    return sorted(map(list, MigrationRecorder.Migration.objects.values_list("app", "name")))


def _stored() -> tuple[str, list[list[str]]] | None:
    """(fingerprint, the migrations applied when it was loaded) of the kept data set."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_reports_dataset')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'bench_reports_dataset' AND column_name = 'migrations'"
        )
        if cursor.fetchone() is None:  # a data set of an older bench: rebuilt
            return ("", [])
        cursor.execute("SELECT fingerprint, migrations FROM bench_reports_dataset")
        row = cursor.fetchone()
    if not row:
        return None
    migrations = json.loads(row[1]) if isinstance(row[1], str) else row[1]
    return row[0], migrations


def _regions() -> None:
    provinsi = Region.objects.create(code=PROVINSI, name="Bench", level=Level.PROVINSI)
    kabupaten = Region.objects.create(
        code=KABUPATEN, name="Bench Raya", level=Level.KABUPATEN, parent=provinsi
    )
    kecamatan = Region.objects.bulk_create(
        Region(code=f"{KABUPATEN}.{k:02d}", name=f"Kecamatan {k:02d}", level=Level.KECAMATAN,
               parent=kabupaten)
        for k in range(KECAMATAN)
    )  # fmt: skip
    desa = [
        Region(code=f"{kec.code}.{2001 + d}", name=f"Desa {k:02d}-{d:02d}", level=Level.DESA,
               parent=kec, register_abbreviation=f"B{k:02d}{d:02d}")
        for k, kec in enumerate(kecamatan)
        for d in range(DESA // KECAMATAN)
    ]  # fmt: skip
    Region.objects.bulk_create(desa, batch_size=1000)
    Category.objects.bulk_create(
        (Category(desa=d, slug=slug, name=name, icon=icon, default_position=position, order=order)
         for d in Region.objects.filter(level=Level.DESA, code__startswith=f"{KABUPATEN}.")
         for order, (slug, name, icon, position) in enumerate(DEFAULT_CATEGORIES)),
        batch_size=2000,
    )  # fmt: skip


LOAD_SQL = """
CREATE TEMP TABLE bench_desa AS
  SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM regions_region
  WHERE level = 'desa' AND code LIKE %(prefix)s;
CREATE TEMP TABLE bench_category AS
  SELECT d.n, row_number() OVER (PARTITION BY c.desa_id ORDER BY c.id) - 1 AS k, c.id
  FROM complaints_category c JOIN bench_desa d ON d.id = c.desa_id;
INSERT INTO complaints_complaint (
    kind, channel, title, description, location_text, urgency, impact, priority, status,
    tracking_code, pin_hash, anonymous, assigned_position, answer, rejection_reason,
    info_request, rating, rating_comment, spam_score, spam_trapped, public_title,
    public_outcome, social_post_url, social_account, submitted_at, received_at, answered_at,
    closed_at, updated_at, category_id, desa_id, duplicates_count)
SELECT
  (ARRAY['complaint','complaint','complaint','complaint','aspiration','suggestion',
         'information_request', 'complaint'])[1 + i %% 8],
  (ARRAY['web','whatsapp','whatsapp','walk_in','walk_in','phone','email',
         'suggestion_box'])[1 + (i / 7) %% 8],
  'Keluhan ' || i, 'Uraian keluhan.', '', 'medium', 'medium',
  (ARRAY['P2','P3','P3','P3','P4'])[1 + (i / 3) %% 5],
  CASE WHEN r < %(open)s THEN 'in_progress' WHEN r < %(open)s + 0.04 THEN 'rejected'
       WHEN r < %(open)s + 0.12 THEN 'answered' ELSE 'closed' END,
  'R' || lpad(i::text, 9, '0'), 'x', true, '', '', '', '',
  CASE WHEN r >= %(open)s + 0.12 AND i %% 3 > 0 THEN 1 + (i / 11) %% 5 END, '', 0, false, '', '',
  '', '',
  received, received,
  CASE WHEN r >= %(open)s + 0.04 THEN answered END,
  CASE WHEN r >= %(open)s + 0.12 THEN answered + interval '3 days'
       WHEN r >= %(open)s THEN received END,
  now(), c.id, d.id, 0
FROM (
  SELECT i, random() AS r, b.day + time '02:00' AS received, a.day + time '03:00' AS answered
  FROM generate_series(1, %(n)s) AS i
  JOIN bench_day b ON b.n = (i::bigint * 7919) %% (SELECT count(*) - 30 FROM bench_day)
  JOIN bench_day a ON a.n = b.n + i %% 23
) g
JOIN bench_desa d ON d.n = g.i %% %(desa)s
JOIN bench_category c ON c.n = d.n AND c.k = (g.i / %(desa)s) %% 5;
UPDATE complaints_complaint SET received_at = now() - (id %% 20) * interval '1 day',
    submitted_at = now() - (id %% 20) * interval '1 day'
  WHERE status = 'in_progress' AND desa_id IN (SELECT id FROM bench_desa);
INSERT INTO complaints_transition (complaint_id, action, from_status, to_status, capacity, note,
    visibility, data, at)
SELECT id, 'answer', 'in_progress', 'answered', 'assignee', '', 'public', '{}', answered_at
FROM complaints_complaint WHERE answered_at IS NOT NULL AND desa_id IN (SELECT id FROM bench_desa);
INSERT INTO sla_complaintsla (complaint_id, state, policy_days, anchor_on, anchor_at,
    working_days, due_on, deadline, remind_2_at, remind_1_at)
SELECT id, CASE WHEN status = 'in_progress' THEN 'running' ELSE 'stopped' END, 14,
  received_at::date, received_at, 14, (received_at + interval '19 days')::date,
  received_at + interval '19 days', received_at + interval '17 days',
  received_at + interval '18 days'
FROM complaints_complaint WHERE desa_id IN (SELECT id FROM bench_desa);
INSERT INTO reports_tally (desa_id, month, category_id, channel, kind, priority, measure,
    bucket, n)
SELECT c.desa_id, date_trunc('month', (c.received_at AT TIME ZONE 'Asia/Jakarta'))::date,
  c.category_id, c.channel, c.kind, c.priority, m.measure, m.bucket, count(*)
FROM complaints_complaint c
JOIN sla_complaintsla s ON s.complaint_id = c.id
LEFT JOIN bench_day b ON b.day = (c.received_at AT TIME ZONE 'Asia/Jakarta')::date
LEFT JOIN bench_day a ON a.day = (c.answered_at AT TIME ZONE 'Asia/Jakarta')::date
CROSS JOIN LATERAL (VALUES
  ('received', 0, true),
  ('rejected', 0, c.status = 'rejected'),
  ('closed', 0, c.status = 'closed'),
  ('answered', 0, c.answered_at IS NOT NULL),
  ('answer_days', LEAST(a.n - b.n, 61), c.answered_at IS NOT NULL),
  ('response_days', LEAST(a.n - b.n, 61), c.answered_at IS NOT NULL),
  ('within_sla', 0, c.answered_at IS NOT NULL AND s.deadline >= c.answered_at),
  ('rating', c.rating, c.rating IS NOT NULL)
) m(measure, bucket, yes)
WHERE m.yes AND c.desa_id IN (SELECT id FROM bench_desa)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""


def _working_days() -> list:
    """The working days of the bench desa's calendar over the past two years, in order."""
    from datetime import timedelta

    from sla.selectors import calendar_for

    calendar = calendar_for(Region.objects.filter(level=Level.DESA).first())
    today = timezone.localdate()
    days = [today - timedelta(days=back) for back in range(760, -60, -1)]
    return [day for day in days if calendar.is_working_day(day)]


def load() -> dict:
    """The data set from scratch (an empty, migrated database)."""
    started = time.perf_counter()
    _regions()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_day (n int PRIMARY KEY, day date UNIQUE)")
        cursor.executemany(
            "INSERT INTO bench_day VALUES (%s, %s)", list(enumerate(_working_days()))
        )
        params = {"prefix": f"{KABUPATEN}.%", "n": COMPLAINTS, "desa": DESA, "open": OPEN_SHARE}
        for statement in filter(str.strip, LOAD_SQL.split(";\n")):
            cursor.execute(statement, params)
    loaded = time.perf_counter() - started
    # The summary and the desa's year rows as an existing installation gets them: the
    # migrations' own backfills.
    started = time.perf_counter()
    year = "date_trunc('year', month)::date"
    summary = importlib.import_module("reports.migrations.0003_summary").BACKFILL
    years = importlib.import_module("reports.migrations.0005_desa_year").BACKFILL
    with connection.cursor() as cursor:
        for statement in summary:
            cursor.execute(statement.format(year=year))
        cursor.execute(years.replace("{year}", year))
    summarised = time.perf_counter() - started
    # The SQL above built the rollup; the product's own rebuild checks a sample of desa.
    sample = Region.objects.filter(level=Level.DESA).order_by("pk").values_list("pk", flat=True)
    checked = rollup_rebuild(desa_ids=list(sample[:3]))
    user = user_upsert(username=USERNAME, full_name="Bench reports", password=PASSWORD)
    membership_grant(user=user, role=Role.ADMIN, region=None, actor=None, position="")
    with connection.cursor() as cursor:
        for table in ("complaints_complaint", "complaints_transition", "sla_complaintsla",
                      "reports_tally", "reports_summary", "reports_desayear"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(
            "CREATE TABLE bench_reports_dataset (fingerprint text, facts jsonb, migrations jsonb)"
        )
    wrong = checked["cells_wrong"] + checked["summary_cells_wrong"] + checked["year_rows_wrong"]
    return {"load_seconds": loaded, "summary_seconds": summarised,
            "sample_desa_checked": checked["desa"], "sample_cells_wrong": wrong}  # fmt: skip


def prepare() -> dict:
    loaded_with = None
    stored = _stored()
    if stored is not None:
        loaded_with = {tuple(m) for m in stored[1]}
    call_command("migrate", verbosity=0)
    wanted = fingerprint()
    # Kept when generated alike and every migration it was loaded with is still applied
    # (newer ones were applied on top by the `migrate` above: the data set moved forward).
    applied = set(map(tuple, _migrations()))
    if stored is not None and stored[0] == wanted and loaded_with <= applied:
        with connection.cursor() as cursor:
            cursor.execute("SELECT facts FROM bench_reports_dataset")
            facts = cursor.fetchone()[0]
        facts = json.loads(facts) if isinstance(facts, str) else facts
        return {**facts, "generated": False}
    if stored is not None or Region.objects.exists():
        connections.close_all()
        _drop_database()
        call_command("migrate", verbosity=0)
    timing = load()
    kecamatan = Region.objects.filter(level=Level.KECAMATAN, code__startswith=f"{KABUPATEN}.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM complaints_complaint")
        complaints = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM reports_tally")
        cells = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM reports_summary")
        summary_cells = cursor.fetchone()[0]
    facts = {
        "complaints": complaints, "desa": DESA, "kecamatan": KECAMATAN, "tally_rows": cells,
        "summary_rows": summary_cells,
        "kabupaten_code": KABUPATEN, "kecamatan_code": kecamatan.order_by("code").first().code,
        "username": USERNAME, "password": PASSWORD, **timing,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_reports_dataset VALUES (%s, %s, %s)",
            [wanted, json.dumps(facts), json.dumps(_migrations())],
        )
    return {**facts, "generated": True}


def _timed(region: Region, period) -> tuple[float, float]:
    """(SQL ms, selector ms) of one report."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        selectors.report(region=region, period=period)
        wall = (time.perf_counter() - started) * 1000
    return sum(float(q["time"]) for q in queries.captured_queries) * 1000, wall


def _p(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def sql() -> dict:
    period = selectors.period_of(kind="year", year=timezone.localdate().year)
    kecamatan = list(
        Region.objects.filter(level=Level.KECAMATAN, code__startswith=f"{KABUPATEN}.")
        .select_related("parent__parent")
        .order_by("code")
    )
    kabupaten = Region.objects.select_related("parent").get(code=KABUPATEN)
    found = {}
    for name, regions in (("kecamatan", kecamatan[:30]), ("kabupaten", [kabupaten])):
        _timed(regions[0], period)  # warm
        runs = [_timed(regions[i % len(regions)], period) for i in range(REPEAT)]
        sql_ms, wall_ms = [r[0] for r in runs], [r[1] for r in runs]
        found[name] = {
            "sql_p50": statistics.median(sql_ms), "sql_p95": _p(sql_ms, 95),
            "wall_p50": statistics.median(wall_ms), "wall_p95": _p(wall_ms, 95),
        }  # fmt: skip
    return found


def rollup() -> dict:
    """Moves per second with and without the rollup's hook, alternated."""
    desa = Region.objects.filter(level=Level.DESA, code__startswith=f"{KABUPATEN}.").first()
    staff = {}
    for username, role, position in (
        ("bench.reports.petugas", Role.INTAKE_OFFICER, ""),
        ("bench.reports.pejabat", Role.HANDLER, Position.KASI_PEMERINTAHAN),
    ):
        user = user_upsert(username=username, full_name=username, password=PASSWORD)
        membership_grant(user=user, role=role, region=desa, actor=None, position=position)
        staff[role] = user
    officer, handler = staff[Role.INTAKE_OFFICER], staff[Role.HANDLER]

    def moves(n: int) -> float:
        complaints = [
            complaint_submit(desa_code=desa.code, kind="complaint", category_slug="infrastruktur",
                             channel="web", title="Jalan rusak", description="Berlubang.",
                             anonymous=True, reporter=None, actor=None).complaint
            for _ in range(n)
        ]  # fmt: skip
        started = time.perf_counter()
        for complaint in complaints:
            for action, actor, fields in (
                ("receive", officer, {}),
                ("verify", officer, {"urgency": "medium", "impact": "medium"}),
                ("assign", officer, {"assignee": handler.pk}), ("start", handler, {}),
                ("answer", handler, {"answer": "Sudah diperbaiki."}),
            ):  # fmt: skip
                complaint_transition(complaint=complaint, action=action, actor=actor, **fields)
        return 5 * n / (time.perf_counter() - started)

    with_rollup, without = [], []
    moves(5)  # warm
    for _round in range(3):
        with_rollup.append(moves(ROLLUP_COMPLAINTS))
        # The same moves with the rollup's receiver taken off `complaints.hooks`' MOVED point.
        with hooks.without(hooks.Point.MOVED, rollup_on_move):
            without.append(moves(ROLLUP_COMPLAINTS))
    costs = [1 - w / o for w, o in zip(with_rollup, without, strict=True)]
    return {"with": statistics.median(with_rollup), "without": statistics.median(without),
            "cost": statistics.median(costs), "rounds": costs}  # fmt: skip


if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else "prepare"
    result = {"prepare": prepare, "sql": sql, "rollup": rollup}[step]()
    print(json.dumps(result))

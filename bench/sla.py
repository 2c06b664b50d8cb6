"""`make bench` rows of the SLA sweep, run inside Django by bench/run.py.

* find: the sweep's queries (`sla.tasks.due_ids`, one per kind of work) over 100 000 open
  complaints of which 100, then 1 000, are due — time and query count, as a ratio to one
  indexed `COUNT(*)` of the running clocks over the same table. The partial indexes hold
  only rows still waiting, so the cost follows the number due, not the table.
* sweep: the beat task itself (`sla.tasks.sweep`: find, then enqueue one task per complaint
  due) at 1 000 due, to a queue of this run's own that nobody consumes (deleted after).
* two sweeps at once: two threads, each with its own connection, find the same 1 000 due
  and run every step (`sla_remind` / `sla_escalate`, as the workers would); each claim is
  a conditional update, so duplicates (claims beyond one per complaint) must be 0.

Data: a desa of its own ("Bench SLA", beside Jagabaya, staffed by Jagabaya's officer,
handler and head), loaded with INSERT … SELECT over generate_series in one statement per
table, then VACUUM ANALYZE. Other rows of the bench never see that desa.

Usage: python bench/sla.py  (DJANGO_SETTINGS_MODULE and DATABASE_URL from the env); prints
one JSON object on its last line.
"""

# ruff: noqa: E402 - Django must be set up before the backend's modules are imported.
from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import redis
from celery import current_app
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, Position, Role, User
from complaints.models import Category
from complaints.services import category_ensure_defaults
from regions.models import Level, Region
from sla.models import ComplaintSla, Escalation
from sla.services import sla_escalate, sla_remind
from sla.tasks import due_ids, sweep

OPEN = int(os.environ.get("BENCH_SLA_OPEN", "100000"))
DUE = (100, 1000)
REPEAT = 5
DESA = "32.07.10.9900"


def _desa() -> Region:
    desa, _created = Region.objects.get_or_create(
        code=DESA,
        defaults={
            "name": "Bench SLA",
            "level": Level.DESA,
            "parent": Region.objects.get(code="32.07.10"),
            "register_abbreviation": "BSL",
        },
    )
    # Staff of its own: giving the demo officer this desa too would make the HTTP bench's
    # inbox a two-desa inbox of 110 000 complaints, another scenario than the one it names.
    staff = {
        "bench.sla.petugas": (Role.INTAKE_OFFICER, ""),
        "bench.sla.pejabat": (Role.HANDLER, Position.KASI_PEMERINTAHAN),
        "bench.sla.kades": (Role.VILLAGE_HEAD, ""),
    }
    for username, (role, position) in staff.items():
        user, _created = User.objects.get_or_create(
            username=username, defaults={"full_name": username}
        )
        Membership.objects.get_or_create(user=user, role=role, region=desa, position=position)
    category_ensure_defaults(desa=desa)
    return desa


def load(desa: Region) -> None:
    """OPEN in-progress complaints with running clocks, none due: deadlines 10 days ahead."""
    category = Category.objects.filter(desa=desa).order_by("pk").first()
    handler = User.objects.get(username="bench.sla.pejabat")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO complaints_complaint (
                kind, channel, title, description, location_text, urgency, impact, priority,
                status, tracking_code, pin_hash, anonymous, assigned_position, answer,
                rejection_reason, info_request, rating_comment, social_post_url,
                social_account, spam_score, spam_trapped, submitted_at, received_at,
                updated_at, assigned_to_id, category_id, desa_id)
            SELECT 'complaint', 'walk_in', 'Lampu jalan padam ' || i, 'Sudah seminggu gelap.',
                '', 'medium', 'medium', 'P3', 'in_progress', 'S' || lpad(i::text, 9, '0'),
                'x', true, '', '', '', '', '', '', '', 0, false, %(now)s - interval '1 day',
                %(now)s - interval '1 day', %(now)s, %(handler)s, %(category)s, %(desa)s
            FROM generate_series(1, %(n)s) AS i
            """,
            {"now": now, "handler": handler.pk, "category": category.pk, "desa": desa.pk,
             "n": OPEN},
        )  # fmt: skip
        cursor.execute(
            """
            INSERT INTO sla_complaintsla (
                complaint_id, state, policy_days, anchor_on, anchor_at, working_days, due_on,
                deadline, remind_2_at, remind_1_at)
            SELECT id, 'running', 5, (%(now)s - interval '1 day')::date,
                %(now)s - interval '1 day', 5, (%(now)s + interval '10 days')::date,
                %(now)s + interval '10 days', %(now)s + interval '8 days',
                %(now)s + interval '9 days'
            FROM complaints_complaint WHERE desa_id = %(desa)s
            """,
            {"now": now, "desa": desa.pk},
        )
        cursor.execute("VACUUM ANALYZE complaints_complaint")
        cursor.execute("VACUUM ANALYZE sla_complaintsla")


def make_due(desa: Region, n: int) -> None:
    """n clocks due: half past their deadline (escalation), half at a reminder instant."""
    past = timezone.now() - timedelta(minutes=1)
    clocks = ComplaintSla.objects.filter(complaint__desa=desa).order_by("complaint_id")
    ids = list(clocks.values_list("complaint_id", flat=True)[:n])
    ComplaintSla.objects.filter(complaint_id__in=ids[: n // 2]).update(
        deadline=past, remind_2_at=past, remind_1_at=past, reminded_2_at=past,
        reminded_1_at=past,
    )  # fmt: skip
    ComplaintSla.objects.filter(complaint_id__in=ids[n // 2 :]).update(remind_2_at=past)


def timed(fn, repeat: int = REPEAT) -> tuple[float, int]:
    """Median milliseconds of `fn` over `repeat` runs, and its query count."""
    with CaptureQueriesContext(connection) as queries:
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)


def count_running() -> int:
    return ComplaintSla.objects.filter(state="running").count()


def two_sweeps_at_once() -> dict:
    """Both threads find the same work, then race through every step."""
    now = timezone.now()
    found = due_ids(now)
    claims = {"remind": 0, "escalate": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def sweeper() -> None:
        try:
            mine = due_ids(now)
            barrier.wait()
            reminded = sum(bool(sla_remind(complaint_id=pk, now=now)) for pk in mine["remind"])
            escalated = sum(sla_escalate(complaint_id=pk, now=now) for pk in mine["escalate"])
            with lock:
                claims["remind"] += reminded
                claims["escalate"] += escalated
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    escalations = Escalation.objects.filter(complaint_id__in=found["escalate"]).count()
    return {
        "due": len(found["remind"]) + len(found["escalate"]),
        "seconds": seconds,
        "duplicate_reminders": claims["remind"] - len(found["remind"]),
        "duplicate_escalations": claims["escalate"] - len(found["escalate"]),
        "escalation_rows": escalations,
        "escalations_due": len(found["escalate"]),
    }


def main() -> dict:
    started = time.perf_counter()
    desa = _desa()
    load(desa)
    loaded = time.perf_counter() - started
    count_ms, count_queries = timed(count_running)
    finds = []
    for n in DUE:
        make_due(desa, n)
        ms, queries = timed(lambda: due_ids(timezone.now()))
        found = due_ids(timezone.now())
        finds.append(
            {"due": n, "found": len(found["remind"]) + len(found["escalate"]), "ms": ms,
             "queries": queries}
        )  # fmt: skip
    # The beat task itself, enqueueing to a queue nobody reads (deleted below).
    queue = f"bench-sla-{uuid.uuid4().hex[:8]}"
    current_app.conf.task_default_queue = queue
    try:
        sweep_ms, sweep_queries = timed(sweep, repeat=1)
        race = two_sweeps_at_once()
    finally:
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        broker.delete(queue)
    return {
        "open": count_running(),
        "load_seconds": loaded,
        "count_ms": count_ms,
        "count_queries": count_queries,
        "finds": finds,
        "sweep": {"due": DUE[-1], "ms": sweep_ms, "queries": sweep_queries},
        "race": race,
        "seconds": time.perf_counter() - started,
    }


if __name__ == "__main__":
    print(json.dumps(main()))

"""The bench's steps that run inside Django, in a child process of `run.py`.

    python bench/in_django.py load     bulk-load the data set; print its facts as JSON
    python bench/in_django.py count    read scenarios (JSON) on stdin; print each one's
                                       number of SQL queries as JSON

Run with the bench's environment (its DATABASE_URL, keys, DJANGO_DEBUG=false). Bench-only
code stays here, out of the product's management commands.
"""

# ruff: noqa: E402 - Django must be set up before the backend's modules are imported.
from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django
import webhooks  # bench/webhooks.py: this script's folder is on sys.path

django.setup()

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from complaints.identity import pin_digest, pin_new, tracking_code_new
from complaints.models import Category, Channel, Complaint, Kind, Level
from complaints.services import (
    ReporterData,
    category_ensure_defaults,
    complaint_submit,
    complaint_transition,
    note_add,
    priority_of,
)
from complaints.state import Action, Capacity, Status
from regions.models import Level as RegionLevel
from regions.models import Region
from regions.services import desa_contact_set
from sla import selectors as sla_selectors
from sla.calendar import deadline_from
from sla.models import ClockState, ComplaintSla

DESA = "32.07.10.2010"  # Jagabaya, where petugas.jagabaya works
BULK_COMPLAINTS = 10_000
BATCH = 1_000


def load() -> dict:
    """10 000 complaints in Jagabaya with their SLA clocks, plus one complaint with ten
    moves for the detail row."""
    desa = Region.objects.get(code=DESA)
    category_ensure_defaults(desa=desa)
    categories = list(Category.objects.filter(desa=desa))
    kinds, channels, statuses = list(Kind), list(Channel), list(Status)
    levels = list(Level)
    codes: set[str] = set(Complaint.objects.values_list("tracking_code", flat=True))
    rows = []
    for index in range(BULK_COMPLAINTS):
        code = tracking_code_new()
        while code in codes:
            code = tracking_code_new()
        codes.add(code)
        status = statuses[index % len(statuses)]
        urgency, impact = levels[index % 3], levels[index // 3 % 3]
        rows.append(
            Complaint(
                desa=desa,
                kind=kinds[index % len(kinds)],
                category=categories[index % len(categories)],
                channel=channels[index % len(channels)],
                title=f"Pengaduan uji beban nomor {index}",
                description="Jalan di depan rumah berlubang dan tergenang saat hujan. " * 4,
                urgency=urgency,
                impact=impact,
                priority=priority_of(urgency=urgency, impact=impact),
                status=status,
                tracking_code=code,
                pin_hash=pin_digest(code, pin_new()),
                anonymous=True,
                received_at=None if status == Status.SUBMITTED else timezone.now(),
            )
        )
    with transaction.atomic():
        created = Complaint.objects.bulk_create(rows, batch_size=BATCH)
        # auto_now_add gave every row the same instant: spread them a minute apart, as an
        # inbox of several years would be, so the cursor pages over distinct times.
        first = created[0].pk
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE complaints_complaint SET submitted_at = %s - (id - %s) * interval "
                "'1 minute' WHERE id >= %s AND id <= %s",
                [timezone.now() - timedelta(days=1), first, first, created[-1].pk],
            )
    _clocks_for(desa, created)
    detail = _detail_target(desa)
    numbers = _whatsapp_numbers()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give
    return {
        "desa": DESA,
        "complaints": Complaint.objects.filter(desa=desa).count(),
        "clocks": ComplaintSla.objects.filter(complaint__desa=desa).count(),
        "detail_code": detail.tracking_code,
        "detail_transitions": detail.transitions.count(),
        "detail_notes": detail.notes.count(),
        "whatsapp_numbers": numbers,
    }


def _whatsapp_numbers() -> list[str]:
    """A WhatsApp phone number id for each of the first desa (bench/webhooks.py), so the
    webhook rows can spread their messages over one desa or ten."""
    desa = Region.objects.filter(level=RegionLevel.DESA).order_by("code")[: webhooks.DESA_COUNT]
    numbers = []
    for number, region in enumerate(desa, start=1):
        desa_contact_set(desa=region, whatsapp_phone_number_id=webhooks.phone_number_id(number))
        numbers.append(webhooks.phone_number_id(number))
    return numbers


def _clocks_for(desa: Region, complaints: list[Complaint]) -> None:
    """An SLA clock for each received complaint, in the state its status gives it, as the
    services would have left it: a real inbox page shows a clock on almost every row."""
    calendar = sla_selectors.calendar_for(desa)
    now = timezone.now()
    policies = {}
    for priority in {c.priority for c in complaints}:
        days = sla_selectors.working_days_for(desa=desa, priority=priority)
        policies[priority] = (days, deadline_from(calendar, start=now, working_days=days))
    paused, stopped = {Status.NEEDS_INFO}, {Status.ANSWERED, Status.REJECTED, Status.CLOSED}
    clocks = []
    for complaint in complaints:
        if complaint.status == Status.SUBMITTED:
            continue
        days, due = policies[complaint.priority]
        state = (
            ClockState.PAUSED
            if complaint.status in paused
            else ClockState.STOPPED
            if complaint.status in stopped
            else ClockState.RUNNING
        )
        clocks.append(
            ComplaintSla(
                complaint=complaint,
                state=state,
                policy_days=days,
                anchor_on=calendar.local_date(now),
                anchor_at=now,
                working_days=days,
                due_on=due.due_on,
                deadline=due.deadline,
                remind_2_at=due.remind_2_at,
                remind_1_at=due.remind_1_at,
                paused_at=now if state == ClockState.PAUSED else None,
                remaining_when_paused=days - 1 if state == ClockState.PAUSED else None,
                stopped_at=now if state == ClockState.STOPPED else None,
            )
        )
    ComplaintSla.objects.bulk_create(clocks, batch_size=BATCH)


def _detail_target(desa: Region) -> Complaint:
    """A named complaint that went through ten moves and three notes, via the services."""
    officer, official, head = (
        User.objects.get(username=name)
        for name in ("petugas.jagabaya", "pejabat.jagabaya", "kades.jagabaya")
    )
    complaint = complaint_submit(
        desa_code=desa.code,
        kind=Kind.COMPLAINT,
        category_slug="infrastruktur",
        channel=Channel.WEB,
        title="Gorong-gorong tersumbat di depan SD",
        description="Setiap hujan deras air meluap ke jalan dan masuk ke halaman rumah warga.",
        anonymous=False,
        reporter=ReporterData(
            name="Euis Komariah",
            nik="3207105505900001",
            phone="0812-0000-3001",
            address="Dusun Cikupa RT 02/RW 01, Desa Jagabaya",
        ),
        actor=None,
    ).complaint
    reporter = {"actor": None, "as_capacity": Capacity.REPORTER}
    moves = [
        (Action.RECEIVE, {"actor": officer}),
        (Action.REQUEST_INFO, {"actor": officer, "note": "Mohon kirim foto lokasinya."}),
        (Action.SUPPLY_INFO, {**reporter, "note": "Foto sudah dikirim lewat WhatsApp."}),
        (Action.VERIFY, {"actor": officer, "urgency": "medium", "impact": "medium"}),
        (Action.ASSIGN, {"actor": officer, "position": "kasi_kesejahteraan"}),
        (Action.REASSIGN, {"actor": head, "assignee": official.pk}),
        (Action.START, {"actor": official}),
        (Action.ANSWER, {"actor": official, "answer": "Gorong-gorong sudah dibersihkan."}),
        (Action.OBJECT, {**reporter, "reason": "Masih tersumbat di sisi utara."}),
        (Action.ASSIGN, {"actor": officer, "assignee": official.pk}),
    ]
    for action, fields in moves:
        complaint_transition(complaint=complaint, action=action, **fields)
    complaint.refresh_from_db()
    for body, visibility in [
        ("Sudah disurvei bersama Kepala Dusun.", "public"),
        ("Perlu dua buis beton 60 cm.", "staff"),
        ("Kerja bakti dijadwalkan hari Minggu.", "public"),
    ]:
        note_add(complaint=complaint, actor=official, body=body, visibility=visibility)
    return complaint


def count(scenarios: list[dict]) -> dict[str, int]:
    """SQL queries of one request per scenario, through the whole Django stack in-process.

    Each request is made twice and the second counted, so one-off work of a fresh process
    (the first connection, lazily loaded caches) is not charged to the endpoint.
    """
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT="application/json")
    counts = {}
    for scenario in scenarios:
        headers = {
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in scenario.get("request_headers", {}).items()
        }
        if scenario["user"]:
            user = User.objects.get(username=scenario["user"])
            headers["HTTP_AUTHORIZATION"] = f"Bearer {RefreshToken.for_user(user).access_token}"
        body = json.dumps(scenario["body"]) if scenario["body"] is not None else None
        for attempt in range(2):
            if "raw" in scenario:  # a webhook row: a signed body of its own per request
                body = scenario["raw"][attempt]
                headers.update(scenario["headers"][attempt])
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(
                    scenario["method"],
                    scenario["path"],
                    data=body or "",
                    content_type="application/json",
                    **headers,
                )
        if response.status_code >= 300 and response.status_code != 304:  # 304: an ETag row
            raise SystemExit(
                f"{scenario['method']} {scenario['path']} answered {response.status_code}: "
                f"{response.content[:300]!r}"
            )
        counts[scenario["name"]] = len(queries)
    return counts


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "load":
        print(json.dumps(load()))
    elif command == "count":
        print(json.dumps(count(json.load(sys.stdin))))
    else:
        raise SystemExit(__doc__)

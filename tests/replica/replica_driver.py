"""Django against a real primary and streaming standby (tests/replica/cluster.py).

Run by tests/replica/test_real_replica.py in a child process with DATABASE_URL (the
primary) and DATABASE_REPLICA_URL (the standby); prints one JSON object of observations.
The standby's replay is paused halfway, so a read shows by its answer which server it
came from: a complaint received during the pause exists only on the primary.
"""

import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import Role  # noqa: E402
from complaints.models import Complaint  # noqa: E402
from tests.accounts.factories import user_with  # noqa: E402
from tests.complaints.factories import complaint_in  # noqa: E402
from tests.integrations.factories import application  # noqa: E402
from tests.regions.factories import desa  # noqa: E402


def wait(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def on_replica(sql: str):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def signed_in(user) -> Client:
    token = RefreshToken.for_user(user).access_token
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def open311_codes(**params) -> list[str]:
    r = Client().get("/open311/v2/requests.json", {"jurisdiction_id": "32.07.10.2010", **params})
    assert r.status_code == 200, r.content[:500]
    return sorted(row["service_request_id"] for row in r.json())


def ready() -> tuple[int, dict]:
    r = Client().get("/api/v1/health/ready/")
    return r.status_code, r.json()


def run() -> dict:
    call_command("migrate", verbosity=0)  # on the primary; the standby follows by itself
    village = desa("32.07.10.2010", "Jagabaya", "JGB")
    officer = user_with(Role.INTAKE_OFFICER, village, username="petugas")
    camat = user_with(Role.KECAMATAN_OPERATOR, village.parent, username="camat")
    _, key = application(village, "complaints:read")
    before = complaint_in("received", village, officer=officer)
    wait(
        lambda: (
            on_replica(f"SELECT count(*) FROM complaints_complaint WHERE id = {before.pk}") == 1
        ),
        "the first complaint on the standby",
    )
    found: dict = {"codes": {"before": before.tracking_code}}
    wait(lambda: ready()[0] == 200, "the standby to be in step")
    found["ready_in_step"] = ready()

    # Freeze the standby, then receive a second complaint on the primary.
    on_replica("SELECT pg_wal_replay_pause()")
    wait(lambda: on_replica("SELECT pg_get_wal_replay_pause_state()") == "paused", "the pause")
    during = complaint_in("received", village, officer=officer)
    found["codes"]["during"] = during.tracking_code
    found["on_primary"] = Complaint.objects.using("default").count()
    found["on_replica"] = Complaint.objects.using("replica").count()
    wait(lambda: ready()[0] == 503, "the readiness probe to see the lag")
    found["ready_lagging"] = ready()

    # A designated read (the public Open311 listing) comes from the standby...
    found["open311_public"] = open311_codes()
    # ...unless the request wrote first: a key's first use is recorded, then it reads the
    # primary for the rest of the request.
    found["open311_after_a_write"] = open311_codes(api_key=key)
    # Casework reads the primary.
    r = signed_in(officer).get("/api/v1/complaints/")
    found["inbox"] = sorted(row["tracking_code"] for row in r.json()["results"])
    # The kecamatan report: its figures come from the standby, its caller from the primary.
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in ("default", "replica")
        }
        r = signed_in(camat).get("/api/v1/reports/kecamatan/32.07.10/")
    found["report_status"] = r.status_code
    found["report_queries"] = {
        alias: [q["sql"] for q in capture.captured_queries] for alias, capture in captured.items()
    }

    on_replica("SELECT pg_wal_replay_resume()")
    wait(lambda: ready()[0] == 200, "the standby to catch up")
    found["ready_caught_up"] = ready()
    found["open311_public_caught_up"] = open311_codes()
    return found


if __name__ == "__main__":
    print(json.dumps(run(), default=str))

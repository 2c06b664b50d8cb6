"""The readiness probe: every service a request may need, 503 naming the part that failed,
and nothing in the body that says where those services are."""

import json
import subprocess

import pytest

from config.celery import app as celery_app
from tests.process import BACKEND, VENV_BIN, environment, free_port

READY = "/api/v1/health/ready/"


def assert_no_addresses(body: str) -> None:
    for secret in ["redis://", "postgres", "127.0.0.1", "localhost", "password"]:
        assert secret not in body


def test_ready_when_the_database_redis_and_broker_answer(db, api):
    r = api().get(READY)

    assert r.status_code == 200, r.json()
    assert r.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True}, "redis": {"ok": True}, "broker": {"ok": True}},
    }
    assert r["Cache-Control"] == "no-store"
    assert_no_addresses(r.content.decode())


def test_redis_down_is_503_naming_redis(db, api, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    r = api().get(READY)

    assert r.status_code == 503, r.json()
    assert r.json()["status"] == "unavailable"
    assert r.json()["checks"]["redis"] == {"ok": False}
    assert r.json()["checks"]["database"] == {"ok": True}
    assert_no_addresses(r.content.decode())


def test_broker_down_is_503_naming_the_broker(db, api, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")

    r = api().get(READY)

    assert r.status_code == 503, r.json()
    assert r.json()["checks"]["broker"] == {"ok": False}
    assert r.json()["checks"]["redis"] == {"ok": True}


# The whole process pointed at closed ports: Django's test client in a child process.
_PROBE = """
import django, json
django.setup()
from django.test import Client
r = Client().get("/api/v1/health/ready/")
print(json.dumps({"status": r.status_code, "body": r.content.decode()}))
"""


@pytest.mark.slow
def test_a_process_without_its_database_and_redis_is_not_ready():
    closed = free_port()
    completed = subprocess.run(
        [str(VENV_BIN / "python"), "-c", _PROBE],
        cwd=BACKEND,
        env=environment(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed}/pengaduan",
            REDIS_URL=f"redis://127.0.0.1:{closed}/0",
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_ALLOWED_HOSTS="testserver",
            LOG_LEVEL="ERROR",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    found = json.loads(completed.stdout.strip().splitlines()[-1])

    assert found["status"] == 503
    body = json.loads(found["body"])
    assert body == {
        "status": "unavailable",
        "checks": {"database": {"ok": False}, "redis": {"ok": False}, "broker": {"ok": False}},
    }
    assert_no_addresses(found["body"])

"""End to end on a real streaming replica: designated reads come from the standby, a
request that wrote and casework read the primary, and readiness reports the lag."""

import json
import re
import subprocess
import uuid

import pytest

from tests.process import BACKEND, VENV_BIN, environment
from tests.replica.cluster import streaming_pair

pytestmark = pytest.mark.slow

DRIVER = BACKEND.parent / "tests" / "replica" / "replica_driver.py"


@pytest.fixture(scope="module")
def observed() -> dict:
    with streaming_pair() as cluster:
        completed = subprocess.run(
            [str(VENV_BIN / "python"), str(DRIVER)],
            cwd=BACKEND,
            env=environment(
                DATABASE_URL=cluster.primary_url,
                DATABASE_REPLICA_URL=cluster.replica_url,
                # Any lag at all fails readiness, so the paused standby shows.
                DATABASE_REPLICA_MAX_LAG_SECONDS="0",
                CACHE_KEY_PREFIX=f"test-replica-{uuid.uuid4().hex}",
                DJANGO_ALLOWED_HOSTS="testserver",
                LOG_LEVEL="WARNING",
            ),
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_standby_lags_while_paused(observed):
    assert observed["on_primary"] == 2
    assert observed["on_replica"] == 1


def test_a_public_listing_reads_the_standby(observed):
    assert observed["open311_public"] == [observed["codes"]["before"]]


def test_a_request_that_wrote_reads_the_primary_for_the_rest(observed):
    assert observed["open311_after_a_write"] == sorted(observed["codes"].values())


def test_casework_reads_the_primary(observed):
    assert observed["inbox"] == sorted(observed["codes"].values())


def test_the_kecamatan_report_reads_its_figures_from_the_standby(observed):
    assert observed["report_status"] == 200
    queries = observed["report_queries"]
    assert any(re.search(r"\breports_summary\b", sql) for sql in queries["replica"])
    assert not any(re.search(r"\breports_summary\b", sql) for sql in queries["default"])
    assert any(re.search(r"\baccounts_membership\b", sql) for sql in queries["default"])


def test_readiness_reports_the_lag_and_recovers(observed):
    status, body = observed["ready_in_step"]
    assert status == 200
    assert body["checks"]["replica"] == {"ok": True, "in_recovery": True, "lag_seconds": 0.0}

    status, body = observed["ready_lagging"]
    assert status == 503
    assert body["status"] == "unavailable"
    replica = body["checks"]["replica"]
    assert replica["ok"] is False and replica["in_recovery"] is True
    assert replica["lag_seconds"] > 0
    assert body["checks"]["database"] == {"ok": True}

    status, body = observed["ready_caught_up"]
    assert status == 200
    assert observed["open311_public_caught_up"] == sorted(observed["codes"].values())

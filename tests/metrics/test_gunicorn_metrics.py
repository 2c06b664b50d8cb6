"""With PROMETHEUS_MULTIPROC_DIR, a scrape of a real gunicorn adds its workers' figures up
(each worker would otherwise answer with its own)."""

import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.notifications.processes import web_server
from tests.process import database_url_for_subprocess, environment

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TOKEN = "scrape-token-for-tests"
HEALTH = ("django_http_requests_latency_seconds_by_view_method_count", "health")


def _health_requests(base: str) -> float:
    request = urllib.request.Request(
        f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if (sample.name, sample.labels.get("view")) == HEALTH
    )


def test_a_scrape_counts_the_requests_of_every_worker(tmp_path):
    env = environment(
        DATABASE_URL=database_url_for_subprocess(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"),
    )
    (tmp_path / "prometheus" / "stale.db").parent.mkdir()
    (tmp_path / "prometheus" / "stale.db").write_bytes(b"left by a previous run")

    with web_server(env) as (base, output):  # two workers
        before = _health_requests(base)
        for _ in range(12):
            with urllib.request.urlopen(f"{base}/api/v1/health/", timeout=30) as response:
                assert response.status == 200
        # Whichever worker answers each scrape, it reports all twelve.
        after = [_health_requests(base) for _ in range(4)]

    assert before >= 1, output.text[-3000:]  # the start-up probe
    assert after == [before + 12] * 4

"""/metrics: django-prometheus's request and database figures and ours (queue depth, task
outcomes, outboxes, SLA per kabupaten), behind a token, with no identity in the output.

The overdue complaints in two kabupaten are built once for the module (`built_once`): the
two tests that read them only change notification states, which roll back at each test's end.
"""

import uuid
from datetime import timedelta

import pytest
import redis
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from config.celery import app as celery_app
from notifications.models import Notification
from sla.models import ComplaintSla
from tests.complaints.factories import REPORTER, complaint_in
from tests.conftest import (
    TEST_IDENTITIES,
    make_desa_a,
    make_desa_b,
    make_operator_desa_a,
    make_operator_desa_b,
    make_pejabat_desa_a,
)

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def scrape(settings):
    settings.METRICS_TOKEN = TOKEN

    def get() -> tuple[str, dict[tuple[str, tuple], float]]:
        r = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert r.status_code == 200, r.content[:500]
        assert r["Content-Type"].startswith("text/plain")
        text = r.content.decode()
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }
        return text, samples

    return get


def build_module():
    """Four complaints through the real services: made once for the module. The deadlines
    are an hour past and three days ahead of the build, so they stay on the same side of
    "now" for the module's few seconds."""
    desa_a, desa_b = make_desa_a(), make_desa_b()
    operator_desa_a, operator_desa_b = make_operator_desa_a(desa_a), make_operator_desa_b(desa_b)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    late = complaint_in("in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    escalated = complaint_in("received", desa_a, officer=operator_desa_a)
    in_time = complaint_in("received", desa_a, officer=operator_desa_a)
    elsewhere = complaint_in("received", desa_b, officer=operator_desa_b)
    past = timezone.now() - timedelta(hours=1)
    ComplaintSla.objects.filter(complaint__in=[late, elsewhere]).update(deadline=past)
    ComplaintSla.objects.filter(complaint=escalated).update(deadline=past, escalated_at=past)
    ComplaintSla.objects.filter(complaint=in_time).update(
        deadline=timezone.now() + timedelta(days=3)
    )
    return late, escalated, in_time, elsewhere


@pytest.fixture
def overdue_in_two_kabupaten(built):
    return built


def test_sla_overdue_and_escalated_per_kabupaten(overdue_in_two_kabupaten, scrape):
    text, samples = scrape()

    assert samples[("pengaduan_sla_overdue", (("kabupaten", "32.07"),))] == 2
    assert samples[("pengaduan_sla_escalated", (("kabupaten", "32.07"),))] == 1
    assert samples[("pengaduan_sla_overdue", (("kabupaten", "33.22"),))] == 1
    assert samples[("pengaduan_sla_escalated", (("kabupaten", "33.22"),))] == 0
    # No identity and no complaint code anywhere in the output.
    for secret in [*TEST_IDENTITIES, REPORTER.name]:
        assert secret not in text
    for complaint in overdue_in_two_kabupaten:
        assert complaint.tracking_code not in text


def test_outbox_backlog_counts_notifications_per_state(overdue_in_two_kabupaten, scrape):
    Notification.objects.update(state="pending")
    first = Notification.objects.order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(state="failed")
    pending = Notification.objects.filter(state="pending").count()

    _, samples = scrape()

    assert pending > 0
    assert samples[("pengaduan_notifications_outbox", (("state", "pending"),))] == pending
    assert samples[("pengaduan_notifications_outbox", (("state", "failed"),))] == 1
    assert samples[("pengaduan_webhook_outbox", (("state", "pending"),))] == 0


def test_queue_depth_is_the_length_of_the_brokers_queue(db, scrape, settings):
    queue = f"test-metrics-{uuid.uuid4().hex}"  # no worker listens to it
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    for _ in range(3):
        celery_app.send_task("common.tasks.purge_idempotency_records", queue=queue)
    try:
        _, samples = scrape()
    finally:
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)

    assert samples[("pengaduan_celery_queue_depth", (("queue", queue),))] == 3


def test_task_runs_and_failures_are_counted_per_task(db, scrape):
    from common.tasks import purge_idempotency_records
    from sla.tasks import remind

    purge_idempotency_records.apply()
    purge_idempotency_records.apply()
    remind.apply(args=[1, "not a moment"])  # fails: the timestamp does not parse

    _, samples = scrape()

    purge = "common.tasks.purge_idempotency_records"
    assert samples[("pengaduan_celery_tasks_total", (("outcome", "success"), ("task", purge)))] == 2
    assert samples[("pengaduan_celery_tasks_total", (("outcome", "failure"), ("task", purge)))] == 0
    failed = (("outcome", "failure"), ("task", "sla.tasks.remind"))
    assert samples[("pengaduan_celery_tasks_total", failed)] == 1


def test_requests_and_queries_are_measured_by_view(desa_a, scrape, api):
    assert api().get("/api/v1/regions/32.07.10.2010/").status_code == 200

    text, _ = scrape()

    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="region-detail"}'
        in text
    )
    assert 'django_db_execute_total{alias="default",vendor="postgresql"}' in text


def test_a_scrape_without_the_token_is_refused(db, settings):
    settings.METRICS_TOKEN = TOKEN

    assert Client().get("/metrics").status_code == 401
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 401
    assert b"pengaduan_" not in wrong.content


def test_without_a_token_metrics_are_absent_in_production_and_open_in_debug(db, settings):
    settings.METRICS_TOKEN = ""
    settings.DEBUG = False
    assert Client().get("/metrics").status_code == 404

    settings.DEBUG = True
    assert Client().get("/metrics").status_code == 200

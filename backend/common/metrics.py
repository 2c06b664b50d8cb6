"""Prometheus metrics at /metrics: django-prometheus's, and ours counted at scrape time.

django-prometheus measures requests (latency by view, status) and database queries, in
each web process. With several gunicorn workers set `PROMETHEUS_MULTIPROC_DIR` (an empty
directory, e.g. on /dev/shm): each worker then writes its figures there and a scrape adds
them up (gunicorn.conf.py forgets a worker that exits).

Ours are read when Prometheus scrapes, so they are true whichever process answers. This
module counts what every process shares:
- the Celery queue's depth (Redis LLEN, or the files of the embedded broker);
- tasks finished per task and outcome: each worker adds one to a counter in the shared
  cache (Redis in production) from Celery's `task_postrun` signal, because workers are
  separate processes with no endpoint of their own.
The apps' own gauges (outboxes, SLA clocks) read the apps' tables, which this lowest layer
may not import: `config/metrics.py` gathers them and `config/urls.py` hands them to
`metrics_view`. Labels are task names, states and Kemendagri codes: never a person, never a
complaint code.

Access: with `METRICS_TOKEN` set, only `Authorization: Bearer <token>` (401 otherwise);
unset, open under DEBUG (`make run`) and 404 otherwise.
"""

import functools
import hmac
import importlib
import logging
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

OUTCOMES = ("SUCCESS", "FAILURE", "RETRY")


def _task_key(task: str, outcome: str) -> str:
    return f"metrics:celery:{outcome}:{task}"


def count_task(task: str, outcome: str) -> None:
    """One more finished run of `task` (called by the worker); never raises."""
    if outcome not in OUTCOMES:
        return
    key = _task_key(task, outcome)
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception as exc:  # the cache down must not fail the task
        log.warning("task metric not counted (%s)", type(exc).__name__)


@functools.cache
def _task_names() -> list[str]:
    """Every task of our apps (their `tasks` modules imported once, as the worker does;
    not through Celery's loader, which runs Django's system checks each time)."""
    from config.celery import app

    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.tasks":
                raise
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def _queue_depth(queue: str) -> int:
    broker = settings.CELERY_BROKER_URL
    if broker.startswith("redis"):
        import redis

        client = redis.Redis.from_url(broker, socket_connect_timeout=2, socket_timeout=2)
        try:
            return int(client.llen(queue))
        finally:
            client.close()
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
    return sum(1 for _ in folder.glob(f"*.{queue}.msg"))


class CeleryCollector:
    """The broker's queue depth and the task runs the workers counted in the cache."""

    def collect(self):
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        depth = GaugeMetricFamily(
            "pengaduan_celery_queue_depth", "Tasks waiting in the broker.", labels=["queue"]
        )
        try:
            depth.add_metric([queue], _queue_depth(queue))
        except Exception as exc:
            log.warning("queue depth unavailable (%s)", type(exc).__name__)
        yield depth

        tasks = CounterMetricFamily(
            "pengaduan_celery_tasks",
            "Celery task runs finished, per task and outcome (counted by the workers).",
            labels=["task", "outcome"],
        )
        names = _task_names()
        keys = {_task_key(name, outcome): (name, outcome) for name in names for outcome in OUTCOMES}
        counted = cache.get_many(list(keys))
        for key, (name, outcome) in keys.items():
            tasks.add_metric([name, outcome.lower()], int(counted.get(key) or 0))
        yield tasks


@functools.cache
def _our_registry(collectors: tuple[Collector, ...]) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    for collector in (CeleryCollector(), *collectors):
        registry.register(collector)
    return registry


def _framework_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        if settings.DEBUG:
            return True
        raise Http404()
    sent = request.headers.get("Authorization", "")
    return sent.startswith("Bearer ") and hmac.compare_digest(
        sent.removeprefix("Bearer ").strip().encode(), token.encode()
    )


def metrics_view(request: HttpRequest, collectors: tuple[Collector, ...] = ()) -> HttpResponse:
    """The scrape: django-prometheus's figures, the Celery ones, then `collectors`' (the
    apps' gauges, given by the URLconf)."""
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    if not _allowed(request):
        return HttpResponse(
            "Unauthorized\n",
            status=401,
            content_type="text/plain; charset=utf-8",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    body = generate_latest(_framework_registry()) + generate_latest(_our_registry(collectors))
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response

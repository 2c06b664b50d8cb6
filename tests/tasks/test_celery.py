"""A real Celery worker runs our tasks, through Redis and through the embedded broker."""

import os
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from tests.process import BACKEND, celery_worker, database_url_for_subprocess, environment


@pytest.fixture
def tokens(operator_desa_a):
    """One expired and one live refresh token of the same user."""
    now = timezone.now()
    expired = OutstandingToken.objects.create(
        user=operator_desa_a,
        jti=uuid.uuid4().hex,
        token="kedaluwarsa",
        created_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=10),
    )
    live = OutstandingToken.objects.create(
        user=operator_desa_a,
        jti=uuid.uuid4().hex,
        token="masih-berlaku",
        created_at=now,
        expires_at=now + timedelta(days=30),
    )
    return expired, live


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_token_flush_through_redis(tokens):
    expired, live = tokens
    broker = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    queue = f"test-{uuid.uuid4().hex}"  # no other worker, of this run or another, takes it
    env = environment(DATABASE_URL=database_url_for_subprocess(), REDIS_URL=broker)
    client = Celery(broker=broker, backend=broker, set_as_current=False)

    with celery_worker(env, queue=queue) as output:
        result = client.send_task("accounts.tasks.flush_expired_tokens", queue=queue)
        deleted = result.get(timeout=60)

    assert deleted == 1, output.text
    assert not OutstandingToken.objects.filter(pk=expired.pk).exists()
    assert OutstandingToken.objects.filter(pk=live.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_embedded_filesystem_broker_runs_a_task_end_to_end(tokens, tmp_path):
    expired, live = tokens
    # No REDIS_URL: the settings pick kombu's filesystem transport under DATA_DIR.
    env = environment(
        DATABASE_URL=database_url_for_subprocess(), REDIS_URL=None, DATA_DIR=str(tmp_path)
    )
    queue_dir = tmp_path / "celery" / "queue"
    queue_dir.mkdir(parents=True)
    (tmp_path / "celery" / "results").mkdir()
    client = Celery(
        set_as_current=False,  # other tests in this process use the project's app
        broker="filesystem://",
        backend=f"file://{tmp_path / 'celery' / 'results'}",
        broker_transport_options={
            "data_folder_in": str(queue_dir),
            "data_folder_out": str(queue_dir),
            "control_folder": str(tmp_path / "celery" / "control"),
        },
    )

    with celery_worker(env) as output:
        result = client.send_task("accounts.tasks.flush_expired_tokens")
        deleted = result.get(timeout=60)

    assert deleted == 1, output.text
    assert "filesystem" in output.text  # the worker announced the embedded transport
    assert not (BACKEND / "control").exists()  # broker files stay inside DATA_DIR
    assert not OutstandingToken.objects.filter(pk=expired.pk).exists()
    assert OutstandingToken.objects.filter(pk=live.pk).exists()


def test_beat_schedule_names_only_registered_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks

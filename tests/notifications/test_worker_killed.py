"""A worker SIGKILLed in the middle of a delivery: the message is delivered exactly
once after restart.

Delivery is at-least-once: the killed attempt may or may not have reached the gateway, so the
row is sent again (the resend sweep returns rows left `sending` past
NOTIFY_SENDING_TIMEOUT_SECONDS), and the gateway folds the repeat by its Idempotency-Key.
"""

import signal
import uuid

import pytest

from complaints.models import Channel as ComplaintChannel
from config.celery import app as celery_app
from notifications.models import Notification
from tests.complaints.factories import submit
from tests.notifications.processes import celery_beat, killable_worker, wait_for
from tests.notifications.servers import whatsapp_gateway
from tests.process import database_url_for_subprocess, environment


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_delivers_exactly_once_after_restart(
    desa_a, operator_desa_a, tmp_path, settings
):
    queue = f"test-kill-{uuid.uuid4().hex}"  # no other worker on the shared Redis takes it
    celery_app.conf.task_default_queue = queue  # this process's enqueues (on commit) too
    # The stand-in records the request, then waits before answering: the kill lands while
    # the worker waits for the gateway's answer.
    with whatsapp_gateway(delay=4) as (gateway, url):
        settings.WHATSAPP_API_URL = url
        env = environment(
            DATABASE_URL=database_url_for_subprocess(),
            CELERY_QUEUE=queue,
            WHATSAPP_API_URL=url,
            WHATSAPP_TOKEN="rahasia-gateway",
            NOTIFY_RESEND_SECONDS="1",
            NOTIFY_SENDING_TIMEOUT_SECONDS="3",
        )
        try:
            with killable_worker(env, queue) as (worker, output):
                # given: a WhatsApp complaint typed in by the officer (received at once)
                complaint = submit(
                    desa_a, actor=operator_desa_a, channel=ComplaintChannel.WHATSAPP
                ).complaint
                row = Notification.objects.get(complaint=complaint, channel="whatsapp")

                # when: the worker dies while the gateway has the request
                wait_for(lambda: gateway.requests, timeout=30, what="the delivery", output=output)
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
            # Only the killed attempt meets a slow gateway: a retry slower than
            # NOTIFY_SENDING_TIMEOUT_SECONDS would itself be taken for stuck and sent again.
            gateway.delay = 0
            row.refresh_from_db()
            assert (row.state, row.attempts) == ("sending", 1)

            # then: a restarted worker (and beat's resend sweep) finishes the job, once
            with (
                killable_worker(env, queue) as (_worker, output),
                celery_beat(env, tmp_path / "beat-schedule"),
            ):
                wait_for(
                    lambda: Notification.objects.get(pk=row.pk).state == "sent",
                    timeout=60,
                    what="the delivery after restart",
                    output=output,
                )
        finally:
            celery_app.conf.task_default_queue = "celery"

    row.refresh_from_db()
    assert row.attempts == 2  # the killed attempt, then the one after restart
    assert len(gateway.requests) == 2
    assert {r["headers"]["Idempotency-Key"] for r in gateway.requests} == {row.idempotency_key}
    assert list(gateway.delivered) == [row.idempotency_key]  # delivered exactly once

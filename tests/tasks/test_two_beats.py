"""Two beats by mistake, one worker: every periodic task still runs once per slot.

Real processes on the test Redis: two `celery beat` and one worker on a queue of this
test's own, every interval entry at 1 s. The worker counts each finished run in the shared
cache (the `/metrics` task counter); each beat logs the slots it claims and those it found taken.
"""

import re
import time
import uuid

import pytest
import redis

from tests.notifications.processes import celery_beat, wait_for
from tests.process import celery_worker, database_url_for_subprocess, environment

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SWEEP = "sla.tasks.sweep"


def test_two_beats_send_each_slot_once_and_the_worker_runs_it_once(tmp_path):
    redis_url = environment()["REDIS_URL"]
    prefix = f"test-beats-{uuid.uuid4().hex}"
    queue = f"test-beats-{uuid.uuid4().hex}"
    env = environment(
        DATABASE_URL=database_url_for_subprocess(),
        CELERY_QUEUE=queue,
        CACHE_KEY_PREFIX=prefix,
        SLA_SWEEP_SECONDS="1",
        NOTIFY_RESEND_SECONDS="1",
        WEBHOOK_RESEND_SECONDS="1",
    )
    store = redis.Redis.from_url(redis_url)

    def runs() -> int:
        return int(store.get(f"{prefix}:1:metrics:celery:SUCCESS:{SWEEP}") or 0)

    with celery_worker(env, queue=queue) as worker:
        with (
            celery_beat(env, tmp_path / "beat-1") as first,
            celery_beat(env, tmp_path / "beat-2") as second,
        ):
            skipped = re.compile(r"sla\.sweep slot \d+ already sent by another beat")
            # Both beats fire every second; run until the loser has lost several slots.
            wait_for(
                lambda: len(skipped.findall(first.text + second.text)) >= 4,
                timeout=90,
                what="the second beat to find its slots taken",
                output=worker,
            )
        claimed = [
            int(slot)
            for beat in (first, second)
            for slot in re.findall(r"sla\.sweep slot (\d+) claimed", beat.text)
        ]
        sent = sum(
            len(re.findall(r"Sending due task sla\.sweep ", beat.text)) for beat in (first, second)
        )
        # Beats stopped: let the worker finish what was sent.
        wait_for(lambda: runs() >= sent, timeout=60, what="the worker to drain", output=worker)
        time.sleep(2)  # anything sent twice would arrive now

    fired = sent + len(skipped.findall(first.text + second.text))
    assert sent == len(claimed)
    assert len(set(claimed)) == len(claimed)  # no slot sent twice
    assert runs() == sent, worker.text[-3000:]  # and each sent once ran once
    assert fired > sent  # both beats fired; the second in each slot sent nothing

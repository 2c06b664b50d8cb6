"""Redis stopped: submissions still succeed, and their notifications go out once
Redis is back.

Everything runs as in production, each process configured by its own environment: the web
server (gunicorn), a Celery worker and beat, all with REDIS_URL pointing at a port of this
test's own. Nothing listens there during the submissions, so the web process's cache and
broker are both down, as with a stopped Redis; then a redis-server starts on that port. The
shared Redis is never touched.
"""

import uuid
from collections import Counter

import httpx
import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from complaints.models import Complaint
from notifications.models import Notification
from tests.complaints.factories import REPORTER
from tests.notifications.processes import celery_beat, redis_server, wait_for, web_server
from tests.notifications.servers import smtp_server
from tests.process import celery_worker, database_url_for_subprocess, environment, free_port

WALK_INS = 75
WEB = 25  # anonymous residents: these pass the submission throttle, whose counters are in Redis


def walk_in(n: int) -> dict:
    return {
        "desa": "32.07.10.2010",
        "kind": "complaint",
        "category": "infrastruktur",
        "channel": "walk_in",
        "title": f"Lampu jalan padam no. {n}",
        "description": "Sudah seminggu gelap.",
        "anonymous": False,
        "reporter": {
            "name": REPORTER.name,
            "nik": REPORTER.nik,
            "phone": REPORTER.phone,
            "address": REPORTER.address,
            "email": REPORTER.email,
        },
    }


def from_the_web(n: int) -> dict:
    return {
        "desa": "32.07.10.2010",
        "kind": "suggestion",
        "category": "lainnya",
        "title": f"Usul no. {n}",
        "description": "Posyandu sore hari.",
        "anonymous": True,
    }


@pytest.mark.django_db(transaction=True)
def test_a_hundred_submissions_with_redis_down_are_saved_then_notified_within_a_minute(
    desa_a, operator_desa_a, tmp_path
):
    # given: Redis is down for every process (nothing listens on its port)
    redis_port = free_port()
    token = str(RefreshToken.for_user(operator_desa_a).access_token)
    with smtp_server() as (mailbox, smtp_port):
        env = environment(
            DATABASE_URL=database_url_for_subprocess(),
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            CACHE_KEY_PREFIX=f"outage-{uuid.uuid4().hex}",
            CELERY_QUEUE="celery",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            NOTIFY_RESEND_SECONDS="5",
            SLA_SWEEP_SECONDS="5",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            EMAIL_USE_TLS="false",
        )
        with (
            web_server(env) as (base, web_output),
            celery_worker(env) as worker_output,
            celery_beat(env, tmp_path / "beat-schedule") as beat_output,
        ):
            # when: 100 submissions while Redis is down
            statuses = []
            with httpx.Client(base_url=base, timeout=30) as client:
                for n in range(WALK_INS):
                    r = client.post(
                        "/api/v1/complaints/",
                        json=walk_in(n),
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    statuses.append(r.status_code)
                for n in range(WEB):
                    statuses.append(
                        client.post("/api/v1/complaints/", json=from_the_web(n)).status_code
                    )

            # then: every one saved, no server error; the emails wait in the outbox
            assert Counter(statuses) == {201: WALK_INS + WEB}, web_output.text[-4000:]
            assert Complaint.objects.count() == WALK_INS + WEB
            emails = Notification.objects.filter(channel="email", template="received")
            assert emails.count() == WALK_INS
            assert set(emails.values_list("state", flat=True)) == {"pending"}
            assert mailbox.messages == []

            # when: Redis comes back; the worker and beat kept running through the outage
            with redis_server(redis_port):
                took = wait_for(
                    lambda: len(mailbox.messages) >= WALK_INS,
                    timeout=60,
                    what="every notification after Redis returned",
                    output=worker_output,
                )

    # then: all delivered within the minute, each once
    assert set(emails.values_list("state", flat=True)) == {"sent"}
    assert len(mailbox.messages) == WALK_INS
    assert len({m["Message-ID"] for m in mailbox.messages}) == WALK_INS
    assert "notifications.tasks.resend_due" in beat_output.text
    print(f"delivered {WALK_INS} notifications {took:.1f} s after Redis returned")

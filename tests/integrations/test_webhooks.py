"""Webhooks: subscriptions by applications, an outbox written with each change, delivery
signed per Standard Webhooks to a real receiver on loopback, retries, the delivery log."""

import base64
import hashlib
import hmac
import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from config.celery import app as celery_app
from integrations.models import WebhookMessage, WebhookSubscription
from integrations.webhooks import webhook_deliver
from notifications.models import Notification
from tests.complaints.factories import advance, submit
from tests.integrations.factories import application, keyed
from tests.integrations.receiver import receiver
from tests.notifications.processes import wait_for
from tests.process import celery_worker, database_url_for_subprocess, environment

EVENTS = ["complaint.submitted", "complaint.status_changed", "register.entry_created"]


@pytest.fixture
def private_ok(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # the receiver listens on loopback


def subscribe(caller, url, events=EVENTS):
    r = caller.post("/api/v1/client/webhooks/", {"url": url, "events": events})
    assert r.status_code == 201, r.json()
    return r.json()


def verify(request: dict, secret: str) -> dict:
    """What a receiver does with the standardwebhooks library."""
    return Webhook(secret).verify(request["body"], request["headers"])


def by_hand(request: dict, secret: str) -> bool:
    """The check the API docs spell out for PHP, without the library."""
    headers = request["headers"]
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{request['body']}"
    digest = hmac.new(key, signed.encode(), hashlib.sha256).digest()
    expected = "v1," + base64.b64encode(digest).decode()
    return any(hmac.compare_digest(expected, s) for s in headers["webhook-signature"].split())


def test_private_targets_are_refused_unless_allowed(desa_a, settings):
    _, raw = application(desa_a, "webhooks:manage")
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    for url in ["http://127.0.0.1:8000/hook", "http://10.0.0.5/hook", "http://169.254.169.254/"]:
        r = keyed(raw).post("/api/v1/client/webhooks/", {"url": url, "events": EVENTS})
        assert r.status_code == 400, url
        assert set(r.json()["fields"]) == {"url"}

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    r = keyed(raw).post(
        "/api/v1/client/webhooks/", {"url": "http://127.0.0.1:8000/hook", "events": EVENTS}
    )
    assert r.status_code == 201, r.json()


def test_subscribing_needs_the_scope_and_stays_within_the_application(desa_a, private_ok):
    _, reader = application(desa_a, "complaints:read")
    _, owner = application(desa_a, "webhooks:manage")
    _, other = application(desa_a, "webhooks:manage")
    created = subscribe(keyed(owner), "http://127.0.0.1:9/hook")

    refused = keyed(reader).post(
        "/api/v1/client/webhooks/", {"url": "http://127.0.0.1:9/", "events": EVENTS}
    )
    foreign = keyed(other).get(f"/api/v1/client/webhooks/{created['id']}/deliveries/")

    assert refused.status_code == 403
    assert foreign.status_code == 404
    assert created["secret"].startswith("whsec_")
    assert created["secret"] not in keyed(owner).get("/api/v1/client/webhooks/").content.decode()


def test_events_are_written_with_the_change_de_identified(
    desa_a, desa_b, operator_desa_a, private_ok
):
    _, mine = application(desa_a, "webhooks:manage")
    _, theirs = application(desa_b, "webhooks:manage")
    subscribe(keyed(mine), "http://127.0.0.1:9/a")
    subscribe(keyed(theirs), "http://127.0.0.1:9/b")

    complaint = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)

    messages = WebhookMessage.objects.order_by("id")
    assert [m.event_type for m in messages] == [
        "complaint.submitted", "complaint.status_changed", "register.entry_created",
    ]  # fmt: skip
    assert {m.subscription.url for m in messages} == {"http://127.0.0.1:9/a"}
    data = messages[1].payload["data"]
    assert (data["code"], data["status"], data["from_status"]) == (
        complaint.tracking_code, "received", "submitted",
    )  # fmt: skip
    assert data["deadline"] is not None
    text = json.dumps([m.payload for m in messages])
    assert not [s for s in ["Siti", "3207105505900001", "Cikupa", "siti@"] if s in text]


def test_a_receiver_answering_500_500_200_gets_the_same_webhook_id_three_times(desa_a, private_ok):
    with receiver([500, 500]) as (inbox, url):
        _, raw = application(desa_a, "webhooks:manage")
        secret = subscribe(keyed(raw), url, ["complaint.submitted"])["secret"]
        submit(desa_a)
        message = WebhookMessage.objects.get()

        states = []
        for _attempt in range(3):
            WebhookMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
            states.append(webhook_deliver(message_id=message.pk))

    assert states == ["pending", "pending", "delivered"]
    assert {r["headers"]["webhook-id"] for r in inbox.requests} == {message.msg_id}
    assert len(inbox.requests) == 3
    assert verify(inbox.requests[-1], secret)["type"] == "complaint.submitted"
    assert by_hand(inbox.requests[-1], secret)  # the recipe the API docs give for PHP
    log = keyed(raw).get(f"/api/v1/client/webhooks/{message.subscription.public_id}/deliveries/")
    [row] = log.json()["results"]
    assert [a["status_code"] for a in row["log"]] == [500, 500, 200]
    assert (row["state"], row["attempts"]) == ("delivered", 3)


def test_retries_back_off_over_more_than_a_day(desa_a, private_ok, settings):
    with receiver([500] * 20) as (_inbox, url):
        _, raw = application(desa_a, "webhooks:manage")
        subscribe(keyed(raw), url, ["complaint.submitted"])
        submit(desa_a)
        message = WebhookMessage.objects.get()
        waits = []
        while True:
            before = timezone.now()
            state = webhook_deliver(message_id=message.pk)
            message.refresh_from_db()
            if state != "pending":
                break
            waits.append(round((message.next_attempt_at - before).total_seconds()))
            WebhookMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())

    assert waits == sorted(waits)
    assert sum(waits) >= 24 * 3600
    assert state == "failed"


def test_a_receiver_down_for_three_days_is_disabled_and_its_owner_told(desa_a, private_ok):
    with receiver([503] * 5) as (_inbox, url):
        client, raw = application(desa_a, "webhooks:manage")
        client.contact_email = "it@kabupaten.example.id"
        client.save(update_fields=["contact_email"])
        created = subscribe(keyed(raw), url, ["complaint.submitted"])
        submit(desa_a)
        message = WebhookMessage.objects.get()
        WebhookSubscription.objects.filter(public_id=created["id"]).update(
            failing_since=timezone.now() - timedelta(days=3, minutes=1)
        )

        state = webhook_deliver(message_id=message.pk)

    subscription = WebhookSubscription.objects.get(public_id=created["id"])
    assert state == "failed"
    assert subscription.disabled_at is not None
    told = Notification.objects.get(template="webhook_disabled")
    assert told.address == "it@kabupaten.example.id"
    # nothing more is sent to a disabled URL until it is turned on again
    submit(desa_a)
    assert not WebhookMessage.objects.filter(state="pending").exists()
    enabled = keyed(raw).post(f"/api/v1/client/webhooks/{created['id']}/enable/")
    assert enabled.status_code == 200
    assert enabled.json()["disabled_at"] is None


def test_a_hanging_receiver_never_blocks_the_move(api, desa_a, operator_desa_a, private_ok):
    with receiver(hang=30) as (inbox, url):
        _, raw = application(desa_a, "webhooks:manage")
        subscribe(keyed(raw), url, ["complaint.status_changed"])
        complaint = submit(desa_a).complaint

        r = api(operator_desa_a).post(
            f"/api/v1/complaints/{complaint.tracking_code}/transitions/", {"action": "receive"}
        )

        assert r.status_code == 200, r.json()
        # the move wrote its event and left it to the worker: nothing reached the receiver
        assert WebhookMessage.objects.get(event_type="complaint.status_changed").state == "pending"
        assert inbox.requests == []


@pytest.mark.slow  # starts a Celery worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_each_event_once_signed_and_redelivers_on_request(
    desa_a, operator_desa_a, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    queue = f"test-webhooks-{uuid.uuid4().hex}"
    celery_app.conf.task_default_queue = queue  # this process's enqueues (on commit) too
    env = environment(
        DATABASE_URL=database_url_for_subprocess(),
        CELERY_QUEUE=queue,
        WEBHOOK_ALLOW_PRIVATE_TARGETS="true",
        WEBHOOK_RETRY_SCHEDULE="1,1,1",
    )
    try:
        with receiver([500]) as (inbox, url), celery_worker(env, queue=queue) as output:
            _, raw = application(desa_a, "webhooks:manage")
            created = subscribe(keyed(raw), url)
            secret = created["secret"]

            complaint = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)
            wait_for(
                lambda: WebhookMessage.objects.filter(state="delivered").count() == 3,
                timeout=60, what="three deliveries", output=output,
            )  # fmt: skip
            ping = keyed(raw).post(f"/api/v1/client/webhooks/{created['id']}/ping/")
            first = WebhookMessage.objects.get(event_type="complaint.submitted")
            again = keyed(raw).post(
                f"/api/v1/client/webhooks/{created['id']}/deliveries/{first.msg_id}/redeliver/"
            )
            wait_for(
                lambda: len(inbox.requests) == 6, timeout=60, what="ping and redelivery",
                output=output,
            )  # fmt: skip
    finally:
        celery_app.conf.task_default_queue = "celery"

    assert ping.status_code == 202 and again.status_code == 202
    bodies = [verify(request, secret) for request in inbox.requests]  # every one signed
    by_id: dict[str, list[str]] = {}
    for request, body in zip(inbox.requests, bodies, strict=True):
        by_id.setdefault(request["headers"]["webhook-id"], []).append(body["type"])
    # The first event met the 500 and was retried with its id; the redelivery kept it too.
    # Every other event came once.
    assert by_id.pop(first.msg_id) == ["complaint.submitted"] * 3
    assert sorted(types for types in by_id.values()) == sorted(
        [[event] for event in EVENTS[1:]] + [["ping"]]
    )
    register = next(b for b in bodies if b["type"] == "register.entry_created")
    assert register["data"]["register_number"].startswith("001/")
    assert register["data"]["code"] == complaint.tracking_code

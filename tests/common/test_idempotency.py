"""Idempotency-Key on complaint submission: a phone's retry never files a second complaint."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from accounts.models import Role
from common.idempotency import STALE_CLAIM, idempotent
from common.models import IdempotencyRecord
from common.tasks import purge_idempotency_records
from complaints.models import Category, Complaint
from tests.accounts.factories import user_with

URL = "/api/v1/complaints/"
KEY = "3f0c2a9e-5b7d-4e1a-9c8f-2d6b4a1e7c05"
ANONYMOUS = {
    "desa": "32.07.10.2010",
    "kind": "complaint",
    "category": "infrastruktur",
    "title": "Gorong-gorong tersumbat",
    "description": "Di RT 02",
    "anonymous": True,
}
NIK = "3207105508900001"
NAMED = {
    **ANONYMOUS,
    "anonymous": False,
    "reporter": {
        "name": "Siti Aminah",
        "nik": NIK,
        "phone": "0812-3456-7890",
        "address": "Dusun Cibodas RT 02 RW 01",
    },
}


def submit(client, body=ANONYMOUS, key=KEY):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, body, format="json", **headers)


def test_the_same_submission_sent_three_times_with_one_key_makes_one_complaint(api, desa_a):
    client = api()

    first, second, third = (submit(client) for _ in range(3))

    assert first.status_code == 201, first.json()
    assert "Idempotent-Replayed" not in first.headers
    for repeat in (second, third):
        assert repeat.status_code == 201, repeat.json()
        assert repeat.json() == first.json()
        assert repeat.headers["Idempotent-Replayed"] == "true"
    assert first.json()["pin"]
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().tracking_code == first.json()["tracking_code"]


@pytest.mark.django_db(transaction=True)
def test_three_submissions_at_once_with_one_key_make_one_complaint(api, desa_a):
    barrier = threading.Barrier(3)
    responses, failures = [], []

    def send():
        try:
            client = api()
            barrier.wait(timeout=10)
            responses.append(submit(client))
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert Complaint.objects.count() == 1
    created = [r for r in responses if r.status_code == 201]
    assert len(created) >= 1, [r.json() for r in responses]
    assert sum("Idempotent-Replayed" not in r.headers for r in created) == 1
    assert {r.json()["tracking_code"] for r in created} == {Complaint.objects.get().tracking_code}
    for r in responses:
        if r.status_code != 201:
            assert r.status_code == 409, r.json()
            assert r.json()["code"] == "idempotency_key_in_use"
            assert int(r.headers["Retry-After"]) > 0
    retry = submit(api())  # what a phone told 409 does next
    assert retry.status_code == 201, retry.json()
    assert retry.json() == next(r.json() for r in created if "Idempotent-Replayed" not in r.headers)


def test_the_same_key_with_a_different_body_is_refused(api, desa_a):
    client = api()
    first = submit(client)

    r = submit(client, {**ANONYMOUS, "title": "Jalan berlubang"})

    assert first.status_code == 201, first.json()
    assert r.status_code == 422, r.json()
    assert r.json()["code"] == "idempotency_key_reused"
    assert Complaint.objects.count() == 1


def test_the_same_body_in_another_json_layout_counts_as_the_same_request(api, desa_a):
    client = api()
    first = submit(client)
    reordered = dict(reversed(list(ANONYMOUS.items())))

    r = submit(client, reordered)

    assert r.status_code == 201, r.json()
    assert r.headers["Idempotent-Replayed"] == "true"
    assert r.json() == first.json()
    assert Complaint.objects.count() == 1


def test_the_same_key_from_two_residents_makes_two_complaints(api, desa_a, warga):
    tetangga = user_with(Role.RESIDENT, desa_a, username="+6281200005678", phone="+6281200005678")

    mine = submit(api(warga))
    theirs = submit(api(tetangga))

    assert mine.status_code == 201, mine.json()
    assert theirs.status_code == 201, theirs.json()
    assert "Idempotent-Replayed" not in theirs.headers
    assert mine.json()["tracking_code"] != theirs.json()["tracking_code"]
    assert {c.reporter_account for c in Complaint.objects.all()} == {warga, tetangga}


def test_a_logged_in_residents_key_does_not_replay_to_an_anonymous_caller(api, desa_a, warga):
    mine = submit(api(warga))

    r = submit(api())

    assert mine.status_code == 201, mine.json()
    assert r.status_code == 201, r.json()
    assert r.json()["pin"] != mine.json()["pin"]
    assert Complaint.objects.count() == 2


def test_an_invalid_submission_is_replayed_as_400_without_running_again(api, desa_a):
    client = api()
    body = {**ANONYMOUS, "category": "pasar-desa"}
    first = submit(client, body)
    Category.objects.create(desa=desa_a, slug="pasar-desa", name="Pasar desa")

    r = submit(client, body)

    assert first.status_code == 400, first.json()
    assert r.status_code == 400, r.json()
    assert r.json() == first.json()
    assert r.headers["Idempotent-Replayed"] == "true"
    assert Complaint.objects.count() == 0


def test_without_a_key_two_submissions_make_two_complaints(api, desa_a):
    client = api()

    first = submit(client, key=None)
    second = submit(client, key=None)

    assert first.status_code == 201, first.json()
    assert second.status_code == 201, second.json()
    assert Complaint.objects.count() == 2
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "kunci\x07"])
def test_a_malformed_key_is_refused(api, desa_a, key):
    r = submit(api(), key=key)

    assert r.status_code == 400, r.json()
    assert "Idempotency-Key" in r.json()["fields"]
    assert Complaint.objects.count() == 0


def test_a_key_quoted_as_a_structured_field_string_is_the_same_key(api, desa_a):
    client = api()
    first = submit(client)

    r = submit(client, key=f'"{KEY}"')

    assert r.status_code == 201, r.json()
    assert r.headers["Idempotent-Replayed"] == "true"
    assert r.json() == first.json()


def test_an_expired_key_runs_again(api, desa_a):
    client = api()
    first = submit(client)
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    r = submit(client, {**ANONYMOUS, "title": "Jalan berlubang"})

    assert r.status_code == 201, r.json()
    assert "Idempotent-Replayed" not in r.headers
    assert r.json()["tracking_code"] != first.json()["tracking_code"]
    assert Complaint.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 1


def test_a_submission_still_running_answers_409_with_retry_after(api, desa_a):
    client = api()
    first = submit(client)
    IdempotencyRecord.objects.update(state=IdempotencyRecord.State.IN_PROGRESS)

    r = submit(client)

    assert first.status_code == 201, first.json()
    assert r.status_code == 409, r.json()
    assert r.json()["code"] == "idempotency_key_in_use"
    assert int(r.headers["Retry-After"]) == r.json()["retry_after"]
    assert Complaint.objects.count() == 1


def test_a_claim_abandoned_by_a_dead_worker_is_taken_over(api, desa_a):
    client = api()
    submit(client)
    Complaint.objects.all().delete()  # the dead worker's transaction never committed
    IdempotencyRecord.objects.update(
        state=IdempotencyRecord.State.IN_PROGRESS,
        response_status=None,
        response_body="",
        claimed_at=timezone.now() - STALE_CLAIM - timedelta(seconds=1),
    )

    r = submit(client)

    assert r.status_code == 201, r.json()
    assert "Idempotent-Replayed" not in r.headers
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.get().state == IdempotencyRecord.State.DONE


def test_work_that_lost_its_claim_to_a_takeover_is_rolled_back(db):
    factory = APIRequestFactory()
    django_request = factory.post("/", {"a": 1}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    request = Request(django_request, parsers=[JSONParser()])

    def run():
        side_effect = {"scope": "anon", "key": "k", "fingerprint": "f"}
        IdempotencyRecord.objects.create(
            operation="side_effect", expires_at=timezone.now(), **side_effect
        )
        # meanwhile a retry judged our claim stale and re-stamped it
        IdempotencyRecord.objects.filter(operation="test").update(claimed_at=timezone.now())
        return Response({"ok": True}, status=201)

    r = idempotent(request, operation="test", run=run)

    assert r.status_code == 409, r.data
    assert not IdempotencyRecord.objects.filter(operation="side_effect").exists()
    assert IdempotencyRecord.objects.get(operation="test").state == "in_progress"


def test_an_unexpected_error_releases_the_key_for_a_retry(db):
    factory = APIRequestFactory()

    def request():
        django_request = factory.post("/", {"a": 1}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
        return Request(django_request, parsers=[JSONParser()])

    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        idempotent(request(), operation="test", run=broken)
    r = idempotent(request(), operation="test", run=lambda: Response({"ok": True}, status=201))

    assert r.status_code == 201
    assert "Idempotent-Replayed" not in r.headers


def test_the_purge_deletes_only_expired_records(api, desa_a):
    client = api()
    submit(client, key="lama")
    submit(client, {**ANONYMOUS, "title": "Jalan berlubang"}, key="baru")
    IdempotencyRecord.objects.filter(key="lama").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    deleted = purge_idempotency_records()
    again = purge_idempotency_records()

    assert (deleted, again) == (1, 0)
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["baru"]


def test_the_stored_record_holds_neither_the_nik_nor_the_pin_in_plaintext(api, desa_a):
    r = submit(api(), NAMED)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key, scope, operation, fingerprint, response_body FROM common_idempotencyrecord"
        )
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)

    assert r.status_code == 201, r.json()
    pin = r.json()["pin"]
    assert NIK not in raw
    assert "081234567890" not in raw and "Siti Aminah" not in raw
    assert pin not in raw
    assert r.json()["tracking_code"] not in raw
    assert IdempotencyRecord.objects.get().response_body  # decrypts through the field

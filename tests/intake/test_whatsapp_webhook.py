"""The WhatsApp Cloud API webhook: Meta's verification, signatures, storing each message once."""

import logging
import threading

import pytest
import redis
from django.db import connection, connections
from django.test import Client

from intake.models import Draft, Message, StatusReceipt
from regions.services import desa_contact_set
from tests.intake import payloads

URL = "/api/v1/channels/whatsapp/webhook/"


def test_meta_verification_echoes_the_challenge_as_plain_text(api):
    r = api().get(
        URL,
        {
            "hub.mode": "subscribe",
            "hub.verify_token": payloads.VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain")
    assert r.content == b"1158201444"


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {
            "hub.mode": "unsubscribe",
            "hub.verify_token": payloads.VERIFY_TOKEN,
            "hub.challenge": "1",
        },
        {"hub.challenge": "1"},
    ],
)
def test_verification_with_a_wrong_token_or_mode_is_refused(api, query):
    r = api().get(URL, query)
    assert r.status_code == 403, r.content


def test_verification_is_refused_when_no_token_is_configured(api, settings):
    settings.WHATSAPP_VERIFY_TOKEN = ""
    r = api().get(URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"})
    assert r.status_code == 403


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "sha1=abc", "deadbeef"])
def test_a_bad_or_missing_signature_is_401_and_stores_nothing(
    deliver, jagabaya_whatsapp, signature
):
    r = deliver(payloads.notification([payloads.text("Jalan rusak")]), signature=signature)
    assert r.status_code == 401, r.json()
    assert Message.objects.count() == 0


def test_a_body_signed_with_another_secret_is_refused(api, jagabaya_whatsapp):
    body, signature = payloads.signed(
        payloads.notification([payloads.text("Jalan rusak")]), secret="not-the-secret"
    )
    r = api().post(URL, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature)
    assert r.status_code == 401
    assert Message.objects.count() == 0


def test_a_signed_text_message_is_stored_then_read_into_a_draft(
    deliver, jagabaya_whatsapp, process
):
    r = deliver(payloads.notification([payloads.text("Lampu jalan di Dusun Cikupa mati")]))
    assert r.status_code == 200
    [message] = Message.objects.all()
    assert message.processed_at is None and message.draft is None  # the task reads it

    assert process() == 1
    message.refresh_from_db()
    draft = message.draft
    assert draft.desa == jagabaya_whatsapp and draft.channel == "whatsapp"
    assert draft.contact == "+6281234567890" and draft.contact_name == payloads.PROFILE_NAME
    assert message.body == "Lampu jalan di Dusun Cikupa mati"
    with connection.cursor() as cursor:  # identity is ciphertext in the database
        cursor.execute("SELECT contact, contact_name FROM intake_draft")
        stored = " ".join(cursor.fetchone())
        cursor.execute("SELECT raw FROM intake_message")
        stored += cursor.fetchone()[0]
    assert payloads.WA_ID not in stored and payloads.PROFILE_NAME not in stored


def test_an_unknown_phone_number_id_is_accepted_stores_nothing_and_logs_no_identity(
    deliver, jagabaya_whatsapp, caplog
):
    payload = payloads.notification([payloads.text("Halo")], phone_number_id="999999999999")
    with caplog.at_level(logging.WARNING, logger="intake.services"):
        r = deliver(payload)
    assert r.status_code == 200
    assert Message.objects.count() == 0
    [record] = [r for r in caplog.records if r.name == "intake.services"]
    logged = record.getMessage() + " " + str(vars(record))
    assert "999999999999" in logged
    assert payloads.WA_ID not in logged and payloads.PROFILE_NAME not in logged


def test_a_body_of_another_object_is_accepted_and_ignored(deliver, jagabaya_whatsapp):
    r = deliver({"object": "instagram", "entry": []})
    assert r.status_code == 200
    assert Message.objects.count() == 0


def test_the_same_delivery_three_times_is_stored_once(deliver, jagabaya_whatsapp, process):
    payload = payloads.notification([payloads.text("Jembatan retak")])
    assert [deliver(payload).status_code for _ in range(3)] == [200, 200, 200]
    assert Message.objects.count() == 1
    process()
    assert Draft.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_delivery_three_times_at_once_is_stored_once(jagabaya_whatsapp, settings):
    body, signature = payloads.signed(payloads.notification([payloads.text("Banjir")]))
    start = threading.Barrier(3)
    codes: list[int] = []

    def post():
        try:
            start.wait()
            r = Client().post(
                URL, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
            )
            codes.append(r.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200, 200, 200]
    assert Message.objects.count() == 1


def test_messages_of_other_types_are_kept_as_unsupported(deliver, jagabaya_whatsapp, process):
    sticker = {**payloads.text("x"), "type": "sticker", "sticker": {"id": "1"}}
    del sticker["text"]
    deliver(payloads.notification([sticker]))
    process()
    [message] = Message.objects.all()
    assert message.kind == "unsupported" and message.unsupported_type == "sticker"
    assert message.draft is not None


def test_location_is_read_as_words_and_coordinates(deliver, jagabaya_whatsapp, process):
    location = {**payloads.text("x"), "type": "location"}
    del location["text"]
    location["location"] = {"latitude": -7.2, "longitude": 108.5, "name": "Balai desa"}
    deliver(payloads.notification([location]))
    process()
    [message] = Message.objects.all()
    assert message.kind == "location" and message.body == "Balai desa — -7.2, 108.5"


def test_messages_within_the_window_form_one_draft_and_later_ones_a_new_one(
    deliver, jagabaya_whatsapp, process, settings
):
    settings.WHATSAPP_CONVERSATION_WINDOW_HOURS = 24
    start = 1_800_000_000
    deliver(payloads.notification([payloads.text("Jalan rusak", ts=start)]))
    deliver(payloads.notification([payloads.text("di RT 02", ts=start + 3600)]))
    deliver(payloads.notification([payloads.text("Masih rusak", ts=start + 3600 + 25 * 3600)]))
    process()
    first, second = Draft.objects.order_by("opened_at", "id")
    assert first.messages.count() == 2 and second.messages.count() == 1


def test_another_number_gets_a_draft_of_its_own(deliver, jagabaya_whatsapp, process):
    deliver(payloads.notification([payloads.text("Satu")]))
    deliver(
        payloads.notification(
            [payloads.text("Dua", wa_id="6281311112222")], wa_id="6281311112222", name="Budi"
        )
    )
    process()
    assert Draft.objects.count() == 2


def test_delivery_receipts_are_stored_once_each(deliver, jagabaya_whatsapp, process):
    receipts = [payloads.status("wamid.out1", "sent"), payloads.status("wamid.out1", "delivered")]
    deliver(payloads.notification(statuses=receipts))
    deliver(payloads.notification(statuses=receipts))
    assert StatusReceipt.objects.count() == 2
    process()
    assert not StatusReceipt.objects.filter(matched=True).exists()  # nothing of ours had it


def test_processing_twice_reads_each_message_once(deliver, jagabaya_whatsapp, process):
    deliver(payloads.notification([payloads.text("Satu"), payloads.text("Dua")]))
    assert process() == 2
    assert process() == 0
    assert Draft.objects.get().messages.count() == 2


def test_a_message_that_cannot_be_read_does_not_block_the_others(
    deliver, jagabaya_whatsapp, process
):
    deliver(payloads.notification([payloads.text("Satu")]))
    Message.objects.update(raw="{not json")  # as if stored by a broken release
    deliver(payloads.notification([payloads.text("Dua")]))
    assert process() == 2
    broken, fine = Message.objects.order_by("id")
    assert broken.error.startswith("not read") and broken.draft is None
    assert fine.draft is not None and fine.body == "Dua"


# --- the hot path's cost: what one notification asks of PostgreSQL and of the broker ------
def test_a_message_costs_one_insert_that_finds_its_desa_itself(
    deliver, jagabaya_whatsapp, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for text in ("Jalan rusak", "Masih rusak"):
        with django_assert_max_num_queries(1), django_capture_on_commit_callbacks(execute=True):
            r = deliver(payloads.notification([payloads.text(text)]))
        assert r.status_code == 200
    assert list(Message.objects.values_list("desa_id", flat=True)) == [jagabaya_whatsapp.pk] * 2


def test_a_retry_stores_and_enqueues_nothing_and_logs_no_unknown_number(
    deliver, jagabaya_whatsapp, settings, caplog, django_capture_on_commit_callbacks
):
    message = payloads.text("Sekali saja")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(payloads.notification([message]))
    before = _queued(settings)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = deliver(payloads.notification([message]))
    assert r.status_code == 200
    assert callbacks == [] and _queued(settings) == before
    assert Message.objects.count() == 1
    assert "unknown phone number" not in caplog.text


def _queued(settings) -> int:
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return broker.llen(settings.CELERY_TASK_DEFAULT_QUEUE)


def test_a_burst_enqueues_one_task_and_a_message_after_it_started_another(
    deliver, jagabaya_whatsapp, process, settings, django_capture_on_commit_callbacks
):
    before = _queued(settings)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            r = deliver(payloads.notification([payloads.text(f"Pesan {number}")]))
            assert r.status_code == 200, r.json()
    assert _queued(settings) == before + 1  # the task waiting reads all three

    assert process() == 3  # as the worker does when the task starts
    with django_capture_on_commit_callbacks(execute=True):
        deliver(payloads.notification([payloads.text("Satu lagi")]))
    assert _queued(settings) == before + 2  # came after the reading began: a task of its own


def test_a_number_moved_to_another_desa_is_stored_there_at_once(
    deliver, jagabaya_whatsapp, desa_b, django_capture_on_commit_callbacks
):
    deliver(payloads.notification([payloads.text("Ke desa A")]))
    with django_capture_on_commit_callbacks(execute=True):
        desa_contact_set(desa=jagabaya_whatsapp, whatsapp_phone_number_id="")
        desa_contact_set(desa=desa_b, whatsapp_phone_number_id=payloads.PHONE_NUMBER_ID)
    deliver(payloads.notification([payloads.text("Ke desa B")]))
    assert sorted(Message.objects.values_list("desa_id", flat=True)) == sorted(
        [jagabaya_whatsapp.pk, desa_b.pk]
    )


def test_a_number_removed_with_its_contact_settings_stores_nothing_at_once(
    deliver, jagabaya_whatsapp, django_capture_on_commit_callbacks
):
    deliver(payloads.notification([payloads.text("Masih dikenal")]))
    with django_capture_on_commit_callbacks(execute=True):
        jagabaya_whatsapp.contact.delete()
    r = deliver(payloads.notification([payloads.text("Tidak dikenal lagi")]))
    assert r.status_code == 200
    assert Message.objects.count() == 1


def test_a_task_that_reads_a_full_batch_enqueues_the_next(
    deliver, jagabaya_whatsapp, process, settings
):
    for number in range(3):
        deliver(payloads.notification([payloads.text(f"Pesan {number}")]))
    before = _queued(settings)
    assert process(limit=2) == 2
    assert _queued(settings) == before + 1
    assert process() == 1
    assert _queued(settings) == before + 1  # the backlog is read: nothing more to send

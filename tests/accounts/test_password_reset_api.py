"""Forgot the password: a code by WhatsApp (or email) sets a new one and ends old sessions."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from accounts.models import PasswordReset
from accounts.tasks import flush_expired_tokens
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.accounts.factories import PASSWORD, UserFactory
from tests.notifications.servers import whatsapp_gateway

RESET = "/api/v1/auth/password-reset/"
CONFIRM = "/api/v1/auth/password-reset/confirm/"
NEW_PASSWORD = "Sawah-Ciamis-2027"


@pytest.fixture
def gateway(settings):
    with whatsapp_gateway() as (server, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "gateway-token"
        yield server


def ask(api, phone="0812-0000-1234"):
    return api().post(RESET, {"phone": phone}, format="json")


def received_code(gateway) -> str:
    """Deliver the newest outbox row as the worker would; read the code off the message."""
    row = Notification.objects.filter(template="password_reset").latest("pk")
    delivered = notification_deliver(notification_id=row.pk)
    assert delivered == "sent", Notification.objects.get(pk=row.pk).last_error
    text = gateway.requests[-1]["body"]["text"]["body"]
    return re.search(r"\b(\d{6})\b", text).group(1)


def confirm(api, code, password=NEW_PASSWORD, phone="+62 812 0000 1234"):
    return api().post(CONFIRM, {"phone": phone, "code": code, "password": password}, format="json")


def log_in(api, password, username="+6281200001234"):
    return api().post("/api/v1/auth/token/", {"username": username, "password": password})


def test_a_resident_sets_a_new_password_with_the_code_sent_by_whatsapp(api, warga, gateway):
    old_session = log_in(api, PASSWORD).json()["refresh"]

    r = ask(api)
    code = received_code(gateway)
    done = confirm(api, code)

    assert r.status_code == 202 and r.json() == {"minutes": 15}
    [message] = gateway.requests
    assert message["body"]["to"] == "6281200001234"
    assert "Jangan berikan kode ini kepada siapa pun" in message["body"]["text"]["body"]
    assert done.status_code == 200, done.json()
    assert set(done.json()) == {"access", "refresh"}
    assert log_in(api, NEW_PASSWORD).status_code == 200
    assert log_in(api, PASSWORD).status_code == 401
    # Whoever knew the old password is logged out, and the code works once.
    refreshed = api().post("/api/v1/auth/token/refresh/", {"refresh": old_session})
    assert refreshed.status_code == 401
    assert confirm(api, code, password="Another-Pass-2028").status_code == 400


def test_the_answer_is_the_same_for_a_number_without_an_account(api, warga, gateway):
    known, unknown = ask(api), ask(api, phone="0813-9999-0000")

    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert Notification.objects.filter(template="password_reset").count() == 1
    assert confirm(api, "123456", phone="0813-9999-0000").json()["fields"] == {
        "code": ["Kode salah atau sudah tidak berlaku."]
    }


def test_a_malformed_number_is_a_field_error(api, db):
    r = ask(api, phone="0812")

    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"phone"}


def test_an_account_with_an_email_gets_the_code_there_too(api, db, gateway, mailoutbox):
    UserFactory(username="petugas.x", email="petugas@example.com", phone="+6281300002222")

    ask(api, phone="0813-0000-2222")
    rows = Notification.objects.filter(template="password_reset")
    results = {notification_deliver(notification_id=row.pk) for row in rows}

    assert sorted(rows.values_list("channel", flat=True)) == ["email", "whatsapp"]
    assert results == {"sent"}
    [mail] = mailoutbox
    assert mail.to == ["petugas@example.com"]
    code = re.search(r"\b(\d{6})\b", mail.body).group(1)
    assert code in gateway.requests[0]["body"]["text"]["body"]
    assert code not in mail.subject


def test_wrong_codes_use_up_the_request(api, warga, gateway, settings):
    ask(api)
    code = received_code(gateway)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    answers = [confirm(api, wrong).status_code for _ in range(settings.PASSWORD_RESET_ATTEMPTS)]

    assert answers == [400] * settings.PASSWORD_RESET_ATTEMPTS
    assert confirm(api, code).status_code == 400  # right, but too late
    assert log_in(api, PASSWORD).status_code == 200


def test_a_code_expires(api, warga, gateway):
    ask(api)
    code = received_code(gateway)

    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        r = confirm(api, code)

    assert r.status_code == 400 and set(r.json()["fields"]) == {"code"}


def test_a_new_code_replaces_the_earlier_one(api, warga, gateway):
    ask(api)
    first = received_code(gateway)
    ask(api)
    second = received_code(gateway)
    while second == first:  # two random codes agree once in a million requests: ask again
        ask(api)
        second = received_code(gateway)

    assert confirm(api, first).status_code == 400
    assert confirm(api, second).status_code == 200


def test_a_weak_password_uses_up_nothing(api, warga, gateway):
    ask(api)
    code = received_code(gateway)

    weak = confirm(api, code, password="12345678")
    strong = confirm(api, code)

    assert weak.status_code == 400 and set(weak.json()["fields"]) == {"password"}
    assert strong.status_code == 200


def test_the_code_is_stored_nowhere(api, warga, gateway):
    ask(api)
    code = received_code(gateway)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT row_to_json(r)::text FROM accounts_passwordreset r"
            " UNION ALL SELECT payload::text FROM notifications_notification"
        )
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert code not in stored


def test_codes_sent_to_one_number_are_throttled_however_it_is_typed(api, warga, gateway):
    answers = [
        ask(api, phone).status_code
        for phone in ["0812-0000-1234", "+6281200001234", "62 812 0000 1234", "081200001234"]
    ]

    assert answers == [202, 202, 202, 429]
    assert Notification.objects.filter(template="password_reset").count() == 3


def test_neither_the_number_nor_the_code_reaches_the_logs(api, warga, gateway, caplog):
    with caplog.at_level(logging.DEBUG):
        ask(api)
        code = received_code(gateway)
        confirm(api, "000000" if code != "000000" else "111111")
        confirm(api, code)

    assert code not in caplog.text
    assert "81200001234" not in caplog.text


def test_a_code_that_died_before_it_left_is_not_sent(api, warga, gateway):
    # The gateway was down for the first attempt; the resident asked again meanwhile.
    ask(api)
    first = Notification.objects.get(template="password_reset")
    ask(api)

    assert notification_deliver(notification_id=first.pk) == "failed"
    first.refresh_from_db()
    assert "replaced" in first.last_error
    assert gateway.requests == []
    received_code(gateway)  # the newer one still goes out
    assert len(gateway.requests) == 1


def test_the_nightly_flush_deletes_requests_that_can_no_longer_be_used(api, warga, gateway):
    ask(api)
    ask(api)  # the first one is now expired (replaced)
    live = PasswordReset.objects.latest("pk")

    flush_expired_tokens()

    assert list(PasswordReset.objects.values_list("pk", flat=True)) == [live.pk]
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        flush_expired_tokens()
    assert not PasswordReset.objects.exists()


def test_ending_the_old_sessions_costs_the_same_for_one_device_or_many(api, warga, gateway):
    def queries_to_reset(devices: int) -> int:
        for _ in range(devices):
            log_in(api, PASSWORD)
        ask(api)
        code = received_code(gateway)
        with CaptureQueriesContext(connection) as queries:
            assert confirm(api, code, password=f"Sawah-Ciamis-{devices}-2027").status_code == 200
        warga.set_password(PASSWORD)
        warga.save()
        return len(queries)

    one, many = queries_to_reset(1), queries_to_reset(6)

    assert one == many
    assert BlacklistedToken.objects.filter(token__user=warga).count() >= 7

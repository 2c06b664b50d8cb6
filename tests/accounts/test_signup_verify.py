"""Sign-up proves the phone number: a code by WhatsApp opens the account, and a number already
registered gets the same answer while its owner is warned."""

import logging
import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from accounts.models import CodePurpose, Membership, PasswordReset, User
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.accounts.factories import PASSWORD, UserFactory
from tests.notifications.servers import whatsapp_gateway

SIGNUP = "/api/v1/auth/signup/"
VERIFY = "/api/v1/auth/signup/verify/"
NEW_PASSWORD = "Sungai-Citanduy-9"
NEW_PHONE = "+6281311112222"


@pytest.fixture
def gateway(settings):
    with whatsapp_gateway() as (server, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "gateway-token"
        yield server


def sign_up(api, phone="0813-1111-2222", password=NEW_PASSWORD, **fields):
    body = {"phone": phone, "password": password, "full_name": "Ujang", **fields}
    return api().post(SIGNUP, body, format="json")


def delivered_text(gateway, template: str) -> str:
    """Deliver the newest outbox row of `template` as the worker would; the text received."""
    row = Notification.objects.filter(template=template).latest("pk")
    assert notification_deliver(notification_id=row.pk) == "sent", row.last_error
    return gateway.requests[-1]["body"]["text"]["body"]


def received_code(gateway) -> str:
    return re.search(r"\b(\d{6})\b", delivered_text(gateway, "signup_code")).group(1)


def verify(api, code, phone="+62 813 1111 2222"):
    return api().post(VERIFY, {"phone": phone, "code": code}, format="json")


def log_in(api, password=NEW_PASSWORD, username="0813-1111-2222"):
    return api().post("/api/v1/auth/token/", {"username": username, "password": password})


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_account_cannot_log_in_before_the_code(api, db, gateway):
    sign_up(api)

    refused = log_in(api)
    wrong_password = log_in(api, password="Bukan-Sandinya-1")

    # The same answer as a wrong password: a login never tells which accounts exist.
    assert refused.status_code == wrong_password.status_code == 401
    assert refused.json() == wrong_password.json()
    assert not User.objects.get(phone=NEW_PHONE).is_active


def test_the_code_sent_by_whatsapp_opens_the_account_and_logs_it_in(api, desa_a, gateway):
    r = sign_up(api, desa=desa_a.code)
    code = received_code(gateway)
    done = verify(api, code)

    assert r.status_code == 202 and r.json() == {"phone": NEW_PHONE, "minutes": 15}
    [message] = gateway.requests
    assert message["body"]["to"] == "6281311112222"
    assert "Jangan berikan kode ini kepada siapa pun" in message["body"]["text"]["body"]
    assert done.status_code == 200, done.json()
    me = api().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {done.json()['access']}")
    assert me.json()["memberships"][0]["region"]["code"] == desa_a.code
    assert log_in(api).status_code == 200
    assert verify(api, code).status_code == 400  # once only


def test_a_wrong_code_opens_nothing_and_wrong_codes_use_up_the_code(api, db, gateway, settings):
    sign_up(api)
    code = received_code(gateway)

    answers = [verify(api, other_than(code)) for _ in range(settings.PASSWORD_RESET_ATTEMPTS)]

    assert {r.status_code for r in answers} == {400}
    assert answers[0].json()["fields"] == {"code": ["Kode salah atau sudah tidak berlaku."]}
    assert verify(api, code).status_code == 400  # right, but too late
    assert log_in(api).status_code == 401


def test_a_code_expires_with_the_lifetime_of_a_reset_code(api, db, gateway, settings):
    sign_up(api)
    code = received_code(gateway)
    later = timezone.now() + timedelta(minutes=settings.PASSWORD_RESET_MINUTES + 1)

    with time_machine.travel(later, tick=False):
        r = verify(api, code)

    assert r.status_code == 400 and set(r.json()["fields"]) == {"code"}
    assert not User.objects.get(phone=NEW_PHONE).is_active


def test_signing_up_again_before_the_code_sends_a_new_one(api, db, gateway):
    sign_up(api)
    first = received_code(gateway)
    again = sign_up(api, password="Sawah-Ciamis-2027")
    second = received_code(gateway)
    while second == first:  # two random codes agree once in a million sign-ups: start again
        again = sign_up(api, password="Sawah-Ciamis-2027")
        second = received_code(gateway)

    assert again.status_code == 202
    assert User.objects.filter(phone=NEW_PHONE).count() == 1
    assert verify(api, first).status_code == 400
    assert verify(api, second).status_code == 200
    assert log_in(api, password="Sawah-Ciamis-2027").status_code == 200


def test_a_registered_number_gets_the_same_answer_and_its_owner_is_warned(api, warga, gateway):
    taken = sign_up(api, phone="0812-0000-1234", password="Sawah-Ciamis-2027")
    new = sign_up(api)

    assert taken.status_code == new.status_code == 202
    assert set(taken.json()) == set(new.json())
    assert taken.json()["minutes"] == new.json()["minutes"]
    # Nothing was created or changed for the registered number…
    assert User.objects.filter(phone="+6281200001234").count() == 1
    assert not PasswordReset.objects.filter(user=warga).exists()
    assert log_in(api, password=PASSWORD, username="0812-0000-1234").status_code == 200
    # …and its owner hears about it instead of a code.
    [warning] = Notification.objects.filter(template="signup_taken")
    assert (warning.recipient, warning.address) == (warga, "+6281200001234")
    text = delivered_text(gateway, "signup_taken")
    assert "Ada yang mencoba mendaftar" in text and "Lupa kata sandi?" in text
    assert not re.search(r"\b\d{6}\b", text)


def test_a_disabled_account_is_not_reopened_by_signing_up(api, db, gateway):
    disabled = UserFactory(username="+6281311112222", phone=NEW_PHONE, is_active=False)

    r = sign_up(api)

    assert r.status_code == 202
    assert not Notification.objects.filter(template="signup_code").exists()
    assert not PasswordReset.objects.filter(user=disabled).exists()
    disabled.refresh_from_db()
    assert not disabled.is_active and disabled.check_password(PASSWORD)


def test_only_a_sign_up_code_verifies_a_sign_up(api, warga, gateway):
    # An active account has nothing to verify; a reset code is no sign-up code.
    api().post("/api/v1/auth/password-reset/", {"phone": "0812-0000-1234"}, format="json")
    reset_code = re.search(r"\b(\d{6})\b", delivered_text(gateway, "password_reset")).group(1)
    sign_up(api)
    pending = User.objects.get(phone=NEW_PHONE)
    reset_row = PasswordReset.objects.create(
        user=pending,
        purpose=CodePurpose.PASSWORD_RESET,
        salt="0" * 32,
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(minutes=15),
    )
    assert verify(api, reset_code, phone="0812-0000-1234").status_code == 400
    assert verify(api, reset_row.code()).status_code == 400
    assert not User.objects.get(phone=NEW_PHONE).is_active


def test_a_pending_account_gets_no_password_reset_code(api, db, gateway):
    sign_up(api)

    r = api().post("/api/v1/auth/password-reset/", {"phone": NEW_PHONE}, format="json")

    assert r.status_code == 202
    assert not Notification.objects.filter(template="password_reset").exists()


def test_sign_ups_for_one_number_are_throttled_with_the_reset_requests(api, warga, gateway):
    answers = [
        sign_up(api, phone=phone).status_code
        for phone in ["0813-1111-2222", "+6281311112222", "62 813 1111 2222", "081311112222"]
    ]
    # The registered number: reset codes and sign-up warnings share one counter.
    mixed = [
        api().post("/api/v1/auth/password-reset/", {"phone": "0812-0000-1234"}).status_code,
        api().post("/api/v1/auth/password-reset/", {"phone": "0812-0000-1234"}).status_code,
        sign_up(api, phone="0812-0000-1234").status_code,
        sign_up(api, phone="+6281200001234").status_code,
    ]

    assert answers == [202, 202, 202, 429]
    assert Notification.objects.filter(template="signup_code").count() == 3
    assert mixed == [202, 202, 202, 429]
    assert Notification.objects.filter(template="signup_taken").count() == 1


def test_code_guesses_are_throttled_like_reset_confirmations(api, db, gateway, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "reset_confirm_ip": "2/hour",
        },
    }
    sign_up(api)

    answers = [verify(api, "000000").status_code for _ in range(3)]

    assert answers == [400, 400, 429]


def test_neither_the_number_nor_the_code_reaches_the_logs(api, warga, gateway, caplog):
    with caplog.at_level(logging.DEBUG):
        sign_up(api)
        code = received_code(gateway)
        verify(api, other_than(code))
        verify(api, code)
        sign_up(api, phone="0812-0000-1234")
        delivered_text(gateway, "signup_taken")

    assert code not in caplog.text
    assert "81311112222" not in caplog.text
    assert "81200001234" not in caplog.text


def test_the_code_is_stored_nowhere(api, db, gateway):
    sign_up(api)
    code = received_code(gateway)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT row_to_json(r)::text FROM accounts_passwordreset r"
            " UNION ALL SELECT payload::text FROM notifications_notification"
        )
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert code not in stored


def test_a_membership_is_granted_once_however_often_the_sign_up_is_repeated(api, desa_a, gateway):
    sign_up(api, desa=desa_a.code)
    sign_up(api, desa=desa_a.code)

    assert Membership.objects.filter(user__phone=NEW_PHONE).count() == 1


def test_a_logged_in_user_cannot_open_someone_elses_sign_up_without_the_code(
    api, operator_desa_a, gateway
):
    sign_up(api)
    code = received_code(gateway)
    staff = api(operator_desa_a)

    r = staff.post(VERIFY, {"phone": NEW_PHONE, "code": other_than(code)}, format="json")

    assert r.status_code == 400
    assert not User.objects.get(phone=NEW_PHONE).is_active


@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_for_one_new_number_at_once_both_get_the_usual_answer(api, gateway):
    barrier = threading.Barrier(2)
    responses, failures = [], []

    def send(name):
        try:
            client = api()
            barrier.wait(timeout=10)
            responses.append(sign_up(lambda: client, full_name=name))
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("Ujang", "Asep")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert [(r.status_code, r.json()) for r in responses] == [
        (202, {"phone": NEW_PHONE, "minutes": 15})
    ] * 2
    [user] = User.objects.filter(phone=NEW_PHONE)
    assert user.awaiting_phone_verification and not user.is_active
    assert verify(api, received_code(gateway)).status_code == 200

"""Sending a recorded complaint's code and PIN to its reporter ("Kirim ke WhatsApp pelapor"):
through the outbox, once, and only by the office that recorded it.

The personas and the complaints whose code and PIN are sent (a walk-in with a phone number
only, one with an e-mail address too, a web complaint) are made once for the module
(`built_once`), through the same submission service the API calls: each test only queues and
delivers messages, which roll back at its end, and counts only the messages it queued.
"""

import dataclasses

import pytest

from notifications.models import Notification
from notifications.services import notification_deliver
from tests.complaints.factories import REPORTER, submit
from tests.complaints.walk_in import recorded
from tests.conftest import AROUND_A_COMPLAINT, handed_out, make_desa_a, make_personas
from tests.notifications.servers import smtp_server, whatsapp_gateway


def build_module() -> dict:
    """The personas, two walk-ins desa A's officer recorded and a web complaint. Every test
    calls as some of these people about one of these complaints and rolls back what it
    writes: they are made once for the module."""
    desa_a = make_desa_a()
    built = make_personas(*AROUND_A_COMPLAINT)
    officer = built["operator_desa_a"]
    # The reporter of a walk-in gave a phone number, no e-mail address (BODY's reporter).
    built["walk_in"] = recorded(desa_a, officer, reporter=dataclasses.replace(REPORTER, email=""))
    built["walk_in_with_email"] = recorded(desa_a, officer, reporter=REPORTER)
    built["web"] = submit(desa_a)
    return built


warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x = handed_out(
    *AROUND_A_COMPLAINT
)


def _code_and_pin(submitted) -> dict:
    """What the submission answer hands the officer once: the tracking code and the PIN."""
    return {"tracking_code": submitted.complaint.tracking_code, "pin": submitted.pin}


@pytest.fixture
def walk_in(built):
    """A walk-in desa A's officer recorded for a reporter with a phone number, no e-mail."""
    return _code_and_pin(built["walk_in"])


@pytest.fixture
def walk_in_with_email(built):
    """A walk-in whose reporter also gave siti@example.id."""
    return _code_and_pin(built["walk_in_with_email"])


@pytest.fixture
def web_complaint(built):
    """Submitted from the web by the reporter, who was shown the PIN."""
    return _code_and_pin(built["web"])


def test_the_officer_sends_code_and_pin_by_whatsapp_through_the_gateway(
    api, operator_desa_a, walk_in, settings, caplog
):
    recorded = walk_in
    code, pin = recorded["tracking_code"], recorded["pin"]
    with whatsapp_gateway() as (gateway, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "rahasia-gateway"

        r = api(operator_desa_a).post(
            f"/api/v1/complaints/{code}/pin-messages/", {"pin": pin, "channels": ["whatsapp"]}
        )
        assert r.status_code == 202, r.json()
        assert r.json() == {"channels": ["whatsapp"]}
        row = Notification.objects.get(complaint__tracking_code=code, template="submitted")
        assert pin not in str(row.payload)  # sealed in the outbox
        assert notification_deliver(notification_id=row.pk) == "sent"

    [request] = gateway.requests
    text = request["body"]["text"]["body"]
    assert request["body"]["to"] == "6281234567890"
    assert code in text and pin in text
    assert "dicatat oleh kantor Desa Jagabaya" in text
    assert REPORTER.name not in text and REPORTER.nik not in text
    logged = " ".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    assert "81234567890" not in logged and pin not in logged


def test_pressing_send_twice_queues_one_message(api, operator_desa_a, walk_in):
    recorded = walk_in
    code, pin = recorded["tracking_code"], recorded["pin"]
    client = api(operator_desa_a)

    for _ in range(2):
        r = client.post(
            f"/api/v1/complaints/{code}/pin-messages/", {"pin": pin, "channels": ["whatsapp"]}
        )
        assert r.status_code == 202, r.json()

    assert Notification.objects.filter(template="submitted", channel="whatsapp").count() == 1


def test_the_officer_sends_code_and_pin_by_email_when_an_address_is_known(
    api, operator_desa_a, walk_in_with_email, settings
):
    recorded = walk_in_with_email
    code, pin = recorded["tracking_code"], recorded["pin"]
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

        r = api(operator_desa_a).post(
            f"/api/v1/complaints/{code}/pin-messages/", {"pin": pin, "channels": ["email"]}
        )
        assert r.status_code == 202, r.json()
        row = Notification.objects.get(template="submitted", channel="email")
        assert notification_deliver(notification_id=row.pk) == "sent"

    [message] = mailbox.messages
    assert message["To"] == "siti@example.id"
    assert pin not in message["Subject"]  # mail servers log subjects
    assert pin in message.get_body(("plain",)).get_content()


def test_a_wrong_pin_or_an_unknown_address_sends_nothing(api, operator_desa_a, walk_in):
    recorded = walk_in  # a phone number, no e-mail
    code, pin = recorded["tracking_code"], recorded["pin"]
    wrong = "000000" if pin != "000000" else "111111"
    client = api(operator_desa_a)

    bad_pin = client.post(
        f"/api/v1/complaints/{code}/pin-messages/", {"pin": wrong, "channels": ["whatsapp"]}
    )
    no_email = client.post(
        f"/api/v1/complaints/{code}/pin-messages/", {"pin": pin, "channels": ["email"]}
    )

    assert bad_pin.status_code == 400 and "pin" in bad_pin.json()["fields"]
    assert no_email.status_code == 400 and "channels" in no_email.json()["fields"]
    assert not Notification.objects.filter(template="submitted").exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("operator_desa_a", 202),
        ("kades_desa_a", 403),
        ("pejabat_desa_a", 404),  # not assigned: does not see it
        ("operator_desa_b", 404),
        ("camat_x", 404),
        ("warga", 404),
        (None, 401),
    ],
)
def test_who_may_send_the_code_and_pin(request, api, walk_in, who, expected):
    recorded = walk_in
    user = request.getfixturevalue(who) if who else None

    r = api(user).post(
        f"/api/v1/complaints/{recorded['tracking_code']}/pin-messages/",
        {"pin": recorded["pin"], "channels": ["whatsapp"]},
    )

    assert r.status_code == expected, r.content


def test_a_web_complaint_s_reporter_already_has_the_pin(api, operator_desa_a, web_complaint):
    recorded = web_complaint

    r = api(operator_desa_a).post(
        f"/api/v1/complaints/{recorded['tracking_code']}/pin-messages/",
        {"pin": recorded["pin"], "channels": ["whatsapp"]},
    )

    assert r.status_code == 409, r.json()

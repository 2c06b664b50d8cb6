"""Recording a complaint for a reporter: the code and PIN come back once, a social-media
complaint keeps its post and account for the office only, and the reporter can be sent
the code and PIN through the outbox."""

import pytest
from django.test import Client

from complaints.models import Complaint
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.complaints.factories import REPORTER
from tests.complaints.test_lifecycle_api import BODY
from tests.complaints.walk_in import moved, recorded
from tests.integrations.factories import application, keyed
from tests.notifications.servers import smtp_server, whatsapp_gateway

POST = "https://www.facebook.com/groups/wargajagabaya/posts/123456789"
ACCOUNT = "Akun Ujang Cikupa"


def walk_in(api, officer, **changes):
    body = {**BODY, "channel": "walk_in", **changes}
    return api(officer).post("/api/v1/complaints/", body)


def test_a_walk_in_returns_code_and_pin_once_and_later_views_never_show_the_pin(
    api, operator_desa_a
):
    r = walk_in(api, operator_desa_a)

    assert r.status_code == 201, r.json()
    pin, code = r.json()["pin"], r.json()["tracking_code"]
    assert pin.isdigit() and len(pin) == 6
    assert r.json()["complaint"]["status"] == "received"  # the officer received it
    assert r.json()["complaint"]["register_number"]
    detail = api(operator_desa_a).get(f"/api/v1/complaints/{code}/")
    assert detail.status_code == 200
    assert "pin" not in detail.json() and pin not in detail.content.decode()
    assert pin not in Complaint.objects.get(tracking_code=code).pin_hash


def test_a_social_media_complaint_keeps_its_post_and_account_for_the_office(
    api, operator_desa_a, pejabat_desa_a
):
    r = walk_in(
        api, operator_desa_a, channel="social_media", social_post_url=POST, social_account=ACCOUNT
    )
    assert r.status_code == 201, r.json()
    code = r.json()["tracking_code"]
    assert POST not in r.content.decode()  # the submission answer is the reporter's view

    detail = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()

    assert detail["social_source"] == {"url": POST, "account": ACCOUNT}


def test_a_social_link_must_be_a_url_and_belongs_only_to_social_media(api, operator_desa_a):
    bad = walk_in(api, operator_desa_a, channel="social_media", social_post_url="bukan tautan")
    wrong_channel = walk_in(api, operator_desa_a, channel="phone", social_post_url=POST)

    assert bad.status_code == 400 and "social_post_url" in bad.json()["fields"]
    assert wrong_channel.status_code == 400, wrong_channel.json()
    assert "social_post_url" in wrong_channel.json()["fields"]
    assert not Complaint.objects.exists()


def test_the_social_source_stays_out_of_every_view_outside_the_office(
    api, desa_a, operator_desa_a, pejabat_desa_a, camat_x, warga
):
    submitted = recorded(
        desa_a,
        operator_desa_a,
        channel="social_media",
        social_post_url=POST,
        social_account=ACCOUNT,
    )
    complaint = moved(
        submitted.complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a
    )
    code = complaint.tracking_code
    _, key = application(desa_a, "complaints:read", "register:read")
    responses = {
        "tracking": api().post("/api/v1/track/", {"code": code, "pin": submitted.pin}),
        "handler": api(pejabat_desa_a).get(f"/api/v1/complaints/{code}/"),
        "kecamatan detail": api(camat_x).get(f"/api/v1/complaints/{code}/"),
        "kecamatan register": api(camat_x).get(f"/api/v1/desa/{desa_a.code}/register/"),
        "kecamatan report": api(camat_x).get(f"/api/v1/reports/kecamatan/{desa_a.parent.code}/"),
        "resident": api(warga).get(f"/api/v1/complaints/{code}/"),
        "client api": keyed(key).get(f"/api/v1/client/complaints/{code}/"),
        "client register": keyed(key).get(f"/api/v1/client/desa/{desa_a.code}/register/"),
        "open311": Client().get("/open311/v2/requests.json", {"jurisdiction_id": desa_a.code}),
    }

    assert responses["tracking"].status_code == 200
    assert responses["kecamatan register"].status_code == 200
    assert responses["client api"].status_code == 200
    assert responses["open311"].status_code == 200
    assert responses["kecamatan detail"].status_code == 404
    assert responses["handler"].json()["social_source"] == {"url": POST, "account": ACCOUNT}
    for name, response in responses.items():
        if name == "handler":
            continue
        text = response.content.decode()
        assert POST not in text and ACCOUNT not in text and "wargajagabaya" not in text, name


def test_the_answer_of_a_social_media_complaint_records_where_it_was_posted_back(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    submitted = recorded(desa_a, operator_desa_a, channel="social_media", social_post_url=POST)
    complaint = moved(
        submitted.complaint, "in_progress", officer=operator_desa_a, handler=pejabat_desa_a
    )
    reply = f"{POST}?comment_id=99"

    r = api(pejabat_desa_a).post(
        f"/api/v1/complaints/{complaint.tracking_code}/transitions/",
        {"action": "answer", "answer": "Sudah diperbaiki.", "published_to": reply},
    )

    assert r.status_code == 200, r.json()
    [entry] = [e for e in r.json()["timeline"] if e["action"] == "answer"]
    assert entry["published_to"] == reply
    tracked = api().post("/api/v1/track/", {"code": complaint.tracking_code, "pin": submitted.pin})
    [public] = [e for e in tracked.json()["timeline"] if e["action"] == "answer"]
    assert public["published_to"] is None and reply not in tracked.content.decode()


def test_only_a_social_media_answer_has_a_place_it_was_posted_back(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    complaint = moved(
        recorded(desa_a, operator_desa_a, channel="phone").complaint,
        "in_progress",
        officer=operator_desa_a,
        handler=pejabat_desa_a,
    )

    r = api(pejabat_desa_a).post(
        f"/api/v1/complaints/{complaint.tracking_code}/transitions/",
        {"action": "answer", "answer": "Sudah.", "published_to": POST},
    )

    assert r.status_code == 400 and "published_to" in r.json()["fields"]


# --- "Kirim ke WhatsApp pelapor" ----------------------------------------------------------------
def test_the_officer_sends_code_and_pin_by_whatsapp_through_the_gateway(
    api, operator_desa_a, settings, caplog
):
    recorded = walk_in(api, operator_desa_a).json()
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


def test_pressing_send_twice_queues_one_message(api, operator_desa_a):
    recorded = walk_in(api, operator_desa_a).json()
    code, pin = recorded["tracking_code"], recorded["pin"]
    client = api(operator_desa_a)

    for _ in range(2):
        r = client.post(
            f"/api/v1/complaints/{code}/pin-messages/", {"pin": pin, "channels": ["whatsapp"]}
        )
        assert r.status_code == 202, r.json()

    assert Notification.objects.filter(template="submitted", channel="whatsapp").count() == 1


def test_the_officer_sends_code_and_pin_by_email_when_an_address_is_known(
    api, operator_desa_a, settings
):
    body_reporter = {**BODY["reporter"], "email": "siti@example.id"}
    recorded = walk_in(api, operator_desa_a, reporter=body_reporter).json()
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


def test_a_wrong_pin_or_an_unknown_address_sends_nothing(api, operator_desa_a):
    recorded = walk_in(api, operator_desa_a).json()  # a phone number, no e-mail
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
def test_who_may_send_the_code_and_pin(request, api, operator_desa_a, who, expected):
    recorded = walk_in(api, operator_desa_a).json()
    user = request.getfixturevalue(who) if who else None

    r = api(user).post(
        f"/api/v1/complaints/{recorded['tracking_code']}/pin-messages/",
        {"pin": recorded["pin"], "channels": ["whatsapp"]},
    )

    assert r.status_code == expected, r.content


def test_a_web_complaint_s_reporter_already_has_the_pin(api, operator_desa_a):
    recorded = api().post("/api/v1/complaints/", BODY).json()

    r = api(operator_desa_a).post(
        f"/api/v1/complaints/{recorded['tracking_code']}/pin-messages/",
        {"pin": recorded["pin"], "channels": ["whatsapp"]},
    )

    assert r.status_code == 409, r.json()

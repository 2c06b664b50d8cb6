"""Delivery through real servers on loopback: SMTP (aiosmtpd) and a WhatsApp stand-in."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from complaints.models import Channel as ComplaintChannel
from notifications.models import Notification
from notifications.services import notification_deliver, notification_resend_due
from tests.complaints.factories import REPORTER, complaint_in, submit
from tests.notifications.servers import smtp_server, whatsapp_gateway


@pytest.fixture
def smtp(settings):
    def configure(refuse=0):
        server = smtp_server(refuse)
        mailbox, port = server.__enter__()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        opened.append(server)
        return mailbox

    opened = []
    yield configure
    for server in opened:
        server.__exit__(None, None, None)


def later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_smtp_refusal_is_recorded_and_a_later_retry_delivers(
    smtp, desa_a, operator_desa_a, settings
):
    mailbox = smtp(refuse=1)
    complaint = complaint_in("received", desa_a, officer=operator_desa_a)
    row = Notification.objects.get(complaint=complaint, template="received", channel="email")

    first = notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    too_soon = notification_deliver(notification_id=row.pk)

    assert (first, too_soon) == ("pending", "skipped")
    assert row.attempts == 1 and "451" in row.last_error
    assert mailbox.messages == []

    with later(minutes=5):
        assert notification_deliver(notification_id=row.pk) == "sent"
        assert notification_deliver(notification_id=row.pk) == "skipped"

    [message] = mailbox.messages
    assert message["To"] == REPORTER.email
    assert complaint.tracking_code in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert complaint.tracking_code in text and "<p>" in html
    assert REPORTER.nik not in text + html and REPORTER.name not in text + html


def test_whatsapp_gateway_500_twice_then_200_delivers_once(desa_a, operator_desa_a, settings):
    with whatsapp_gateway(failures=2) as (gateway, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "rahasia-gateway"
        complaint = submit(
            desa_a, actor=operator_desa_a, channel=ComplaintChannel.WHATSAPP
        ).complaint  # typed in by the officer: received at once
        row = Notification.objects.get(complaint=complaint, channel="whatsapp")

        states = []
        for minutes in (0, 10, 30, 60):
            with later(minutes):
                states.append(notification_deliver(notification_id=row.pk))

    assert states == ["pending", "pending", "sent", "skipped"]
    assert len(gateway.requests) == 3
    assert len(gateway.delivered) == 1
    keys = {r["headers"]["Idempotency-Key"] for r in gateway.requests}
    assert keys == {row.idempotency_key}
    request = gateway.requests[-1]
    assert request["headers"]["Authorization"] == "Bearer rahasia-gateway"
    assert request["headers"]["X-Signature-256"].startswith("sha256=")
    body = request["body"]
    assert (body["messaging_product"], body["to"], body["type"]) == (
        "whatsapp",
        "6281234567890",
        "text",
    )
    assert complaint.tracking_code in body["text"]["body"]
    assert REPORTER.nik not in body["text"]["body"]


def test_a_gateway_without_a_token_gets_the_message_without_credentials(
    desa_a, operator_desa_a, settings
):
    with whatsapp_gateway() as (gateway, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, ""
        complaint = submit(
            desa_a, actor=operator_desa_a, channel=ComplaintChannel.WHATSAPP
        ).complaint
        row = Notification.objects.get(complaint=complaint, channel="whatsapp")

        assert notification_deliver(notification_id=row.pk) == "sent"

    [request] = gateway.requests
    assert "Authorization" not in request["headers"]
    assert "X-Signature-256" not in request["headers"]
    assert complaint.tracking_code in request["body"]["text"]["body"]


def test_an_unconfigured_gateway_is_a_permanent_failure(desa_a, operator_desa_a, settings):
    settings.WHATSAPP_API_URL = ""
    complaint = submit(desa_a, actor=operator_desa_a, channel=ComplaintChannel.WHATSAPP).complaint
    row = Notification.objects.get(complaint=complaint, channel="whatsapp")

    assert notification_deliver(notification_id=row.pk) == "failed"
    row.refresh_from_db()
    assert "WHATSAPP_API_URL" in row.last_error
    with later(minutes=120):
        assert notification_resend_due() == 0


def test_a_row_left_sending_by_a_dead_worker_is_sent_again(desa_a, operator_desa_a):
    complaint = complaint_in("received", desa_a, officer=operator_desa_a)
    row = Notification.objects.get(complaint=complaint, channel="email")
    Notification.objects.filter(pk=row.pk).update(state="sending", claimed_at=timezone.now())

    with later(minutes=1):
        assert notification_resend_due() == 0  # still within the sending timeout
    with later(minutes=10):
        notification_resend_due()
    row.refresh_from_db()

    assert row.state == "pending"


def test_handler_reads_assignment_email_in_english_when_chosen(
    smtp, desa_a, operator_desa_a, pejabat_desa_a
):
    mailbox = smtp()
    pejabat_desa_a.email, pejabat_desa_a.language = "pejabat@jagabaya.desa.id", "en"
    pejabat_desa_a.save()
    complaint = complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    row = Notification.objects.get(complaint=complaint, template="assigned", channel="email")

    notification_deliver(notification_id=row.pk)

    [message] = mailbox.messages
    assert message["Subject"] == f"Complaint {complaint.tracking_code} is assigned to you"
    assert message["To"] == "pejabat@jagabaya.desa.id"


def test_who_gets_what_along_the_lifecycle(
    desa_a, operator_desa_a, pejabat_desa_a, warga, kades_desa_a
):
    complaint = complaint_in(
        "closed", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )

    sent = {
        (n.template, n.channel, n.recipient.username if n.recipient else None)
        for n in Notification.objects.filter(complaint=complaint)
    }
    assert sent == {
        ("new_complaint", "in_app", "petugas.a"),  # submitted on the web: the office is told
        ("received", "in_app", "+6281200001234"),
        ("received", "email", "+6281200001234"),
        ("assigned", "in_app", "pejabat.a"),
        ("answered", "in_app", "+6281200001234"),
        ("answered", "email", "+6281200001234"),
        ("closed", "in_app", "+6281200001234"),
        ("closed", "email", "+6281200001234"),
    }
    answered = Notification.objects.get(template="answered", channel="email")
    assert answered.payload["answer"] == "Sudah diperbaiki."
    assert REPORTER.nik not in str(answered.payload)


def test_the_received_notice_carries_the_register_number(smtp, desa_a, operator_desa_a):
    import re

    mailbox = smtp()
    complaint = complaint_in("received", desa_a, officer=operator_desa_a)
    row = Notification.objects.get(complaint=complaint, template="received", channel="email")

    assert notification_deliver(notification_id=row.pk) == "sent"

    text = mailbox.messages[0].get_body(("plain",)).get_content()
    number = re.search(r"(\d{3})/PGD/JGB/\d{4}", text)
    assert number, text
    assert int(number.group(1)) == complaint.register_entry.number

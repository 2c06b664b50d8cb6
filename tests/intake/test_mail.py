"""E-mail intake against a real Dovecot on loopback: each message taken once, a poll that dies
half-way loses and duplicates nothing, replies join their complaint."""

import logging
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core.cache import cache

from accounts.models import Role
from complaints.models import Complaint, Note
from intake.mail import TAKEN_KEYWORD, mailbox_poll
from intake.models import ChannelHealth, Draft, Mailbox, Media, Message, TlsMode
from intake.services import inbound_process_pending
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.accounts.factories import user_with
from tests.complaints.files import photo
from tests.intake.imap_server import imap_server  # noqa: F401  (the session fixture)
from tests.notifications.servers import smtp_server

pytestmark = pytest.mark.slow

CONVERT = {
    "kind": "complaint",
    "category": "infrastruktur",
    "title": "Saluran air tersumbat",
    "description": "Saluran di depan balai desa tersumbat.",
    "reporter": {
        "nik": "3207105505900001",
        "address": "Dusun Krajan RT 01",
        "phone": "0812-3456-7890",
    },
}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _quiet_smtp_stand_in():
    """aiosmtpd (the SMTP stand-in, not our code) logs every recipient at INFO; the suite's
    log screen would take the reporter's address in its lines for a leak of ours."""
    stand_in = logging.getLogger("mail.log")
    level = stand_in.level
    stand_in.setLevel(logging.WARNING)
    yield
    stand_in.setLevel(level)


_users = iter(range(1, 10_000))


@pytest.fixture
def mailbox(imap_server, desa_b):  # noqa: F811
    """Desa Klero's mailbox: a fresh IMAP user per test, so tests never share mail."""
    user = f"klero{next(_users)}-{id(desa_b)}"
    return Mailbox.objects.create(
        desa=desa_b,
        host=imap_server.host,
        port=imap_server.port,
        tls_mode=TlsMode.PLAIN,
        username=user,
        password=imap_server.password,
    )


def mail(
    subject="Pengaduan Masyarakat",
    body="Jalan berlubang di RT 03.",
    *,
    sender=None,
    html=None,
    attachments=(),
    headers=None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender or "Budi Santoso <budi@example.id>"
    message["To"] = "pengaduan@klero.example"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.id")
    message["Date"] = "Mon, 07 Dec 2026 08:00:00 +0700"
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
    for filename, maintype, subtype, data in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def test_two_messages_make_two_drafts_and_a_second_poll_adds_nothing(imap_server, mailbox):  # noqa: F811
    imap_server.append(mailbox.username, mail())
    imap_server.append(mailbox.username, mail(subject="Tolong", sender="ani@example.id"))

    polled = mailbox_poll(mailbox_id=mailbox.pk)
    assert (polled.stored, polled.error) == (2, "")
    inbound_process_pending()
    standard, other = Draft.objects.order_by("-standard_subject")
    assert standard.standard_subject and standard.contact == "budi@example.id"
    assert standard.contact_name == "Budi Santoso" and standard.channel == "email"
    assert not other.standard_subject and other.subject == "Tolong"
    assert standard.messages.get().body == "Jalan berlubang di RT 03."

    assert mailbox_poll(mailbox_id=mailbox.pk).stored == 0
    assert Message.objects.count() == 2 and Draft.objects.count() == 2
    assert len(imap_server.search(mailbox.username, "KEYWORD", TAKEN_KEYWORD)) == 2
    assert len(imap_server.search(mailbox.username, "UNSEEN")) == 0
    health = ChannelHealth.objects.get(desa=mailbox.desa, channel="email")
    assert health.last_received_at and health.last_error == ""


class PollerDied(Exception):
    pass


def test_a_poll_that_dies_after_storing_the_first_message_loses_and_duplicates_nothing(
    imap_server,  # noqa: F811
    mailbox,
):
    first, second = mail(subject="Satu"), mail(subject="Dua")
    imap_server.append(mailbox.username, first)
    imap_server.append(mailbox.username, second)

    def die(message):
        raise PollerDied  # stored, not yet marked on the server

    with pytest.raises(PollerDied):
        mailbox_poll(mailbox_id=mailbox.pk, after_store=die)
    assert Message.objects.count() == 1
    assert imap_server.search(mailbox.username, "KEYWORD", TAKEN_KEYWORD) == []

    again = mailbox_poll(mailbox_id=mailbox.pk)
    assert (again.seen, again.stored) == (2, 1)
    assert Message.objects.count() == 2
    inbound_process_pending()
    assert sorted(Draft.objects.values_list("subject", flat=True)) == ["Dua", "Satu"]
    assert len(imap_server.search(mailbox.username, "KEYWORD", TAKEN_KEYWORD)) == 2


def test_a_mailbox_being_polled_is_not_polled_twice(imap_server, mailbox):  # noqa: F811
    imap_server.append(mailbox.username, mail())
    cache.add(f"intake:mailbox-poll:{mailbox.pk}", "other-poller", timeout=60)
    assert mailbox_poll(mailbox_id=mailbox.pk).error == "locked"
    assert Message.objects.count() == 0
    cache.delete(f"intake:mailbox-poll:{mailbox.pk}")
    assert mailbox_poll(mailbox_id=mailbox.pk).stored == 1


def test_a_processed_folder_receives_what_was_taken(imap_server, mailbox):  # noqa: F811
    mailbox.processed_folder = "Diproses"
    mailbox.save()
    imap_server.append(mailbox.username, mail())
    assert mailbox_poll(mailbox_id=mailbox.pk).stored == 1
    assert imap_server.search(mailbox.username) == []
    assert len(imap_server.search(mailbox.username, folder="Diproses")) == 1
    assert mailbox_poll(mailbox_id=mailbox.pk).stored == 0


def test_html_mail_is_read_as_text_and_attachments_are_checked(imap_server, mailbox):  # noqa: F811
    imap_server.append(
        mailbox.username,
        mail(
            html="<html><head><style>p{}</style></head><body><p>Lampu <b>mati</b></p></body>",
            attachments=[
                ("foto.jpg", "image", "jpeg", photo()),
                ("virus.exe", "application", "octet-stream", b"MZ\x90\x00evil"),
            ],
        ),
    )
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    message = Message.objects.get()
    assert message.body == "Lampu\nmati"
    assert list(Media.objects.values_list("content_type", flat=True)) == ["image/jpeg"]
    assert "virus.exe" in message.error


def test_a_changed_password_is_recorded_on_the_channel_health(
    imap_server,  # noqa: F811
    mailbox,
    api,
):
    kades_desa_b = user_with(Role.VILLAGE_HEAD, mailbox.desa, username="kades.b")
    mailbox.password = "kata-sandi-lama"
    mailbox.save()
    polled = mailbox_poll(mailbox_id=mailbox.pk)
    assert polled.error.startswith("Login ditolak")
    r = api(kades_desa_b).get(f"/api/v1/desa/{mailbox.desa.code}/channel-health/")
    assert r.status_code == 200, r.json()
    email = next(row for row in r.json() if row["channel"] == "email")
    assert email["configured"] and email["last_error"].startswith("Login ditolak")


def test_a_reply_to_our_mail_joins_its_complaint(
    imap_server,  # noqa: F811
    mailbox,
    api,
    operator_desa_b,
    settings,
):
    imap_server.append(mailbox.username, mail())
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    draft = Draft.objects.get()
    r = api(operator_desa_b).post(f"/api/v1/drafts/{draft.pk}/convert/", CONVERT, format="json")
    assert r.status_code == 201, r.json()
    complaint = Complaint.objects.get(tracking_code=r.json()["tracking_code"])
    assert complaint.channel == "email"

    row = Notification.objects.get(complaint=complaint, template="recorded")
    assert row.channel == "email" and row.address == "budi@example.id"
    with smtp_server() as (smtp, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert notification_deliver(notification_id=row.pk) == "sent"
    [sent] = smtp.messages
    row.refresh_from_db()
    assert row.external_id == sent["Message-ID"]
    assert complaint.tracking_code in sent.get_body(("plain",)).get_content()

    reply = mail(
        subject="Re: " + sent["Subject"],
        body="Terima kasih, ini foto tambahannya.",
        headers={"In-Reply-To": sent["Message-ID"], "References": sent["Message-ID"]},
    )
    imap_server.append(mailbox.username, reply)
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    note = Note.objects.get(complaint=complaint)
    assert note.body == "[E-mail] Terima kasih, ini foto tambahannya."
    assert note.author is None and note.visibility == "public"
    assert Draft.objects.count() == 1


def test_an_officers_answer_names_the_reporters_mail_so_it_threads(
    imap_server,  # noqa: F811
    mailbox,
    api,
    operator_desa_b,
    settings,
):
    earlier = make_msgid(domain="example.id")
    imap_server.append(
        mailbox.username,
        mail(headers={"In-Reply-To": earlier, "References": f"<first@example.id> {earlier}"}),
    )
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    draft = Draft.objects.get()
    reporters = draft.messages.get().external_id

    r = api(operator_desa_b).post(
        f"/api/v1/drafts/{draft.pk}/replies/", {"text": "Lokasinya di RT berapa?"}, format="json"
    )
    assert r.status_code == 201, r.json()
    row = Notification.objects.get(template="office_reply")
    with smtp_server() as (smtp, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert notification_deliver(notification_id=row.pk) == "sent"
    [sent] = smtp.messages
    assert sent["To"] == "budi@example.id"
    assert sent["Subject"] == "Re: Pengaduan Masyarakat"
    assert sent["In-Reply-To"] == reporters
    assert sent["References"].split() == ["<first@example.id>", earlier, reporters]

    # Their answer to it joins the same draft.
    imap_server.append(
        mailbox.username,
        mail(body="RT 03.", headers={"In-Reply-To": sent["Message-ID"]}),
    )
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    assert Draft.objects.count() == 1
    assert draft.messages.filter(direction="in").count() == 2


def test_the_tracking_code_in_the_subject_joins_the_senders_complaint(
    imap_server,  # noqa: F811
    mailbox,
    api,
    operator_desa_b,
):
    imap_server.append(mailbox.username, mail())
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    draft = Draft.objects.get()
    r = api(operator_desa_b).post(f"/api/v1/drafts/{draft.pk}/convert/", CONVERT, format="json")
    code = r.json()["tracking_code"]
    imap_server.append(mailbox.username, mail(subject=f"Tambahan untuk {code}", body="Sudah?"))
    imap_server.append(
        mailbox.username,
        mail(subject=f"Tambahan untuk {code}", body="Bukan pelapornya", sender="x@example.id"),
    )
    mailbox_poll(mailbox_id=mailbox.pk)
    inbound_process_pending()
    assert list(Note.objects.values_list("body", flat=True)) == ["[E-mail] Sudah?"]
    assert Draft.objects.count() == 2  # the stranger's mail is a draft of its own

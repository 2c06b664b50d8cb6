"""The desa's own mailbox, polled over IMAP (imap-tools): each new e-mail becomes a draft.

Order matters for a poll that dies half-way: a message is first stored by its Message-ID
(unique per desa mailbox, in the database), then marked on the server (the keyword below and
\\Seen, or moved to the processed folder). A poll killed between the two finds the message
unmarked next time, finds its row, stores nothing and marks it then; one killed before storing
takes it next time. A Redis lock with an expiry keeps two pollers off one mailbox.
"""

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from imap_tools import AND, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessageFlags
from imap_tools.errors import MailboxLoginError

from common.clock import current_time
from intake.media import media_accepted
from intake.models import Channel, Direction, Mailbox, Message, TlsMode
from intake.services import health_checked, health_received, inbound_process_pending, media_keep

log = logging.getLogger(__name__)

# The keyword a taken message carries on the server (when there is no processed folder).
TAKEN_KEYWORD = "PengaduanDiambil"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Attachments kept per e-mail; the rest are named in the draft but not stored.
MAX_ATTACHMENTS = 10


@dataclass(frozen=True)
class Polled:
    stored: int
    seen: int
    error: str = ""


def _connect(mailbox: Mailbox):
    timeout = settings.IMAP_TIMEOUT
    if mailbox.tls_mode == TlsMode.SSL:
        return MailBox(mailbox.host, mailbox.port, timeout=timeout)
    if mailbox.tls_mode == TlsMode.STARTTLS:
        return MailBoxStartTls(mailbox.host, mailbox.port, timeout=timeout)
    if mailbox.host not in LOOPBACK and not settings.IMAP_ALLOW_PLAIN:
        # The password would cross the network in clear.
        raise ValueError("a mailbox without TLS is allowed on loopback only (IMAP_ALLOW_PLAIN)")
    return MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=timeout)


def mailbox_poll(
    *, mailbox_id: int, after_store: Callable[[Message], None] | None = None
) -> Polled:
    """Take the new messages of one desa mailbox. Returns what was stored; a mailbox being
    polled elsewhere is skipped. Failures (login refused, server away) are recorded on the
    channel's health for the village head, never raised."""
    lock = f"intake:mailbox-poll:{mailbox_id}"
    if not cache.add(lock, secrets.token_hex(8), timeout=settings.IMAP_LOCK_SECONDS):
        return Polled(0, 0, "locked")
    try:
        mailbox = Mailbox.objects.select_related("desa").get(pk=mailbox_id)
        return _poll(mailbox, after_store)
    finally:
        cache.delete(lock)


def _poll(mailbox: Mailbox, after_store) -> Polled:
    stored = seen = 0
    try:
        with _connect(mailbox).login(
            mailbox.username, mailbox.password, initial_folder=mailbox.folder
        ) as client:
            criteria = AND(no_keyword=TAKEN_KEYWORD) if not mailbox.processed_folder else "ALL"
            for mail in client.fetch(criteria, mark_seen=False, bulk=50):
                seen += 1
                message, created = _store(mailbox, mail)
                if created:
                    stored += 1
                    if after_store is not None:
                        after_store(message)
                _mark_taken(client, mailbox, mail.uid)
    except MailboxLoginError:
        error = _("Login refused: check the mailbox user name and password.")
        log.warning("mailbox login refused", extra={"mailbox": mailbox.pk})
        health_checked(desa_id=mailbox.desa_id, channel=Channel.EMAIL, error=error)
        return Polled(stored, seen, error)
    except (OSError, ValueError) as exc:
        error = _("Mailbox unreachable: %(error)s") % {"error": f"{exc.__class__.__name__}: {exc}"}
        log.warning("mailbox poll failed", extra={"mailbox": mailbox.pk}, exc_info=True)
        health_checked(desa_id=mailbox.desa_id, channel=Channel.EMAIL, error=error)
        return Polled(stored, seen, error)
    health_checked(desa_id=mailbox.desa_id, channel=Channel.EMAIL)
    if stored:
        health_received(desa_id=mailbox.desa_id, channel=Channel.EMAIL, at=current_time())
    return Polled(stored, seen)


def _mark_taken(client, mailbox: Mailbox, uid: str | None) -> None:
    if not uid:
        return
    client.flag(uid, [MailMessageFlags.SEEN, TAKEN_KEYWORD], True)
    if mailbox.processed_folder:
        if not client.folder.exists(mailbox.processed_folder):
            client.folder.create(mailbox.processed_folder)
        client.move(uid, mailbox.processed_folder)


def message_id_of(mail) -> str:
    """The Message-ID, or for a message without one a digest of what identifies it."""
    given = (mail.headers.get("message-id") or ("",))[0].strip()
    if given:
        return given[:255]
    basis = f"{mail.from_}|{mail.date_str}|{mail.subject}|{len(mail.text or mail.html or '')}"
    return "<sha256:" + hashlib.sha256(basis.encode()).hexdigest() + ">"


def plain_text(mail) -> str:
    if (mail.text or "").strip():
        return mail.text.strip()
    soup = BeautifulSoup(mail.html or "", "html.parser")
    for hidden in soup(["script", "style", "head"]):
        hidden.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def _references(mail) -> list[str]:
    found = []
    for header in ("in-reply-to", "references"):
        for value in mail.headers.get(header, ()):
            found.extend(value.split())
    return found


def _store(mailbox: Mailbox, mail) -> tuple[Message, bool]:
    """Store one e-mail once (by Message-ID) with its checked attachments."""
    external_id = message_id_of(mail)
    existing = Message.objects.filter(
        desa_id=mailbox.desa_id, channel=Channel.EMAIL, external_id=external_id
    ).first()
    if existing is not None:
        return existing, False
    raw = {
        "from": (mail.from_ or "").strip().lower(),
        "name": mail.from_values.name if mail.from_values else "",
        "subject": mail.subject or "",
        "text": plain_text(mail),
        "references": _references(mail),
        "attachments": [a.filename for a in mail.attachments],
    }
    try:
        with transaction.atomic():
            message = Message.objects.create(
                desa_id=mailbox.desa_id,
                channel=Channel.EMAIL,
                direction=Direction.INBOUND,
                external_id=external_id,
                raw=json.dumps(raw),
                sent_at=mail.date if mail.date and mail.date.tzinfo else current_time(),
            )
            refused = []
            for attachment in mail.attachments[:MAX_ATTACHMENTS]:
                try:
                    content_type, data = media_accepted(attachment.payload)
                except ValidationError:
                    refused.append(attachment.filename or "?")
                    continue
                if len(data) > settings.ATTACHMENT_MAX_BYTES:
                    refused.append(attachment.filename or "?")
                    continue
                media_keep(message=message, data=data, content_type=content_type)
            if refused:
                Message.objects.filter(pk=message.pk).update(
                    error="not kept: " + ", ".join(refused)[:400]
                )
    except IntegrityError:  # another poller stored it first
        return Message.objects.get(
            desa_id=mailbox.desa_id, channel=Channel.EMAIL, external_id=external_id
        ), False
    return message, True


def mailboxes_poll() -> int:
    """Periodic: poll every enabled mailbox, then read what came into drafts."""
    stored = 0
    for mailbox_id in Mailbox.objects.filter(enabled=True).values_list("pk", flat=True):
        stored += mailbox_poll(mailbox_id=mailbox_id).stored
    if stored:
        inbound_process_pending()
    return stored

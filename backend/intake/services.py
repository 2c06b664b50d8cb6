"""Every write of the intake: messages stored as they arrive, drafts, and what the officer does
with a draft (make it a complaint, dismiss it, reply).

Storing and reading are apart on purpose. The webhook (and the mailbox poll) only store the
raw message once by its channel id and enqueue `intake.tasks.process`; Meta retries a webhook
that answers slowly, so everything slow — media downloads, automatic answers — happens in the
task (`inbound_process_pending`), which is safe to run twice and also runs from beat.
"""

import contextlib
import hmac
import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import can_act_in
from common.clock import current_time
from common.crypto import blind_index
from common.errors import InvalidTransition, NotAllowed
from common.phone import phone_or_none
from complaints.attachments import AUDIO_TYPES as ATTACHMENT_AUDIO_TYPES
from complaints.attachments import attachment_add
from complaints.identity import tracking_code_normalise
from complaints.models import Channel as ComplaintChannel
from complaints.models import Complaint, IdentityAccess, Note, Visibility
from complaints.services import ReporterData, complaint_submit
from complaints.state import TERMINAL
from config.celery import app as celery_app
from intake import selectors, whatsapp
from intake.media import media_accepted
from intake.models import (
    Channel,
    ChannelHealth,
    Direction,
    DismissReason,
    Draft,
    DraftState,
    Media,
    Message,
    MessageKind,
    StatusReceipt,
)
from notifications.models import Channel as NotificationChannel
from notifications.models import Notification
from notifications.services import notify_contact, notify_recorded_for_reporter
from regions.models import DesaContact
from sla.models import ComplaintSla

log = logging.getLogger(__name__)

PROCESS_TASK = "intake.tasks.process"
# Messages read per task run; a longer backlog is taken by the next run (beat, or re-enqueue).
PROCESS_BATCH = 200
# Up while a processing task is queued and has not started reading (`enqueue_processing`);
# beat's interval, so a task lost with the broker holds nothing back longer than beat would.
PROCESS_QUEUED_KEY = "intake:process-queued"
PROCESS_QUEUED_TTL = 60
# "STATUS PGD7K3M9XQ" (any case, dashes and spaces in the code allowed).
STATUS_COMMAND = re.compile(r"^\s*status\s+([A-Za-z0-9][A-Za-z0-9 -]{5,20})\s*$", re.IGNORECASE)
# Receipts only move forward: a late "delivered" never undoes "read".
RECEIPT_ORDER = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}


def contact_index(channel: str, contact: str) -> str:
    """The keyed hash a contact is found by; the same as a reporter's `phone_index` for a
    WhatsApp number, so a complaint typed in with that number matches too."""
    return blind_index(contact.strip().lower() if channel == Channel.EMAIL else contact)


def wa_number(wa_id: str) -> str:
    """WhatsApp's `wa_id` (digits with country code) → E.164."""
    digits = re.sub(r"\D", "", wa_id)
    return phone_or_none("+" + digits) or "+" + digits


# --- storing what arrives -------------------------------------------------------------------
@dataclass(frozen=True)
class Stored:
    messages: int
    receipts: int
    unknown_numbers: int


def whatsapp_webhook_store(*, payload: dict) -> Stored:
    """Store the messages and receipts of one verified webhook body, each once, and enqueue
    their processing after commit. A receiving number no desa has stores nothing and is
    logged (its id only): Meta must still get its 200, or it retries for days.

    Meta sends one notification per message, so this is the intake's hot path: one INSERT
    committing alone, which finds the number's desa itself, and one Redis `SET NX` (the
    enqueue flag). See docs/channels.md § What a webhook costs."""
    inbound, receipts = whatsapp.notifications_of(payload)
    messages = [
        (
            item.phone_number_id,
            Message(
                channel=Channel.WHATSAPP,
                direction=Direction.INBOUND,
                external_id=str(item.message["id"])[:255],
                raw=json.dumps({"message": item.message, "name": item.profile_name}),
                sent_at=whatsapp.moment(item.message.get("timestamp")),
            ),
        )
        for item in inbound
    ]
    statuses = [
        (r.phone_number_id, StatusReceipt(message_id=r.message_id, status=r.status, at=r.at))
        for r in receipts
    ]
    # One statement commits alone (atomic, and durable once PostgreSQL answers): no
    # BEGIN/COMMIT round trips for the usual notification, one message and nothing else.
    with transaction.atomic() if len(messages) + len(statuses) > 1 else contextlib.nullcontext():
        stored = _insert_at_desa_of_number(Message, messages)
        stored_receipts = _insert_at_desa_of_number(StatusReceipt, statuses)
        if stored or stored_receipts:
            # Right away when there was no transaction to wait for.
            transaction.on_commit(enqueue_processing)
    unknown: set[str] = set()
    if stored + stored_receipts < len(messages) + len(statuses):
        # A retry of what is stored already, or a number no desa has: only that is logged.
        numbers = {number for number, _row in [*messages, *statuses]}
        unknown = numbers - set(
            DesaContact.objects.filter(whatsapp_phone_number_id__in=numbers).values_list(
                "whatsapp_phone_number_id", flat=True
            )
        )
        for number_id in sorted(unknown):
            log.warning("whatsapp webhook for an unknown phone number id", extra={"id": number_id})
    return Stored(stored, stored_receipts, len(unknown))


def _insert_at_desa_of_number(model: type[models.Model], rows: list[tuple[str, Any]]) -> int:
    """Insert each row at the desa whose contact settings name its receiving number, as
    `INSERT … SELECT … FROM regions_desacontact … ON CONFLICT DO NOTHING`; the number of rows
    stored (a retry, or a number no desa has, stores none).

    The desa is looked up by the INSERT itself: no lookup before it, and no cache to keep
    true when a number moves to another desa. Values are prepared by the model's own fields
    (encrypted fields encrypt, `auto_now_add` fills in); the caller's transaction, or the
    statement's own."""
    if not rows:
        return 0
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname != "desa_id"
    ]
    stored = 0
    with connection.cursor() as cursor:
        for number_id, row in rows:
            values = [
                (field, field.get_db_prep_save(field.pre_save(row, add=True), connection))
                for field in fields
            ]
            # A NULL would be sent untyped; the column's own NULL is the same value.
            values = [(field, value) for field, value in values if value is not None]
            columns = ", ".join(connection.ops.quote_name(field.column) for field, _ in values)
            # `<> ''` repeats the unique index's condition, so a generic plan can use it.
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} (desa_id, {columns}) "  # noqa: S608 - names from the model
                f"SELECT desa_id, {', '.join(['%s'] * len(values))} "
                f"FROM {DesaContact._meta.db_table} "
                "WHERE whatsapp_phone_number_id = %s AND whatsapp_phone_number_id <> '' "
                "ON CONFLICT DO NOTHING",
                [*(value for _field, value in values), number_id],
            )
            stored += cursor.rowcount
    return stored


def enqueue_processing() -> None:
    """Hand the processing to the worker, once for all that is stored meanwhile; never raises
    (the beat entry picks up what is left).

    A task already waiting in the queue reads every message committed before it starts, so
    while the flag is up (set here, taken down by `inbound_process_pending` before it reads)
    nothing is sent: a burst of webhooks costs one task, not one broker round trip each. The
    flag expires on its own, so a task lost with the broker delays nothing longer than beat."""
    if not cache.add(PROCESS_QUEUED_KEY, 1, timeout=PROCESS_QUEUED_TTL):
        return
    try:
        with celery_app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=0)
            celery_app.send_task(PROCESS_TASK, producer=producer, retry=False, ignore_result=True)
    except Exception:
        cache.delete(PROCESS_QUEUED_KEY)  # the next message tries again
        log.warning("intake enqueue failed", exc_info=True)


def health_received(*, desa_id: int, channel: str, at: datetime) -> None:
    ChannelHealth.objects.update_or_create(
        desa_id=desa_id, channel=channel, defaults={"last_received_at": at, "last_checked_at": at}
    )


def health_checked(*, desa_id: int, channel: str, error: str = "") -> None:
    """A poll finished (error empty) or failed; the error stays until the next success."""
    now = current_time()
    fields: dict = {"last_checked_at": now}
    if error:
        fields.update(last_error=error[:2000], last_error_at=now)
    else:
        fields["last_error"] = ""
    ChannelHealth.objects.update_or_create(desa_id=desa_id, channel=channel, defaults=fields)


# --- reading what was stored ----------------------------------------------------------------
def inbound_process_pending(*, limit: int = PROCESS_BATCH) -> int:
    """Read stored messages not yet read: into drafts, onto complaints, or answered (STATUS).
    Then fetch the media of those that carry one, and match delivery receipts. Safe to run
    twice and concurrently: each message is claimed under a row lock (skip locked)."""
    # Down before reading: a message committed from now on enqueues a task of its own.
    cache.delete(PROCESS_QUEUED_KEY)
    done = 0
    # WhatsApp's "last received" per desa, written once a run here rather than by the
    # webhook (the request only stores; health is read in hours). The mailbox poll writes
    # its own.
    received: dict[int, datetime] = {}
    while done < limit:
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(skip_locked=True)
                .filter(direction=Direction.INBOUND, processed_at__isnull=True)
                .order_by("sent_at", "id")
                .first()
            )
            if message is None:
                break
            if message.channel == Channel.WHATSAPP:
                received[message.desa_id] = max(
                    message.stored_at, received.get(message.desa_id, message.stored_at)
                )
            try:
                with transaction.atomic():  # a savepoint: a bad message must not block the rest
                    _process(message)
            except Exception as exc:
                log.exception(
                    "intake message could not be read", extra={"intake_message": message.pk}
                )
                Message.objects.filter(pk=message.pk).update(
                    processed_at=current_time(), error=f"not read: {exc.__class__.__name__}"
                )
            done += 1
    for desa_id, at in received.items():
        health_received(desa_id=desa_id, channel=Channel.WHATSAPP, at=at)
    media_fetch_pending()
    receipts_match()
    if done == limit:
        enqueue_processing()  # more may wait: the next batch now, not at beat's next turn
    return done


def _process(message: Message) -> None:
    """One inbound message, inside the claiming transaction (no network I/O here)."""
    raw = json.loads(message.raw or "{}")
    if message.channel == Channel.WHATSAPP:
        body = raw.get("message") or {}
        contact = wa_number(str(body.get("from") or ""))
        name = raw.get("name") or ""
        kind = body.get("type")
        if kind in whatsapp.SUPPORTED_TYPES:
            message.kind = kind
        else:
            message.kind = MessageKind.UNSUPPORTED
            message.unsupported_type = str(kind or "")[:32]
        message.body = whatsapp.text_of(body)
        subject = ""
    else:
        contact, name = raw.get("from", ""), raw.get("name", "")
        message.kind = MessageKind.EMAIL
        message.body = raw.get("text", "")
        subject = raw.get("subject", "")
    message.sender_index = contact_index(message.channel, contact)
    message.processed_at = current_time()

    code = _status_command(message)
    if code:
        _answer_status(message, contact=contact, code=code)
        message.save()
        return
    complaint = _complaint_joined(message, raw)
    if complaint is not None:
        note = Note.objects.create(
            complaint=complaint,
            author=None,
            body=_note_body(message),
            visibility=Visibility.PUBLIC,
        )
        message.draft = Draft.objects.filter(complaint=complaint).first()
        if message.draft is not None:
            # The reporter wrote: WhatsApp's 24 hours for free-text replies start again.
            Draft.objects.filter(pk=message.draft.pk, last_inbound_at__lt=message.sent_at).update(
                last_inbound_at=message.sent_at
            )
        message.note = note
        message.save()
        return
    message.draft = _draft_for(
        message,
        contact=contact,
        name=name,
        subject=subject,
        raw_references=raw.get("references", []),
    )
    message.save()


def _status_command(message: Message) -> str:
    if message.kind not in (MessageKind.TEXT, MessageKind.EMAIL):
        return ""
    text = message.body if message.kind == MessageKind.TEXT else message.body.strip()
    match = STATUS_COMMAND.match(text.splitlines()[0] if text.strip() else "")
    return tracking_code_normalise(match.group(1)) if match else ""


def _complaints_of_sender(message: Message) -> Q:
    """Complaints whose reporter wrote from this contact: made from their draft, or typed in
    with the same number (the reporter's phone index)."""
    return Q(intake_draft__contact_index=message.sender_index) | Q(
        identity__phone_index=message.sender_index
    )


def _answer_status(message: Message, *, contact: str, code: str) -> None:
    """The current state and deadline of one of the sender's own complaints; any other code,
    the sender's or not, gets the same "not found for this number"."""
    complaint = (
        Complaint.objects.filter(_complaints_of_sender(message), tracking_code=code)
        .select_related("desa")
        .first()
    )
    if complaint is None:
        template, payload = "status_unknown", {"code": code}
    else:
        clock = ComplaintSla.objects.filter(complaint=complaint).first()
        running = clock is not None and clock.state == "running" and clock.deadline
        template = "status_reply"
        payload = {
            "code": complaint.tracking_code,
            "title": complaint.title,
            "desa": complaint.desa.name,
            "tz": complaint.desa.timezone,
            "status": str(complaint.get_status_display()),
            "deadline": clock.deadline.isoformat() if running else None,
            "due_on": clock.due_on.isoformat() if running else None,
        }
    _send(message, contact=contact, template=template, payload=payload, draft=None)


def _complaint_joined(message: Message, raw: dict) -> Complaint | None:
    """The sender's open complaint this message belongs to, or None.

    E-mail: a reply naming a Message-ID we sent about the complaint, or its tracking code in
    the subject. WhatsApp: the newest open complaint made from this number's draft at this
    desa, unless a draft of theirs is still open (they are still telling the office).
    """
    open_complaints = Complaint.objects.filter(desa_id=message.desa_id).exclude(status__in=TERMINAL)
    if message.channel == Channel.EMAIL:
        references = [ref for ref in raw.get("references", []) if ref]
        by_reply = open_complaints.filter(
            pk__in=Notification.objects.filter(external_id__in=references)
            .exclude(complaint=None)
            .values("complaint_id")
        )
        found = by_reply.order_by("-submitted_at").first()
        if found is None:
            codes = re.findall(r"[2-9A-HJ-NP-TV-Z]{10}", (raw.get("subject") or "").upper())
            if codes:
                found = open_complaints.filter(
                    _complaints_of_sender(message), tracking_code__in=codes
                ).first()
        return found
    if _open_draft(message) is not None:
        return None
    return (
        open_complaints.filter(intake_draft__contact_index=message.sender_index)
        .order_by("-submitted_at")
        .first()
    )


def _note_body(message: Message) -> str:
    label = {Channel.WHATSAPP: "WhatsApp", Channel.EMAIL: "E-mail"}[Channel(message.channel)]
    text = message.body or f"[{message.get_kind_display()}]"
    return f"[{label}] {text}"


def _open_draft(message: Message) -> Draft | None:
    window = timedelta(hours=settings.WHATSAPP_CONVERSATION_WINDOW_HOURS)
    return (
        Draft.objects.select_for_update()
        .filter(
            desa_id=message.desa_id,
            channel=message.channel,
            contact_index=message.sender_index,
            state=DraftState.OPEN,
            last_inbound_at__gte=message.sent_at - window,
        )
        .order_by("-last_inbound_at")
        .first()
    )


def _draft_replied_to(message: Message, references: list[str]) -> Draft | None:
    """The open draft whose office reply this e-mail answers (In-Reply-To / References)."""
    references = [ref for ref in references if ref]
    if not references:
        return None
    return (
        Draft.objects.select_for_update(of=("self",))
        .filter(
            state=DraftState.OPEN,
            desa_id=message.desa_id,
            messages__notification__external_id__in=references,
        )
        .first()
    )


def _draft_for(
    message: Message, *, contact: str, name: str, subject: str, raw_references: list[str]
) -> Draft:
    """The sender's open draft within the conversation window (WhatsApp), the draft an e-mail
    replies to, or a new one."""
    if message.channel == Channel.WHATSAPP:
        draft = _open_draft(message)
    else:
        draft = _draft_replied_to(message, raw_references)
    if draft is None:
        return Draft.objects.create(
            desa_id=message.desa_id,
            channel=message.channel,
            contact=contact,
            contact_name=name,
            contact_index=message.sender_index,
            subject=subject[:300],
            standard_subject=_standard_subject(message.channel, subject),
            last_inbound_at=message.sent_at,
        )
    updates = {"last_inbound_at": max(draft.last_inbound_at, message.sent_at)}
    if name and not draft.contact_name:
        updates["contact_name"] = name
    for field, value in updates.items():
        setattr(draft, field, value)
    draft.save(update_fields=list(updates))
    return draft


# Desa Klero's complaint form mails with this subject.
STANDARD_SUBJECT = "pengaduan masyarakat"


def _standard_subject(channel: str, subject: str) -> bool:
    if channel != Channel.EMAIL:
        return True
    return STANDARD_SUBJECT in " ".join(subject.lower().split())


def _send(
    message: Message | None,
    *,
    contact: str,
    template: str,
    payload: dict,
    draft: Draft | None,
    desa_id: int | None = None,
    channel: str | None = None,
    author: User | None = None,
    event: str | None = None,
    body: str = "",
    complaint: Complaint | None = None,
) -> Message:
    """Queue a message to a contact through the outbox and record it in the conversation."""
    channel = channel or message.channel  # type: ignore[union-attr]
    desa_id = desa_id or message.desa_id  # type: ignore[union-attr]
    event = event or f"intake:m{message.pk}"  # type: ignore[union-attr]
    row = notify_contact(
        event=event,
        template=template,
        payload=payload,
        channel=NotificationChannel.EMAIL
        if channel == Channel.EMAIL
        else NotificationChannel.WHATSAPP,
        address=contact,
        complaint=complaint,
    )
    outbound, _created = Message.objects.get_or_create(
        desa_id=desa_id,
        channel=channel,
        external_id=f"out:{row.idempotency_key}"[:255],
        defaults={
            "direction": Direction.OUTBOUND,
            "draft": draft,
            "kind": MessageKind.TEMPLATE if payload.get("wa_template") else MessageKind.TEXT,
            "body": body or payload.get("text") or "",
            "notification": row,
            "author": author,
            "sent_at": current_time(),
            "processed_at": current_time(),
        },
    )
    return outbound


# --- media ----------------------------------------------------------------------------------
def media_fetch_pending() -> int:
    """Download, check and keep the media of processed WhatsApp messages that have none yet.

    Network I/O outside any transaction. A message is claimed by a conditional update of its
    `error` marker, so two runs never fetch the same media; a transient failure clears the
    claim for the next run, a permanent one (refused type, too large) stays recorded."""
    fetched = 0
    candidates = Message.objects.filter(
        channel=Channel.WHATSAPP,
        direction=Direction.INBOUND,
        kind__in=whatsapp.MEDIA_TYPES,
        processed_at__isnull=False,
        media__isnull=True,
        error="",
    ).values_list("pk", flat=True)[:50]
    for pk in list(candidates):
        if not Message.objects.filter(pk=pk, error="").update(error="fetching"):
            continue
        message = Message.objects.select_related("desa").get(pk=pk)
        part = json.loads(message.raw).get("message", {}).get(message.kind) or {}
        try:
            data = whatsapp.media_download(
                str(part.get("id", "")), limit=settings.ATTACHMENT_MAX_BYTES
            )
            content_type, data = media_accepted(data)
        except whatsapp.MediaError as exc:
            error = str(exc) if exc.permanent else ""
            Message.objects.filter(pk=pk).update(error=error)
            log.warning(
                "whatsapp media not kept", extra={"intake_message": pk, "permanent": exc.permanent}
            )
            continue
        except ValidationError as exc:
            Message.objects.filter(pk=pk).update(error="; ".join(exc.messages)[:500])
            continue
        media_keep(message=message, data=data, content_type=content_type)
        Message.objects.filter(pk=pk).update(error="")
        fetched += 1
    return fetched


def media_keep(*, message: Message, data: bytes, content_type: str) -> Media:
    token = secrets.token_urlsafe(24)
    media = Media(message=message, token=token, content_type=content_type, size=len(data))
    media.file.save(token, ContentFile(data), save=False)
    try:
        media.save()
    except Exception:
        media.file.delete(save=False)
        raise
    return media


def receipts_match() -> int:
    """Give each outbound message the furthest delivery receipt Meta sent for it."""
    matched = 0
    for receipt in StatusReceipt.objects.filter(matched=False).order_by("at")[:500]:
        outbound = Message.objects.filter(
            direction=Direction.OUTBOUND, notification__external_id=receipt.message_id
        ).first()
        if outbound is not None:
            current = RECEIPT_ORDER.get(outbound.delivery_status, 0)
            if RECEIPT_ORDER.get(receipt.status, 0) > current:
                Message.objects.filter(pk=outbound.pk).update(delivery_status=receipt.status)
            matched += 1
        StatusReceipt.objects.filter(pk=receipt.pk).update(matched=outbound is not None)
    return matched


# --- what the officer does with a draft -----------------------------------------------------
def draft_read(*, actor: User, draft_id: int) -> Draft:
    """One draft with its contact (the number or address, the name) and conversation, for
    the desa's office; the read is written to the desa's identity access log (who, when,
    which draft), which its village head reads. NotFound outside the actor's desa, with
    nothing logged."""
    draft = selectors.draft_get(actor=actor, draft_id=draft_id)
    IdentityAccess.objects.create(
        draft=draft, desa_id=draft.desa_id, actor=actor, purpose=IdentityAccess.Purpose.DRAFT
    )
    return draft


def _require_intake(actor: User, draft: Draft) -> None:
    if not can_act_in(actor, {Role.INTAKE_OFFICER}, draft.desa):
        raise NotAllowed()


def _locked_open(draft: Draft) -> Draft:
    locked = Draft.objects.select_for_update().select_related("desa").get(pk=draft.pk)
    if locked.state != DraftState.OPEN:
        raise InvalidTransition(
            _("This draft was already handled (%(state)s).")
            % {"state": locked.get_state_display()},
            extra={"allowed_actions": []},
        )
    return locked


@dataclass(frozen=True)
class Converted:
    draft: Draft
    complaint: Complaint


@transaction.atomic
def draft_convert(
    *,
    draft: Draft,
    actor: User,
    kind: str,
    category: str,
    title: str,
    description: str,
    anonymous: bool = False,
    reporter: dict | None = None,
    urgency: str = "medium",
    impact: str = "medium",
    urgent: bool | None = None,
) -> Converted:
    """Make the draft a complaint recorded by the intake officer (received at once, so it
    takes its register number), carry the conversation's media over as attachments, and send
    the reporter the tracking code and PIN where they wrote from. Once only: a second
    conversion (or one after a dismissal) is refused with 409. `urgent`: what the
    reporter's messages say of "mendesak?", as the officer read it (None: nothing)."""
    _require_intake(actor, draft)
    draft = _locked_open(draft)
    reporter_data = None
    if not anonymous:
        given = reporter or {}
        phone = given.get("phone") or (draft.contact if draft.channel == Channel.WHATSAPP else "")
        email = given.get("email") or (draft.contact if draft.channel == Channel.EMAIL else "")
        reporter_data = ReporterData(
            name=given.get("name") or draft.contact_name,
            nik=given.get("nik", ""),
            phone=phone,
            address=given.get("address", ""),
            email=email,
        )
    submitted = complaint_submit(
        desa_code=draft.desa.code,
        kind=kind,
        category_slug=category,
        channel=ComplaintChannel.WHATSAPP
        if draft.channel == Channel.WHATSAPP
        else ComplaintChannel.EMAIL,
        title=title,
        description=description,
        anonymous=anonymous,
        reporter=reporter_data,
        actor=actor,
        urgency=urgency,
        impact=impact,
        reporter_urgent=urgent,
    )
    complaint = submitted.complaint
    for media in Media.objects.filter(message__draft=draft).order_by("message__sent_at"):
        _carry_over(media, complaint=complaint, actor=actor)
    Draft.objects.filter(pk=draft.pk).update(
        state=DraftState.CONVERTED, complaint=complaint, closed_by=actor, closed_at=current_time()
    )
    draft.refresh_from_db()
    notify_recorded_for_reporter(complaint=complaint, pin=submitted.pin, contact=draft.contact)
    return Converted(draft, complaint)


def _carry_over(media: Media, *, complaint: Complaint, actor: User) -> None:
    """A photo or document becomes an attachment the reporter sees; a voice note a staff-only
    attachment (a voice identifies its speaker). An AMR recording, which browsers cannot
    play, stays on the draft, which the complaint links to."""
    voice_note = media.content_type in ATTACHMENT_AUDIO_TYPES
    if (
        not voice_note
        and not media.content_type.startswith("image/")
        and media.content_type != "application/pdf"
    ):
        return
    with media.file.open("rb") as stored:
        upload = ContentFile(stored.read(), name=media.token)
    try:
        attachment_add(
            complaint=complaint,
            actor=actor,
            upload=upload,
            visibility=Visibility.STAFF if voice_note else Visibility.PUBLIC,
            keep_location=False,
            voice_note=voice_note,
        )
    except ValidationError:
        # Over the attachment limit: the rest stays readable on the draft.
        pass


@transaction.atomic
def draft_dismiss(*, draft: Draft, actor: User, reason: str) -> Draft:
    """Close a draft as spam or not a complaint: nothing enters the register."""
    _require_intake(actor, draft)
    draft = _locked_open(draft)
    Draft.objects.filter(pk=draft.pk).update(
        state=DraftState.DISMISSED,
        dismiss_reason=DismissReason(reason),
        closed_by=actor,
        closed_at=current_time(),
    )
    draft.refresh_from_db()
    return draft


def service_window_ends(draft: Draft) -> datetime | None:
    """Until when free text may go to a WhatsApp contact (Meta's customer-service window,
    from their last message); None for e-mail, which has no such window."""
    if draft.channel != Channel.WHATSAPP:
        return None
    return draft.last_inbound_at + timedelta(hours=settings.WHATSAPP_SERVICE_WINDOW_HOURS)


@transaction.atomic
def draft_reply(
    *, draft: Draft, actor: User, text: str = "", template: dict | None = None
) -> Message:
    """The officer writes back to the draft's contact, through the outbox.

    WhatsApp allows free text only within 24 hours of the contact's last message; after that
    only an approved template message (409 says so). E-mail has no window."""
    _require_intake(actor, draft)
    draft = Draft.objects.select_related("desa").get(pk=draft.pk)
    if draft.state == DraftState.DISMISSED:
        raise InvalidTransition(
            _("This draft was dismissed; it cannot be answered."), extra={"allowed_actions": []}
        )
    payload: dict = {"desa": draft.desa.name}
    if template is not None:
        if draft.channel != Channel.WHATSAPP:
            raise ValidationError({"template": _("Template messages are for WhatsApp only.")})
        chosen = _template(template)
        payload["wa_template"] = whatsapp.template_request(
            name=chosen.name, language=chosen.language, parameters=template["parameters"]
        )
        body = f"[{chosen.name}] " + " | ".join(template["parameters"])
    else:
        if not text.strip():
            raise ValidationError({"text": _("Write the message.")})
        ends = service_window_ends(draft)
        if ends is not None and current_time() > ends:
            raise InvalidTransition(
                _(
                    "More than 24 hours have passed since this person last wrote: WhatsApp "
                    "delivers only an approved template message now."
                ),
                extra={"allowed_actions": ["template"]},
            )
        payload["text"] = text.strip()
        if draft.channel == Channel.EMAIL and draft.subject:
            payload["subject"] = "Re: " + draft.subject
        if draft.channel == Channel.EMAIL:
            payload["email_thread"] = _email_thread(draft)
        body = text.strip()
    return _send(
        None,
        contact=draft.contact,
        template="office_reply",
        payload=payload,
        draft=draft,
        desa_id=draft.desa_id,
        channel=draft.channel,
        author=actor,
        event=f"intake:d{draft.pk}:r{secrets.token_hex(6)}",
        body=body,
        complaint=draft.complaint,
    )


# An e-mail without a Message-ID is stored under a digest (intake.mail.message_id_of): no
# mail client knows that name, so an answer cannot refer to it.
_DIGEST_ID = "<sha256:"
# RFC 5322 lets References grow with the conversation; the last few are what clients use.
_REFERENCES_KEPT = 10


def _email_thread(draft: Draft) -> dict:
    """In-Reply-To and References of an answer to the reporter's last e-mail on the draft,
    so their mail client threads it under what they wrote; {} when none can be named."""
    last = (
        Message.objects.filter(draft=draft, channel=Channel.EMAIL, direction=Direction.INBOUND)
        .exclude(external_id__startswith=_DIGEST_ID)
        .order_by("-sent_at", "-id")
        .first()
    )
    if last is None:
        return {}
    earlier = json.loads(last.raw or "{}").get("references") or []
    # Oldest first, each once where it last appears (In-Reply-To was stored before
    # References, and names the newest of them).
    chain = list(reversed(dict.fromkeys(reversed([*earlier, last.external_id]))))
    return {"in_reply_to": last.external_id, "references": chain[-_REFERENCES_KEPT:]}


def _template(given: dict) -> whatsapp.Template:
    for template in whatsapp.approved_templates():
        if template.name == given.get("name") and template.language == given.get("language"):
            if len(given.get("parameters") or []) != template.parameters:
                raise ValidationError(
                    {
                        "template.parameters": _("This template takes %(count)s values.")
                        % {"count": template.parameters}
                    }
                )
            return template
    raise ValidationError({"template.name": _("Not an approved template.")})


def webhook_verify_token() -> str:
    return settings.WHATSAPP_VERIFY_TOKEN


def tokens_equal(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())

"""Every write to the outbox, and delivery.

Notifications are rows first (`Notification`), written in the transaction of the event that
causes them; after commit a task per row is enqueued. A broker that is down only delays them:
the enqueue failure is logged, and `notification_resend_due` (beat) picks the rows up.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Membership, PasswordReset, Position, Role, User
from common.clock import current_time
from common.crypto import decrypt, encrypt
from complaints.models import Channel as ComplaintChannel
from complaints.models import Complaint, ReporterIdentity, Transition
from complaints.selectors import complaint_counts
from complaints.state import Action
from complaints.state import Status as ComplaintStatus
from config.celery import app as celery_app
from notifications.messages import render
from notifications.models import (
    PREFERENCE_DEFAULT,
    Channel,
    Kind,
    Notification,
    NotificationPreference,
    State,
)
from notifications.transports import TransportError, send_email, send_whatsapp
from regions.models import Region
from register.selectors import register_number_of
from sla.calendar import remaining_working_days
from sla.models import ComplaintSla
from sla.selectors import calendar_for, calendars_for

log = logging.getLogger(__name__)

DELIVER_TASK = "notifications.tasks.deliver"
# Attempts before a transiently failing message is given up and marked failed: with the
# backoff below that is about a day of retrying.
MAX_ATTEMPTS = 10
# Rows claimed per resend sweep; the next sweep takes the rest.
RESEND_BATCH = 500


@dataclass(frozen=True)
class Target:
    channel: str
    recipient: User | None
    address: str
    language: str


# --- who gets what ---------------------------------------------------------------------------
def _staff(users: list[User], kind: str) -> list[Target]:
    """Staff read every notice in the app; by email and WhatsApp as each chose for this kind
    of notice (`NotificationPreference`; without a row, email when the account has one)."""
    active = {u.pk: u for u in users if u.is_active}
    chosen = {
        row.user_id: row
        for row in NotificationPreference.objects.filter(user_id__in=list(active), kind=kind)
    }
    targets = []
    for user in active.values():
        row = chosen.get(user.pk)
        wants = {"email": row.email, "whatsapp": row.whatsapp} if row else PREFERENCE_DEFAULT
        targets.append(Target(Channel.IN_APP, user, "", user.language))
        if wants["email"] and user.email:
            targets.append(Target(Channel.EMAIL, user, user.email, user.language))
        if wants["whatsapp"] and user.phone:
            targets.append(Target(Channel.WHATSAPP, user, user.phone, user.language))
    return targets


def _reporter(complaint: Complaint) -> list[Target]:
    """The reporter, through the channel they used: WhatsApp for a WhatsApp complaint, email
    for an email one; otherwise their email if given, else their number. Plus the app when
    they have an account. Anonymous reporters without an account cannot be reached."""
    account = complaint.reporter_account
    language = account.language if account else "id"
    targets = [Target(Channel.IN_APP, account, "", language)] if account else []
    identity = ReporterIdentity.objects.filter(complaint=complaint).first()
    if identity is None:
        return targets
    if complaint.channel == ComplaintChannel.WHATSAPP and identity.phone:
        targets.append(Target(Channel.WHATSAPP, account, identity.phone, language))
    elif identity.email:
        targets.append(Target(Channel.EMAIL, account, identity.email, language))
    elif identity.phone:
        targets.append(Target(Channel.WHATSAPP, account, identity.phone, language))
    return targets


def _members(complaint: Complaint, roles: set[str], position: str = "") -> list[User]:
    memberships = Membership.objects.filter(
        region_id=complaint.desa_id, role__in=roles, user__is_active=True
    ).select_related("user")
    if position:
        memberships = memberships.filter(position=position)
    return [m.user for m in memberships]


def _handlers(complaint: Complaint) -> list[User]:
    """The person it is assigned to, or every active holder of its position."""
    if complaint.assigned_to is not None:
        return [complaint.assigned_to]
    if complaint.assigned_position == Position.KEPALA_DESA:
        return _members(complaint, {Role.VILLAGE_HEAD})
    if complaint.assigned_position:
        return _members(complaint, {Role.HANDLER}, complaint.assigned_position)
    return []


def _payload(complaint: Complaint, *, clockless: bool = False, **extra) -> dict:
    """What a template shows of a complaint. `clockless`: the caller knows it has no clock
    yet (not received), which spares the query."""
    clock = None if clockless else ComplaintSla.objects.filter(complaint=complaint).first()
    running = clock is not None and clock.state == "running"
    base = {
        "code": complaint.tracking_code,
        "title": complaint.title,
        "desa": complaint.desa.name,
        "tz": complaint.desa.timezone,
        "deadline": clock.deadline.isoformat() if running else None,
        # What people read: the last working day (`sla.dates`), not the instant ending it.
        "due_on": clock.due_on.isoformat() if running else None,
        "days": clock.policy_days if clock else None,
    }
    return {**base, **extra}


# Templates whose payload names a PasswordReset row; the code is derived at rendering.
CODE_TEMPLATES = ("password_reset", "signup_code")


def _with_late_facts(row: Notification) -> dict:
    """The payload plus what only exists once the event's transaction committed (the register
    number is taken as the very last step of receiving, after the notice was queued), or is
    never stored (a password reset's code, derived when the message is rendered)."""
    if row.template in CODE_TEMPLATES:
        reset = PasswordReset.objects.filter(pk=row.payload.get("reset")).first()
        return {**row.payload, "code": reset.code() if reset else "—"}
    if row.template in ("submitted", "recorded"):
        return {**row.payload, "pin": decrypt(row.payload.get("pin_sealed", ""))}
    if row.template == "reminder" and row.complaint is not None:
        return {**row.payload, **_reminder_now(row.complaint)}
    if row.template != "received" or row.complaint is None:
        return row.payload
    return {**row.payload, "register_number": register_number_of(row.complaint)}


def _reminder_now(complaint: Complaint) -> dict:
    """A reminder as it stands when it is sent: the current deadline and the working days
    left now (a retry hours later, or after the deadline moved, says what is true then)."""
    clock = ComplaintSla.objects.filter(complaint=complaint).first()
    if clock is None or clock.state != "running":
        return {}
    calendar = calendar_for(complaint.desa)
    return {
        "deadline": clock.deadline.isoformat(),
        "due_on": clock.due_on.isoformat(),
        "days_left": remaining_working_days(calendar, due_on=clock.due_on, now=current_time()),
    }


def _overtaken(row: Notification) -> str:
    """Why a reminder must no longer go out ("" when it still should): the complaint was
    answered, rejected or closed, its deadline passed, or it was escalated meanwhile."""
    if row.template != "reminder" or row.complaint is None:
        return ""
    clock = ComplaintSla.objects.filter(complaint=row.complaint).first()
    if clock is None or clock.state != "running":
        return "Overtaken: the complaint no longer waits for an answer."
    if clock.escalated_at is not None or current_time() >= clock.deadline:
        return "Overtaken: the deadline passed; the escalation tells the village head."
    return ""


def _code_no_longer_valid(row: Notification) -> bool:
    if row.template not in CODE_TEMPLATES:
        return False
    return not PasswordReset.objects.filter(
        pk=row.payload.get("reset"), used_at__isnull=True, expires_at__gt=current_time()
    ).exists()


# --- queueing --------------------------------------------------------------------------------
def notify_submitted_by_application(
    *, complaint: Complaint, pin: str, contact: str, by_office: bool = False
) -> None:
    """The tracking code and PIN of a complaint a third-party application filed, to the
    contact the resident gave it (an email address, or a phone number for WhatsApp). The
    application itself never learns the PIN. The PIN is sealed with the identity keys in
    the payload, as the address is, and unsealed only to render the message.

    `by_office`: the intake officer recorded it (walk-in, phone…) and sends the reporter the
    code and PIN right after (`complaints.services.complaint_pin_send`); the message says so.
    Once per complaint and channel: pressing "send" again queues nothing new."""
    _queue_code_and_pin(
        complaint=complaint, pin=pin, contact=contact, template="submitted", by_office=by_office
    )


def notify_recorded_for_reporter(*, complaint: Complaint, pin: str, contact: str) -> None:
    """The tracking code and PIN of a complaint the office recorded on the reporter's behalf
    (from their WhatsApp or e-mail message), back to where they wrote from. Must run inside
    the transaction that recorded it."""
    _queue_code_and_pin(complaint=complaint, pin=pin, contact=contact, template="recorded")


def _queue_code_and_pin(
    *, complaint: Complaint, pin: str, contact: str, template: str, by_office: bool = False
) -> None:
    channel = Channel.EMAIL if "@" in contact else Channel.WHATSAPP
    extra = {"by_office": True} if by_office else {}
    _queue(
        complaint=complaint,
        event=f"submitted:{complaint.pk}",
        template=template,
        payload=_payload(complaint, pin_sealed=encrypt(pin), **extra),
        targets=[Target(channel, None, contact, "id")],
    )


def notify_contact(
    *,
    event: str,
    template: str,
    payload: dict,
    channel: str,
    address: str,
    complaint: Complaint | None = None,
) -> Notification:
    """One message to a person known only by an address (a WhatsApp number or e-mail that
    wrote to the office), once per `event`; returns its outbox row. Must run inside the
    transaction of the event."""
    row, created = Notification.objects.get_or_create(
        idempotency_key=f"{event}:{template}:{channel}:contact",
        defaults={
            "channel": channel,
            "address": address,
            "complaint": complaint,
            "template": template,
            "language": "id",
            "payload": payload,
            "state": State.PENDING,
            "next_attempt_at": current_time(),
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue([row.pk]))
    return row


def notify_webhook_disabled(
    *, client_name: str, subscription_id: str, url: str, email: str
) -> None:
    """Tell an application's contact that one of its webhook URLs was switched off after
    failing for days. Must run inside the transaction that disabled it."""
    _queue(
        complaint=None,
        event=f"webhook-disabled:{subscription_id}:{current_time():%Y%m%d%H%M}",
        template="webhook_disabled",
        payload={"client": client_name, "url": url},
        targets=[Target(Channel.EMAIL, None, email, "id")],
    )


def notify_password_reset(*, code_row: PasswordReset, **_: Any) -> None:
    """The code to set a new password, by WhatsApp to the account's phone (the number it was
    asked for) and by email too when the account has one. The payload names the request
    only; the code is derived when the message is rendered. Connected to accounts' point
    (`accounts.hooks`), inside the transaction that issued the code."""
    user = code_row.user
    targets = [Target(Channel.WHATSAPP, user, user.phone, user.language)]
    if user.email:
        targets.append(Target(Channel.EMAIL, user, user.email, user.language))
    _queue(
        complaint=None,
        event=f"reset:{code_row.pk}",
        template="password_reset",
        payload={"reset": code_row.pk, "minutes": settings.PASSWORD_RESET_MINUTES},
        targets=targets,
    )


def notify_signup_code(*, code_row: PasswordReset, **_: Any) -> None:
    """The code that proves a new account's phone number, by WhatsApp to that number only
    (an email address proves nothing about the phone). Connected to accounts' point."""
    user = code_row.user
    _queue(
        complaint=None,
        event=f"signup:{code_row.pk}",
        template="signup_code",
        payload={"reset": code_row.pk, "minutes": settings.PASSWORD_RESET_MINUTES},
        targets=[Target(Channel.WHATSAPP, user, user.phone, user.language)],
    )


def notify_signup_attempt(*, user: User, **_: Any) -> None:
    """Tell the owner of a registered number that someone tried to sign up with it (the
    sign-up itself answers as for a new number). Bounded by the per-number throttle.
    Connected to accounts' point."""
    _queue(
        complaint=None,
        event=f"signup-taken:{user.pk}:{current_time().isoformat()}",
        template="signup_taken",
        payload={},
        targets=[Target(Channel.WHATSAPP, user, user.phone, user.language)],
    )


def _queue(
    *, complaint: Complaint | None, event: str, template: str, payload: dict, targets
) -> None:
    """Write one outbox row per target (once per event: the key is unique) and enqueue the
    deliveries after commit. Must run inside the event's transaction."""
    now = current_time()
    pending = []
    for target in targets:
        who = f"u{target.recipient.pk}" if target.recipient else "reporter"
        in_app = target.channel == Channel.IN_APP
        row, created = Notification.objects.get_or_create(
            idempotency_key=f"{event}:{template}:{target.channel}:{who}",
            defaults={
                "channel": target.channel,
                "recipient": target.recipient,
                "address": target.address,
                "complaint": complaint,
                "template": template,
                "language": target.language,
                "payload": payload,
                "state": State.SENT if in_app else State.PENDING,
                "sent_at": now if in_app else None,
                "next_attempt_at": None if in_app else now,
            },
        )
        if created and not in_app:
            pending.append(row.pk)
    if pending:
        transaction.on_commit(lambda: enqueue(pending))


def enqueue(ids: list[int]) -> int:
    """Hand rows to the broker; never raises. Returns how many were handed over.

    Runs after commit: Django re-raises errors of on_commit callbacks, so a broker outage
    would turn a saved complaint into a 500. The rows stay pending for the resend sweep.
    """
    sent = 0
    try:
        with celery_app.producer_or_acquire() as producer:
            # One connection attempt, no retry loop: kombu's default (retries for the
            # broker_connection_timeout) held each request ~6 s while Redis was down.
            producer.connection.ensure_connection(max_retries=0)
            for pk in ids:
                # ignore_result: nobody reads a delivery's result, and with a Redis result
                # backend each send would first subscribe to it, retrying 20 s when Redis
                # is down and then leaving the process's result consumer broken.
                celery_app.send_task(
                    DELIVER_TASK, args=[pk], producer=producer, retry=False, ignore_result=True
                )
                sent += 1
    except Exception:
        log.warning(
            "notification enqueue failed",
            extra={"notifications": len(ids), "enqueued": sent},
            exc_info=True,
        )
    return sent


def notify_transition(*, complaint: Complaint, transition: Transition, **_: Any) -> None:
    """Queue what one move of the state machine tells people (called by
    `complaint_transition`, inside its transaction)."""
    action = transition.action
    if action not in TOLD_OF:
        return  # nobody hears of this move (verify, start...): the row need not be read
    complaint = Complaint.objects.select_related("desa", "reporter_account", "assigned_to").get(
        pk=complaint.pk
    )
    event = f"t{transition.pk}"
    to_reporter = {
        Action.RECEIVE: ("received", {}),
        Action.REQUEST_INFO: ("needs_info", {"request": complaint.info_request}),
        Action.REJECT: ("rejected", {"reason": complaint.rejection_reason}),
        Action.ANSWER: (
            "answered",
            {"answer": complaint.answer, "window": settings.OBJECTION_WINDOW_DAYS},
        ),
        Action.CONFIRM: ("closed", {}),
        Action.CLOSE: ("closed", {}),
        Action.MARK_DUPLICATE: ("joined", {}),
        Action.FORWARD: (
            "forwarded",
            {"agency": transition.data.get("agency", ""), "reason": transition.data.get("reason")},
        ),
    }
    if action in REPORTER_TOLD:
        template, extra = to_reporter[action]
        _queue(
            complaint=complaint,
            event=event,
            template=template,
            payload=_payload(complaint, **extra),
            targets=_reporter(complaint),
        )
    elif action in (Action.ASSIGN, Action.REASSIGN):
        _queue(
            complaint=complaint,
            event=event,
            template="assigned",
            payload=_payload(complaint),
            targets=_staff(_handlers(complaint), Kind.ASSIGNED),
        )
    elif action in OFFICE_TOLD:
        template, roles = OFFICE_TOLD[action]
        # The officer who recorded it for the reporter already knows.
        users = [u for u in _members(complaint, roles) if u.pk != transition.actor_id]
        _queue(
            complaint=complaint,
            event=event,
            template=template,
            payload=_payload(complaint),
            targets=_staff(users, template),
        )
    joined = {Action.ANSWER: "joined_answered", Action.CONFIRM: "joined_closed"}
    joined[Action.CLOSE] = "joined_closed"
    if action in joined and complaint.duplicates_count:
        # The reporters joined to this complaint as duplicates hear its answer and closing.
        for duplicate in complaint.duplicates.select_related("desa", "reporter_account"):
            _queue(
                complaint=duplicate,
                event=f"{event}:c{duplicate.pk}",
                template=joined[action],
                payload=_payload(duplicate, answer=complaint.answer),
                targets=_reporter(duplicate),
            )


# What the reporter does that the office must hear of, and who hears it: the intake officers
# act on both, and an objection questions the desa's answer, so the village head hears it too.
OFFICE_TOLD = {
    Action.SUPPLY_INFO: ("info_supplied", {Role.INTAKE_OFFICER}),
    Action.OBJECT: ("objected", {Role.INTAKE_OFFICER, Role.VILLAGE_HEAD}),
}

# Every move `notify_transition` tells someone of: the reporter's, the assignments, the
# office's above (the duplicates' reporters hear of answer, confirm and close, the reporter's).
REPORTER_TOLD = {
    Action.RECEIVE,
    Action.REQUEST_INFO,
    Action.REJECT,
    Action.ANSWER,
    Action.CONFIRM,
    Action.CLOSE,
    Action.MARK_DUPLICATE,
    Action.FORWARD,
}
TOLD_OF = REPORTER_TOLD | {Action.ASSIGN, Action.REASSIGN} | set(OFFICE_TOLD)


def notify_pin_sent_by_office(*, complaint: Complaint, pin: str, contact: str, **_: Any) -> None:
    """The code and PIN of a complaint the office recorded, sent on the officer's press."""
    notify_submitted_by_application(complaint=complaint, pin=pin, contact=contact, by_office=True)


def notify_new_complaint(*, complaint: Complaint) -> None:
    """A complaint nobody in the office recorded (the web form, an application) waits in
    `submitted`: tell the desa's intake officers, once. Must run inside
    the transaction that submitted it; `complaint.desa` is loaded. One query for the
    officers, then the rows."""
    _queue(
        complaint=complaint,
        event=f"new:c{complaint.pk}",
        template="new_complaint",
        payload=_payload(complaint, clockless=True, channel=complaint.channel),
        targets=_staff(_members(complaint, {Role.INTAKE_OFFICER}), Kind.NEW_COMPLAINT),
    )


# Complaints looked at per run of the waiting reminder; the next run takes the rest.
WAITING_BATCH = 500


def notify_waiting_intake(*, now: datetime | None = None) -> int:
    """Periodic: remind the intake officers of each complaint still `submitted` after more
    than one working day (past the end of the working day after the one it arrived on, in
    the desa's calendar), once per complaint. Returns how many complaints were reminded."""
    now = now or current_time()
    waiting = list(
        Complaint.objects.filter(
            status=ComplaintStatus.SUBMITTED, submitted_at__lte=now - timedelta(days=1)
        )
        .exclude(notifications__template="waiting")
        .select_related("desa")
        .order_by("submitted_at")[:WAITING_BATCH]
    )
    calendars = calendars_for({c.desa for c in waiting})
    reminded = 0
    for complaint in waiting:
        calendar = calendars[complaint.desa_id]
        arrived = calendar.local_date(complaint.submitted_at)
        if now < calendar.end_of(calendar.add_working_days(arrived, 1)):
            continue
        with transaction.atomic():
            _queue(
                complaint=complaint,
                event=f"waiting:c{complaint.pk}",
                template="waiting",
                payload=_payload(complaint, clockless=True, submitted_on=arrived.isoformat()),
                targets=_staff(_members(complaint, {Role.INTAKE_OFFICER}), Kind.WAITING),
            )
        reminded += 1
    return reminded


def notify_reminder(
    *, complaint: Complaint, level: int, days_left: int, deadline: datetime
) -> None:
    """The handler (and the desa's intake officers) are reminded of a deadline: once per
    reminder level and deadline. `days_left` is counted when the reminder is due, and again
    when an email or WhatsApp copy is sent (`_with_late_facts`)."""
    users = _handlers(complaint) + _members(complaint, {Role.INTAKE_OFFICER})
    _queue(
        complaint=complaint,
        event=f"r{level}:c{complaint.pk}:{int(deadline.timestamp())}",
        template="reminder",
        payload=_payload(complaint, days_left=days_left),
        targets=_staff(users, Kind.REMINDER),
    )


def notify_escalation(*, complaint: Complaint, deadline: datetime) -> None:
    _queue(
        complaint=complaint,
        event=f"e:c{complaint.pk}:{int(deadline.timestamp())}",
        template="escalated",
        payload=_payload(complaint, deadline=deadline.isoformat()),
        targets=_staff(_members(complaint, {Role.VILLAGE_HEAD}), Kind.ESCALATED),
    )


# --- delivery --------------------------------------------------------------------------------
def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: base, 2×, 4×… capped at an hour."""
    base = settings.NOTIFY_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def notification_deliver(*, notification_id: int) -> str:
    """Send one outbox row. Safe to run twice: it first claims the row with a conditional
    update (pending and due → sending); a second run finds nothing to claim.

    Network I/O happens outside any transaction. Returns the row's new state, or
    "skipped" when there was nothing to do.
    """
    now = current_time()
    claimed = (
        Notification.objects.filter(pk=notification_id, state=State.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    row = Notification.objects.select_related(
        "complaint__desa__register_settings", "complaint__register_entry"
    ).get(pk=notification_id)
    if _code_no_longer_valid(row):
        # A retry late enough to carry a dead code would only make the resident type it.
        Notification.objects.filter(pk=row.pk, state=State.SENDING).update(
            state=State.FAILED, last_error="The code expired or was replaced before it was sent."
        )
        return State.FAILED
    overtaken = _overtaken(row)
    if overtaken:
        # A reminder that waited in the outbox (broker down, retries) past its point.
        Notification.objects.filter(pk=row.pk, state=State.SENDING).update(
            state=State.FAILED, last_error=overtaken, next_attempt_at=None
        )
        return State.FAILED
    message = render(row.template, _with_late_facts(row), row.language)
    try:
        if row.channel == Channel.EMAIL:
            thread = row.payload.get("email_thread") or {}
            external_id = send_email(
                address=row.address,
                message=message,
                key=row.idempotency_key,
                in_reply_to=thread.get("in_reply_to", ""),
                references=thread.get("references", ()),
            )
        else:
            external_id = send_whatsapp(
                address=row.address,
                message=message,
                key=row.idempotency_key,
                template=row.payload.get("wa_template"),
            )
    except TransportError as exc:
        failed = exc.permanent or row.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=row.pk, state=State.SENDING).update(
            state=State.FAILED if failed else State.PENDING,
            last_error=exc.message[:2000],
            next_attempt_at=None if failed else current_time() + backoff(row.attempts),
        )
        log.warning(
            "notification delivery failed",
            extra={"notification": row.pk, "permanent": failed, "attempts": row.attempts},
        )
        return State.FAILED if failed else State.PENDING
    Notification.objects.filter(pk=row.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=current_time(), last_error="", external_id=external_id or ""
    )
    return State.SENT


def notification_resend_due(*, now: datetime | None = None) -> int:
    """Periodic: enqueue rows waiting for an attempt (new ones whose enqueue failed, and
    retries whose backoff ended), after returning rows stuck in `sending` — a worker killed
    mid-delivery — to pending. Returns how many were enqueued."""
    now = now or current_time()
    stuck_before = now - timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS)
    Notification.objects.filter(state=State.SENDING, claimed_at__lt=stuck_before).update(
        state=State.PENDING, next_attempt_at=now
    )
    due = list(
        Notification.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:RESEND_BATCH]
    )
    return enqueue(due)


def notification_mark_read(*, actor: User, notification_id: int | None = None) -> int:
    """Mark one of the actor's in-app notifications read (or all when no id). Idempotent."""
    rows = Notification.objects.filter(
        recipient=actor, channel=Channel.IN_APP, read_at__isnull=True
    )
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=current_time())


def notifications_withhold_outside(*, desa: Region, reason: str) -> int:
    """Keep every unsent email and WhatsApp message about the desa's complaints from leaving:
    each is marked failed with `reason`, so neither its task nor a resend sweep sends it.

    For made-up data (`seed_demo`): its phone numbers are well-formed, so with a gateway
    configured they would reach whoever holds them. Returns how many rows were held back.
    """
    return Notification.objects.filter(
        complaint__desa=desa,
        state=State.PENDING,
        channel__in=[Channel.EMAIL, Channel.WHATSAPP],
    ).update(state=State.FAILED, last_error=reason, next_attempt_at=None)


# --- preferences and the digest ---------------------------------------------------------------
# The roles that receive staff notices, and so may choose how.
NOTICE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.HANDLER, Role.VILLAGE_HEAD})


@dataclass(frozen=True)
class PreferenceIn:
    kind: str
    email: bool
    whatsapp: bool


@transaction.atomic
def preferences_set(*, actor: User, kinds: list[PreferenceIn], daily_digest: bool | None) -> None:
    """The actor's own choices, per kind of notice, and the daily digest on or off.

    Preconditions (the caller checked): the actor holds a role that receives notices; the
    digest is chosen only by a village head. A kind left out keeps its choice; choosing the
    default removes the row (so a later change of the default reaches them). The digest's
    row is its subscription: turned off, it is deleted.
    """
    rows = {r.kind: r for r in NotificationPreference.objects.filter(user=actor)}
    for choice in kinds:
        row = rows.get(choice.kind)
        values = {"email": choice.email, "whatsapp": choice.whatsapp}
        if choice.kind != Kind.DIGEST and values == PREFERENCE_DEFAULT:
            if row is not None:
                row.delete()
            continue
        if choice.kind == Kind.DIGEST and row is None and not daily_digest:
            continue  # channels of a digest not subscribed: nothing to keep
        NotificationPreference.objects.update_or_create(
            user=actor, kind=choice.kind, defaults=values
        )
    if daily_digest is True:
        NotificationPreference.objects.get_or_create(
            user=actor, kind=Kind.DIGEST, defaults=PREFERENCE_DEFAULT
        )
    elif daily_digest is False:
        NotificationPreference.objects.filter(user=actor, kind=Kind.DIGEST).delete()


# The village head's digest goes out at 07:30 in the desa's own zone (WIB, WITA, WIT), as
# its office opens: the beat runs every hour at half past (all three zones are whole hours
# from UTC), and each run takes the desa whose morning it is.
DIGEST_AT = time(7, 30)


def _digest_due(zone: str, now: datetime) -> bool:
    """Whether `now` falls in the hour from 07:30 in `zone`: exactly one hourly run does."""
    local = now.astimezone(ZoneInfo(zone))
    start = datetime.combine(local.date(), DIGEST_AT, tzinfo=local.tzinfo)
    return start <= local < start + timedelta(hours=1)


def notify_digests(*, now: datetime | None = None) -> int:
    """Periodic (hourly, at half past): each village head who chose the digest gets one
    message per desa they head and day, at 07:30 in the desa's zone (`Region.timezone`):
    complaints new in the last 24 hours, open past their deadline, and escalated still
    awaiting their answer. A desa whose morning it is not is left for its own hour; the
    outbox key (per desa and day, in the desa's zone) makes a second run queue nothing.
    Returns how many digests were queued or kept."""
    now = now or current_time()
    subscribed = Membership.objects.filter(
        role=Role.VILLAGE_HEAD,
        user__is_active=True,
        user__notification_preferences__kind=Kind.DIGEST,
        region__isnull=False,
    )
    zones = set(subscribed.values_list("region__timezone", flat=True).distinct())
    due = [zone for zone in zones if _digest_due(zone, now)]
    if not due:
        return 0
    heads = subscribed.filter(region__timezone__in=due).select_related("user", "region")
    sent = 0
    for membership in heads:
        user, desa = membership.user, membership.region
        day = timezone.localdate(now, timezone=ZoneInfo(desa.timezone))
        counts = complaint_counts(actor=user, desa_code=desa.code)
        new = (
            Complaint.objects.filter(desa=desa, submitted_at__gt=now - timedelta(days=1))
            .exclude(status=ComplaintStatus.SPAM)
            .count()
        )
        with transaction.atomic():
            _queue(
                complaint=None,
                event=f"digest:{desa.pk}:{day.isoformat()}",
                template="digest",
                payload={
                    "desa": desa.name,
                    "day": day.isoformat(),
                    "new": new,
                    "overdue": counts["overdue"],
                    "escalated": counts["escalated"],
                },
                targets=_staff([user], Kind.DIGEST),
            )
        sent += 1
    return sent

"""Writes beside the state machine: progress notes, the answer's draft, the code and PIN sent
to a walk-in reporter, the forwarding's reference, "what was done" for the desa's report and
the purge of old spam."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.clock import current_time
from common.errors import InvalidTransition, NotAllowed
from complaints import hooks, state
from complaints.access import capacities, require_office
from complaints.identity import pin_matches
from complaints.models import (
    STAFF_CHANNELS,
    Complaint,
    Forwarding,
    Note,
    ReporterIdentity,
    Visibility,
)
from complaints.state import Capacity, Status

PIN_CHANNELS = ("whatsapp", "email")


def complaint_pin_send(
    *, complaint: Complaint, actor: User, pin: str, channels: list[str]
) -> list[str]:
    """Send the reporter their tracking code and PIN, right after the officer recorded the
    complaint (only then does anyone know the PIN: only its hash is stored, so a wrong PIN
    is refused). Through the outbox, as an application's submission is
    (`notifications`): WhatsApp to the reporter's number, e-mail to their
    address. Returns the channels queued; a second press queues nothing new."""
    if Capacity.INTAKE not in capacities(actor, complaint):
        raise NotAllowed()
    if complaint.channel not in STAFF_CHANNELS:
        raise InvalidTransition(
            _("The reporter filed this online and already has the code and PIN."),
            extra={"allowed_actions": []},
        )
    if not pin_matches(complaint.tracking_code, pin, complaint.pin_hash):
        raise ValidationError({"pin": _("This is not the PIN given when it was recorded.")})
    identity = None
    if not complaint.anonymous:
        identity = ReporterIdentity.objects.filter(complaint=complaint).first()
    contacts = {
        "whatsapp": identity.phone if identity else "",
        "email": identity.email if identity else "",
    }
    unknown = [channel for channel in channels if not contacts.get(channel)]
    if unknown or not channels:
        raise ValidationError(
            {"channels": _("The reporter gave no number or address for this channel.")}
        )
    with transaction.atomic():
        for channel in channels:
            hooks.run(hooks.Point.PIN_SENT, complaint=complaint, pin=pin, contact=contacts[channel])
    return list(channels)


@transaction.atomic
def note_add(*, complaint: Complaint, actor: User, body: str, visibility: str) -> Note:
    """A progress note by the assignee or the office; only staff may write one."""
    held = capacities(actor, complaint)
    if not held & {Capacity.INTAKE, Capacity.HEAD, Capacity.ASSIGNEE}:
        raise NotAllowed()
    if complaint.status in state.TERMINAL:
        raise InvalidTransition(
            _("The complaint is finished; notes can no longer be added."),
            extra={"allowed_actions": []},
        )
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    note = Note.objects.create(
        complaint=complaint, author=actor, body=body.strip(), visibility=Visibility(visibility)
    )
    hooks.run(hooks.Point.NOTED, complaint=complaint, note=note)
    return note


def answer_draft_save(*, complaint: Complaint, actor: User, answer: str) -> None:
    """The assignee drafts the answer before delivering it."""
    if not capacities(actor, complaint) & {Capacity.ASSIGNEE, Capacity.INTAKE}:
        raise NotAllowed()
    if complaint.status not in (Status.ASSIGNED, Status.IN_PROGRESS):
        raise InvalidTransition(
            _("An answer can be drafted only while the complaint is being followed up."),
            extra={"allowed_actions": []},
        )
    Complaint.objects.filter(pk=complaint.pk).update(answer=answer.strip())


@transaction.atomic
def forwarding_reference_set(*, complaint: Complaint, actor: User, reference: str) -> Forwarding:
    """Record the reference number the recipient gave a forwarded complaint (intake officer
    or village head; 409 unless forwarded; may be corrected later)."""
    require_office(actor, complaint)
    forwarding = Forwarding.objects.select_for_update().filter(complaint=complaint).first()
    if complaint.status != Status.FORWARDED or forwarding is None:
        raise InvalidTransition(
            _("Only a forwarded complaint has a recipient's reference number."),
            extra={"allowed_actions": []},
        )
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Write the recipient's reference number.")})
    forwarding.reference, forwarding.reference_at = reference, current_time()
    forwarding.save(update_fields=["reference", "reference_at"])
    return forwarding


# --- what was done, for the desa's report ----------------------------------------------------
PUBLISHABLE = (Status.ANSWERED, Status.CLOSED)


def _names_of_reporter(complaint: Complaint) -> list[str]:
    """The reporter's name and account name, and their words of 3 letters or more."""
    names = []
    identity = ReporterIdentity.objects.filter(complaint=complaint).first()
    if identity is not None:
        names.append(identity.name)
    if complaint.reporter_account_id:
        account = User.objects.filter(pk=complaint.reporter_account_id).first()
        if account is not None:
            names += [account.full_name, account.username]
    words = [word for name in names for word in name.split() if len(word) >= 3]
    return [name for name in names + words if name and len(name) >= 3]


@transaction.atomic
def public_outcome_set(
    *, complaint: Complaint, actor: User, title: str, outcome: str, approved: bool
) -> Complaint:
    """The title and one-line outcome the desa's report lists under "What was done", written
    or approved by its intake officer or village head for an answered or closed complaint.
    Saving without `approved` withdraws an approval: only approved ones are listed (once
    closed). Neither may contain the reporter's name."""
    require_office(actor, complaint)
    if complaint.status not in PUBLISHABLE:
        raise InvalidTransition(
            _("What was done can be written once the complaint is answered."),
            extra={"allowed_actions": []},
        )
    title, outcome = title.strip(), outcome.strip()
    errors = {}
    for field, text in (("title", title), ("outcome", outcome)):
        lowered = text.casefold()
        if any(name.casefold() in lowered for name in _names_of_reporter(complaint)):
            errors[field] = _("Do not name the reporter: this text is published.")
    if approved and not (title and outcome):
        errors.setdefault("outcome", _("Write the title and the outcome before approving them."))
    if errors:
        raise ValidationError(errors)
    updates = {
        "public_title": title,
        "public_outcome": outcome,
        "public_approved_at": current_time() if approved else None,
        "public_approved_by": actor if approved else None,
    }
    Complaint.objects.filter(pk=complaint.pk).update(**updates)
    for field, value in updates.items():
        setattr(complaint, field, value)
    return complaint


def spam_purge(*, now: datetime | None = None) -> int:
    """Delete spam set aside more than SPAM_RETENTION_DAYS ago, with its history,
    identity and files. Returns how many; running it again finds nothing more."""
    cutoff = (now or current_time()) - timedelta(days=settings.SPAM_RETENTION_DAYS)
    expired = Complaint.objects.filter(status=Status.SPAM, spam_at__lt=cutoff)
    purged = 0
    for complaint in expired.iterator():
        with transaction.atomic():
            for attachment in complaint.attachments.all():
                attachment.file.delete(save=False)
            complaint.delete()
            purged += 1
    return purged

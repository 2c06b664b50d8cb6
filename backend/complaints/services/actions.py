"""What each move of the state machine takes and does: one typed input and one handler per
action, dispatched from `HANDLERS`.

A handler checks its input (ValidationError, 400) and returns the move's `Effects`; it never
writes the status: `complaint_transition` asks `complaints.state` whether the move is allowed,
calls the handler, then writes the status and the history. The API's per-action input
serializers (`complaints.api.moves`) state the same fields for the contract; these checks stay
here so that every caller — a view, a Celery task, another app — meets the same rules.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import InvalidTransition
from complaints import hooks, selectors
from complaints.identity import tracking_code_normalise
from complaints.models import AgencyKind, Attachment, Channel, Complaint, Forwarding, Level
from complaints.services.priority import priority_of
from complaints.state import Action


@dataclass(frozen=True)
class Move:
    """The facts every handler is given besides its input."""

    action: Action
    complaint: Complaint  # locked by `complaint_transition`, with its desa and category
    actor: User | None
    note: str
    now: datetime


@dataclass(frozen=True)
class Effects:
    """What one move writes besides the status."""

    updates: dict[str, Any] = field(default_factory=dict)  # the complaint's columns
    data: dict[str, Any] = field(default_factory=dict)  # kept with the move in the history
    # The history's note when its writer left it empty (an objection's or a new priority's
    # reason).
    note_fallback: str = ""
    # Set on the locked row before the hooks run: the SLA clock reads them.
    row: dict[str, Any] = field(default_factory=dict)


# --- the inputs, one per action (none for the moves that take only the note) -------------
@dataclass(frozen=True)
class NoInput:
    """A move that takes nothing but its note."""


@dataclass(frozen=True)
class ReceiveInput:
    # From services only (a suggestion-box slip received on the opening's day), never from
    # a request: when the office had it in hand, if earlier than now.
    received_at: datetime | None = None


@dataclass(frozen=True)
class VerifyInput:
    urgency: str | None = None
    impact: str | None = None


@dataclass(frozen=True)
class PrioritiseInput:
    urgency: str | None = None
    impact: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class ReasonInput:
    """A rejection's or an objection's reason, which the reporter reads."""

    reason: str = ""


@dataclass(frozen=True)
class DistributeInput:
    position: str | None = None  # default: the category's position, by the desa's routing
    assignee: int | None = None


@dataclass(frozen=True)
class AnswerInput:
    answer: str | None = None  # default: the draft saved before
    published_to: str = ""


@dataclass(frozen=True)
class ConfirmInput:
    rating: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class DuplicateInput:
    duplicate_of: str | None = None


@dataclass(frozen=True)
class ForwardInput:
    agency_kind: str | None = None
    agency: str = ""
    reason: str = ""
    forwarded_on: date | None = None
    share_identity: bool = False
    identity_consent: str = ""


# --- the handlers ---------------------------------------------------------------------------
def _required(value: str | None, name: str, message: str) -> str:
    if value is None or not str(value).strip():
        raise ValidationError({name: message})
    return str(value).strip()


def receive(move: Move, given: ReceiveInput) -> Effects:
    if given.received_at is not None and given.received_at > move.now:
        raise ValidationError({"received_at": _("The time received cannot be in the future.")})
    received_at = given.received_at or move.now
    # A receipt given as earlier starts the SLA clock from then.
    return Effects(
        updates={"received_at": received_at},
        row={"received_at": received_at} if given.received_at else {},
    )


def _priority_change(
    move: Move, urgency: str | None, impact: str | None, reason: str | None
) -> Effects:
    """Urgency × impact, set at verify (`reason` None) or changed later with a reason."""
    errors: dict[str, str] = {}
    if urgency not in Level.values:
        errors["urgency"] = _("Choose low, medium or high.")
    if impact not in Level.values:
        errors["impact"] = _("Choose low, medium or high.")
    if reason is not None and not reason.strip():
        errors["reason"] = _("Say why the priority changes.")
    if errors:
        raise ValidationError(errors)
    assert urgency is not None and impact is not None
    complaint = move.complaint
    if reason is not None and (urgency, impact) == (complaint.urgency, complaint.impact):
        raise ValidationError({"urgency": _("The complaint already has this urgency and impact.")})
    priority = priority_of(urgency=urgency, impact=impact)
    updates = {"urgency": urgency, "impact": impact, "priority": priority}
    data = {
        "urgency": urgency,
        "impact": impact,
        "priority": priority.value,
        "from_priority": complaint.priority,
    }
    if reason is None:
        return Effects(updates=updates, data=data, row=updates)
    reason = reason.strip()
    return Effects(
        updates=updates, data={**data, "reason": reason}, note_fallback=reason, row=updates
    )


def verify(move: Move, given: VerifyInput) -> Effects:
    return _priority_change(move, given.urgency, given.impact, reason=None)


def prioritise(move: Move, given: PrioritiseInput) -> Effects:
    return _priority_change(move, given.urgency, given.impact, reason=given.reason or "")


def reject(move: Move, given: ReasonInput) -> Effects:
    reason = _required(given.reason, "reason", _("Tell the reporter why it is rejected."))
    return Effects(updates={"rejection_reason": reason, "closed_at": move.now})


def request_info(move: Move, given: NoInput) -> Effects:
    if not move.note.strip():
        raise ValidationError({"note": _("Say what information is missing.")})
    return Effects(updates={"info_request": move.note.strip()})


def supply_info(move: Move, given: NoInput) -> Effects:
    if not move.note.strip():
        raise ValidationError({"note": _("Write the information that was asked for.")})
    return Effects()


def distribute(move: Move, given: DistributeInput) -> Effects:
    """`assign` and `reassign`: distribution is the assignments app's (`assignment_effect`)."""
    updates, data = hooks.effect(move.action)(
        complaint=move.complaint, fields=asdict(given), actor=move.actor, now=move.now
    )
    return Effects(updates=updates, data=data)


def start(move: Move, given: NoInput) -> Effects:
    return Effects()  # the assignee took it up: the status and the history say it all


def answer_files(complaint: Complaint):
    """Files attached for the answer being written, not yet delivered with one."""
    return Attachment.objects.filter(complaint=complaint, for_answer=True, answer__isnull=True)


def answer(move: Move, given: AnswerInput) -> Effects:
    complaint = move.complaint
    text = (given.answer or complaint.answer or "").strip()
    if not text:
        raise ValidationError({"answer": _("Write the answer for the reporter.")})
    # Kept with the move: a later objection and answer never overwrite this one.
    data: dict[str, Any] = {"answer": text, "position": complaint.assigned_position}
    # How many files go with it, for the register's follow-up column (no names: a file
    # name may carry identity). The complaint row is locked: no upload slips in between.
    files = answer_files(complaint).count()
    if files:
        data["attachments"] = files
    published_to = (given.published_to or "").strip()
    if published_to:
        if complaint.channel != Channel.SOCIAL_MEDIA:
            raise ValidationError(
                {"published_to": _("Only a social-media complaint is answered on a post.")}
            )
        # Where the answer was posted back (a reply's link, or words): staff history only.
        data["published_to"] = published_to
    return Effects(updates={"answer": text, "answered_at": move.now}, data=data)


def confirm(move: Move, given: ConfirmInput) -> Effects:
    rating = given.rating
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    comment = (given.comment or "").strip()
    return Effects(
        updates={"rating": rating, "rating_comment": comment, "closed_at": move.now},
        data={"rating": rating},
    )


def object_to_answer(move: Move, given: ReasonInput) -> Effects:
    reason = _required(given.reason, "reason", _("Say why the answer does not settle it."))
    window = timedelta(days=settings.OBJECTION_WINDOW_DAYS)
    answered_at = move.complaint.answered_at
    if answered_at and move.now > answered_at + window:
        raise InvalidTransition(
            _("The objection period of %(days)s days has passed.")
            % {"days": settings.OBJECTION_WINDOW_DAYS},
            extra={"allowed_actions": []},
        )
    return Effects(
        updates={"answered_at": None, "closed_at": None},
        data={"reason": reason},
        note_fallback=reason,
    )


def close(move: Move, given: NoInput) -> Effects:
    return Effects(updates={"closed_at": move.now})


def dismiss_spam(move: Move, given: NoInput) -> Effects:
    # Not `closed_at`: spam belongs to no report's month (reports.rollup).
    return Effects(updates={"spam_at": move.now})


def mark_duplicate(move: Move, given: DuplicateInput) -> Effects:
    primary = _duplicate_primary(move.complaint, given.duplicate_of)
    Complaint.objects.filter(pk=primary.pk).update(
        duplicates_count=F("duplicates_count") + 1, updated_at=move.now
    )
    return Effects(
        updates={"duplicate_of": primary, "closed_at": move.now},
        data={"duplicate_of": primary.tracking_code},
    )


def _duplicate_primary(complaint: Complaint, code: Any) -> Complaint:
    """The open complaint of the same desa a duplicate is joined to, locked: 400 for a code
    that is not one of the desa's (another desa's reads the same: nothing leaks), 409 for
    one that is finished, not yet received, answered or itself a duplicate."""
    if not isinstance(code, str) or not code.strip():
        raise ValidationError({"duplicate_of": _("Give the tracking code of the first report.")})
    primary = (
        Complaint.objects.select_for_update()
        .filter(tracking_code=tracking_code_normalise(code), desa_id=complaint.desa_id)
        .first()
    )
    if primary is None:
        raise ValidationError(
            {"duplicate_of": _("No complaint of this desa has this tracking code.")}
        )
    if primary.pk == complaint.pk:
        raise ValidationError({"duplicate_of": _("A complaint cannot duplicate itself.")})
    refusal = selectors.duplicate_refusal(primary)
    if refusal:
        raise InvalidTransition(refusal, extra={"allowed_actions": []})
    return primary


def forward(move: Move, given: ForwardInput) -> Effects:
    forwarding = _forwarding_new(move, given)
    return Effects(
        updates={"closed_at": move.now},
        data={
            "agency_kind": forwarding.agency_kind,
            "agency": forwarding.agency,
            "reason": forwarding.reason,
            "identity_shared": forwarding.identity_shared,
        },
    )


def _forwarding_new(move: Move, given: ForwardInput) -> Forwarding:
    """The record of where a complaint went and why; checks the move's fields (400)."""
    complaint = move.complaint
    errors: dict[str, str] = {}
    kind = given.agency_kind
    if kind not in AgencyKind.values:
        errors["agency_kind"] = _("Choose the kecamatan, an agency or SP4N-LAPOR!.")
    agency = (given.agency or "").strip()
    if not agency and kind == AgencyKind.KECAMATAN and complaint.desa.parent_id:
        agency = _("Kecamatan %(name)s") % {"name": complaint.desa.parent.name}
    elif not agency and kind == AgencyKind.LAPOR:
        agency = "SP4N-LAPOR!"
    if not agency:
        errors["agency"] = _("Name the office it is forwarded to.")
    reason = (given.reason or "").strip()
    if not reason:
        errors["reason"] = _("Tell the reporter why the desa cannot settle it.")
    zone = ZoneInfo(complaint.desa.timezone)
    today = timezone.localdate(move.now, timezone=zone)
    forwarded_on = given.forwarded_on or today
    if forwarded_on > today:
        errors["forwarded_on"] = _("The date cannot be in the future.")
    elif complaint.received_at and forwarded_on < timezone.localdate(
        complaint.received_at, timezone=zone
    ):
        errors["forwarded_on"] = _("The date cannot be before the complaint was received.")
    share = bool(given.share_identity)
    consent = (given.identity_consent or "").strip()
    if share and complaint.anonymous:
        errors["share_identity"] = _("An anonymous complaint has no identity to share.")
    elif share and not consent:
        errors["identity_consent"] = _(
            "Record how the reporter agreed to their identity being shared."
        )
    if errors:
        raise ValidationError(errors)
    return Forwarding.objects.create(
        complaint=complaint,
        agency_kind=kind,
        agency=agency,
        forwarded_on=forwarded_on,
        reason=reason,
        identity_shared=share,
        identity_consent=consent if share else "",
        forwarded_by=move.actor,
    )


@dataclass(frozen=True)
class Handler:
    """One action's input type and the function that carries it out."""

    takes: type
    run: Callable[[Move, Any], Effects]

    def inputs(self, action: Action, given: dict[str, Any]) -> Any:
        """The action's input from keyword fields; a field it does not take is a caller's
        mistake (TypeError), not something to drop silently."""
        unknown = sorted(set(given) - {f.name for f in fields(self.takes)})
        if unknown:
            raise TypeError(f"{action} takes no {', '.join(unknown)}")
        return self.takes(**given)


# Every action of `complaints.state.Action` and its handler; whether a move is allowed is
# the state table's to say, never a handler's.
HANDLERS: dict[Action, Handler] = {
    Action.RECEIVE: Handler(ReceiveInput, receive),
    Action.REQUEST_INFO: Handler(NoInput, request_info),
    Action.SUPPLY_INFO: Handler(NoInput, supply_info),
    Action.VERIFY: Handler(VerifyInput, verify),
    Action.REJECT: Handler(ReasonInput, reject),
    Action.ASSIGN: Handler(DistributeInput, distribute),
    Action.REASSIGN: Handler(DistributeInput, distribute),
    Action.START: Handler(NoInput, start),
    Action.ANSWER: Handler(AnswerInput, answer),
    Action.CONFIRM: Handler(ConfirmInput, confirm),
    Action.OBJECT: Handler(ReasonInput, object_to_answer),
    Action.CLOSE: Handler(NoInput, close),
    Action.PRIORITISE: Handler(PrioritiseInput, prioritise),
    Action.DISMISS_SPAM: Handler(NoInput, dismiss_spam),
    Action.MARK_DUPLICATE: Handler(DuplicateInput, mark_duplicate),
    Action.FORWARD: Handler(ForwardInput, forward),
}
assert set(HANDLERS) == set(Action), "every action has its handler"

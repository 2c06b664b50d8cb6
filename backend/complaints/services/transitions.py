"""Moves of the state machine: `complaint_transition`, the only writer of a complaint's status,
and the moves made through it in bulk or on the reporter's behalf."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import OFFICE, desa_for
from common.clock import current_time
from common.errors import ConcurrentChange, InvalidTransition, NotAllowed, NotFound
from complaints import hooks, state
from complaints.access import capacities, visible_complaints
from complaints.models import STAFF_CHANNELS, Complaint, Conveyed, Transition, Visibility
from complaints.services.actions import HANDLERS, Move, answer_files
from complaints.state import Action, Capacity, Status


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    action: str,
    actor: User | None,
    note: str = "",
    note_visibility: str | None = None,
    as_capacity: Capacity | None = None,
    conveyed: str = "",
    **fields: Any,
) -> Transition:
    """Make one move of the state machine, atomically, and record it in the history.

    Locks the complaint row, checks the move against `complaints.state` (409 listing the
    allowed moves when the table has none; 403 when the actor's capacity may not make it),
    applies the move's own effects (its handler in `actions.HANDLERS`, given `fields` as the
    action's typed input: a field it does not take is a TypeError), writes the status with a
    compare-and-set and appends a `Transition`. `as_capacity` is for callers that
    established it otherwise: the reporter holding code + PIN, or the system's timers.

    `received_at` (for `receive` only, from services, never from a request): when the
    office had the complaint in hand, if earlier than now; the register entry, the SLA clock
    and the reports count from it.

    `note_visibility`: who reads the note (`staff` or `public`); by default the village
    staff only, except for the moves whose note is the reporter's by its nature
    (`state.PUBLIC_NOTES`), which cannot be made staff-only.

    `conveyed`: with `as_capacity=ON_BEHALF`, how the reporter told the office
    (`Conveyed`); kept in the history as `on_behalf_via`.
    """
    action = Action(action)
    handler = HANDLERS[action]
    given = handler.inputs(action, fields)
    visibility = _note_visibility(action, note_visibility)
    locked = (
        Complaint.objects.select_for_update()
        .select_related("desa", "category")
        .get(pk=complaint.pk)
    )
    current = Status(locked.status)
    held = {as_capacity} if as_capacity else capacities(actor, locked) if actor else set()
    if state.target(current, action) is None:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the complaint is “%(status)s”.")
            % {"action": action.label, "status": current.label},
            extra={"allowed_actions": state.allowed_actions(current, held)},
        )
    if not state.may(current, action, held):
        raise NotAllowed(extra={"allowed_actions": state.allowed_actions(current, held)})

    target = state.target(current, action)
    now = current_time()
    effects = handler.run(Move(action, locked, actor, note, now), given)
    updates, data = effects.updates, effects.data
    if conveyed:
        data = {**data, "on_behalf_via": Conveyed(conveyed).value}
    note = note or effects.note_fallback
    for column, value in effects.row.items():  # what the hooks below read of the move
        setattr(locked, column, value)
    changed = Complaint.objects.filter(pk=locked.pk, status=current).update(
        status=target, updated_at=now, **updates
    )
    if changed != 1:  # the row lock makes this unreachable unless someone bypassed it
        raise ConcurrentChange()
    capacity = as_capacity or _acting_capacity(current, action, held)
    transition = Transition.objects.create(
        complaint=locked,
        action=action,
        from_status=current,
        to_status=target,
        actor=actor,
        capacity=capacity,
        note=note.strip(),
        data=data,
        visibility=visibility,
    )
    if action == Action.ANSWER and data.get("attachments"):
        # The reporter reads the answer, so its files too; they stay with this answer.
        answer_files(locked).update(answer=transition, visibility=Visibility.PUBLIC)
    # The rollup, the SLA clock, the messages, the webhook events and, when receiving, the
    # register number, in that order (`hooks.Order`).
    hooks.run(hooks.Point.MOVED, complaint=locked, transition=transition, updates=updates)
    return transition


@transaction.atomic
def complaints_dismiss_spam(*, actor: User, desa_code: str, codes: list[str]) -> list[Complaint]:
    """Set aside several submitted complaints of one desa as spam, all or none: each
    through `complaint_transition` (intake officer only; 409 naming the first complaint
    no longer submitted). Codes of complaints the actor cannot see are 404."""
    # Whoever may not see them gets 404; a village head or handler who may see them is
    # refused each move by the state table (403).
    desa = desa_for(actor, OFFICE | {Role.HANDLER}).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    wanted = sorted(set(codes))
    found = list(
        visible_complaints(actor)
        .filter(desa=desa, tracking_code__in=wanted)
        .order_by("tracking_code")
    )
    if len(found) != len(wanted):
        raise NotFound()
    for complaint in found:  # in code order: two officers' batches lock rows alike
        try:
            complaint_transition(complaint=complaint, action=Action.DISMISS_SPAM, actor=actor)
        except InvalidTransition as refused:
            refused.extra = {**(refused.extra or {}), "tracking_code": complaint.tracking_code}
            raise
    return found


def _note_visibility(action: Action, chosen: str | None) -> Visibility:
    if action in state.PUBLIC_NOTES:
        if chosen not in (None, Visibility.PUBLIC):
            raise ValidationError(
                {"note_visibility": _("The reporter reads this note: it cannot be internal.")}
            )
        return Visibility.PUBLIC
    return Visibility(chosen) if chosen else Visibility.STAFF


def _acting_capacity(current: Status, action: Action, held: set[Capacity]) -> str:
    allowed = state.TRANSITIONS[(current, action)][1]
    return sorted(allowed & held)[0]


# --- on the reporter's behalf ----------------------------------------------------------------
def recorded_for_reporter(*, actor: User, complaint: Complaint) -> bool:
    """Whether the actor may record the reporter's moves for them on this complaint: its
    intake officer, for a complaint staff typed in (never web or an application's, whose
    reporters answer with their own code and PIN)."""
    return complaint.channel in STAFF_CHANNELS and Capacity.INTAKE in capacities(actor, complaint)


def on_behalf_actions(*, actor: User, complaint: Complaint) -> list[Action]:
    """The reporter's moves the actor may record for them now (none when not eligible)."""
    if not recorded_for_reporter(actor=actor, complaint=complaint):
        return []
    return state.allowed_actions(complaint.status, state.ON_BEHALF)


def complaint_record_for_reporter(
    *,
    complaint: Complaint,
    actor: User,
    action: str,
    conveyed: str,
    note: str = "",
    **fields: Any,
) -> Transition:
    """The intake officer records what a reporter said at the office, on the phone or in a
    message: confirmation with rating, objection, or the information asked for. The move is
    the reporter's (`Capacity.ON_BEHALF`), made by the officer, and the history keeps both
    and how it was conveyed. 403 for anyone but the desa's intake officer; 409 for a web or
    application complaint (the reporter does it with code and PIN) and for a move the state
    table refuses now."""
    if Capacity.INTAKE not in capacities(actor, complaint):
        raise NotAllowed()
    if complaint.channel not in STAFF_CHANNELS:
        raise InvalidTransition(
            _("The reporter filed this online: they confirm or object with their own code."),
            extra={"allowed_actions": []},
        )
    if Action(action) not in state.ON_BEHALF_ACTIONS:
        raise ValidationError({"action": _("Only the reporter's own moves can be recorded.")})
    if conveyed not in Conveyed.values:
        raise ValidationError({"conveyed": _("Say how the reporter told the office.")})
    return complaint_transition(
        complaint=complaint,
        action=action,
        actor=actor,
        note=note,
        as_capacity=Capacity.ON_BEHALF,
        conveyed=conveyed,
        **fields,
    )

"""Every write to a complaint. `complaint_transition` is the only writer of its status."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Position, Role, User
from accounts.scoping import OFFICE, can_act_in, desa_for
from common.crypto import blind_index
from common.errors import ConcurrentChange, InvalidTransition, NotAllowed, NotFound
from common.phone import phone_normalise
from complaints import hooks, selectors, spam, state
from complaints.access import capacities, require_office, visible_complaints
from complaints.identity import (
    nik_normalise,
    pin_digest,
    pin_matches,
    pin_new,
    tracking_code_new,
    tracking_code_normalise,
)
from complaints.models import (
    STAFF_CHANNELS,
    AgencyKind,
    Attachment,
    Category,
    Channel,
    Complaint,
    Conveyed,
    Forwarding,
    IdentityAccess,
    IdentityGrant,
    Level,
    Note,
    Priority,
    ReporterIdentity,
    Transition,
    Visibility,
)
from complaints.state import Action, Capacity, Status
from regions.models import Level as RegionLevel
from regions.models import Region

# Default categories of every desa (slug, name in Bahasa Indonesia, icon, routed to).
DEFAULT_CATEGORIES = [
    ("infrastruktur", "Infrastruktur", "road", Position.KASI_PEMERINTAHAN),
    ("bantuan-sosial", "Bantuan sosial", "hands", Position.KASI_KESEJAHTERAAN),
    ("administrasi-kependudukan", "Administrasi kependudukan", "id-card", Position.KASI_PELAYANAN),
    ("pelayanan-aparatur", "Pelayanan aparatur", "person", Position.SEKDES),
    ("keamanan-ketertiban", "Keamanan & ketertiban", "shield", Position.KASI_PEMERINTAHAN),
    ("lingkungan", "Lingkungan", "leaf", Position.KASI_KESEJAHTERAAN),
    ("lainnya", "Lainnya", "dots", Position.SEKDES),
]

# Urgency × impact on the public interest → priority (Klero: "urgensi dan dampak terhadap
# kepentingan umum").
PRIORITY_MATRIX = {
    (Level.HIGH, Level.HIGH): Priority.P1,
    (Level.HIGH, Level.MEDIUM): Priority.P2,
    (Level.MEDIUM, Level.HIGH): Priority.P2,
    (Level.HIGH, Level.LOW): Priority.P3,
    (Level.MEDIUM, Level.MEDIUM): Priority.P3,
    (Level.LOW, Level.HIGH): Priority.P3,
    (Level.MEDIUM, Level.LOW): Priority.P4,
    (Level.LOW, Level.MEDIUM): Priority.P4,
    (Level.LOW, Level.LOW): Priority.P4,
}


def priority_of(*, urgency: str, impact: str) -> Priority:
    return PRIORITY_MATRIX[(Level(urgency), Level(impact))]


_LEVELS = [Level.LOW, Level.MEDIUM, Level.HIGH]
# The reporter's "mendesak?" as the urgency it suggests: yes is high, "it can wait" low.
URGENCY_OF_ANSWER = {True: Level.HIGH, False: Level.LOW}
# The impact on the public interest a matter reported by several residents suggests at
# least (reporters = the complaint and the duplicates joined to it): the more households
# it touches, the wider the impact.
IMPACT_OF_REPORTERS = ((3, Level.HIGH), (2, Level.MEDIUM))


# The states a complaint passes through before the office verifies it.
_UNVERIFIED = frozenset({Status.SUBMITTED, Status.RECEIVED, Status.NEEDS_INFO})


@dataclass(frozen=True)
class PrioritySuggestion:
    urgency: Level
    impact: Level


def priority_suggested(*, complaint: Complaint) -> PrioritySuggestion:
    """What the verify and prioritise forms start from; the officer decides.

    Urgency: the reporter's own "mendesak?" answer until the office verified it, then the
    urgency the office set (no answer: the urgency it was filed with, medium by default).
    Impact: the complaint's, raised to what the number of residents who reported it
    suggests (`IMPACT_OF_REPORTERS`), never lowered."""
    urgency = Level(complaint.urgency)
    if complaint.status in _UNVERIFIED:
        urgency = URGENCY_OF_ANSWER.get(complaint.reporter_urgent, urgency)
    impact = Level(complaint.impact)
    for reporters, floor in IMPACT_OF_REPORTERS:
        if complaint.reporters_count >= reporters:
            impact = max(impact, floor, key=_LEVELS.index)
            break
    return PrioritySuggestion(urgency, impact)


def category_ensure_defaults(*, desa: Region) -> None:
    """Give a desa the default categories it lacks. Idempotent."""
    for order, (slug, name, icon, position) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(
            desa=desa,
            slug=slug,
            defaults={"name": name, "icon": icon, "default_position": position, "order": order},
        )


@dataclass(frozen=True)
class ReporterData:
    name: str
    nik: str
    phone: str
    address: str
    email: str = ""


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    pin: str  # shown once to the reporter; only its hash is stored


def _check_channel(*, channel: str, desa: Region, actor: User | None) -> User | None:
    """Web submissions come from residents; other channels are typed in by staff.

    Returns the staff member who enters it, or None for a self-submission.
    """
    if channel == Channel.WEB:
        return None
    if channel == Channel.APPLICATION:  # integrations.services checked the client's scope
        return None
    if actor is None:
        raise ValidationError(
            {"channel": _("Only village staff record complaints from this channel.")}
        )
    if channel == Channel.SUGGESTION_BOX:
        roles = {Role.BOX_TEAM, Role.INTAKE_OFFICER}
    else:
        roles = {Role.INTAKE_OFFICER}
    if not can_act_in(actor, roles, desa):
        raise ValidationError(
            {"channel": _("Only village staff record complaints from this channel.")}
        )
    return actor


def complaint_submit(
    *,
    desa_code: str,
    kind: str,
    category_slug: str,
    channel: str,
    title: str,
    description: str,
    anonymous: bool,
    reporter: ReporterData | None,
    actor: User | None,
    urgency: str = Level.MEDIUM,
    impact: str = Level.MEDIUM,
    reporter_urgent: bool | None = None,
    location_text: str = "",
    latitude=None,
    longitude=None,
    received_at: datetime | None = None,
    social_post_url: str = "",
    social_account: str = "",
    spam_trapped: bool = False,
) -> Submitted:
    """File a complaint. Self-service (web) starts `submitted`; a complaint typed in by an
    intake officer from a walk-in, phone call, letter or message is received at once, since
    the officer is receiving it. A logged-in resident's complaint is linked to the account.

    `received_at`: when the office had it in hand, if earlier than now (a suggestion-box
    slip is received on the day the box was opened); see `complaint_transition`.

    `reporter_urgent`: the reporter's own answer to "mendesak?" (None when not asked or
    not answered), kept apart from `urgency` (`Complaint.reporter_urgent`).

    `spam_trapped`: the web form's traps caught it (`spam.is_trapped`). It is stored and
    answered like any other, then set aside as spam at once: no register number, nothing
    sent to anyone.
    """
    arguments = locals()  # the parameters as they came, for each attempt
    for _attempt in range(5):
        try:
            return _submit(**arguments)
        except _InsertRefused as refused:
            # The attempt's transaction is rolled back. A code collision (astronomically
            # rare) draws another code; any other refusal is a bug to report as it is.
            if not Complaint.objects.filter(tracking_code=refused.tracking_code).exists():
                raise refused.__cause__ from None
    raise RuntimeError("no free tracking code")  # pragma: no cover


class _InsertRefused(Exception):
    def __init__(self, tracking_code: str) -> None:
        self.tracking_code = tracking_code


def _desa_category(*, desa_code: str, category_slug: str) -> Category:
    """The desa's active category, with the desa, in one query when both exist."""
    category = selectors.category_of_desa(desa_code=desa_code, slug=category_slug)
    if category is not None:
        return category
    desa = Region.objects.filter(code=desa_code, level=RegionLevel.DESA).first()
    if desa is None:
        raise ValidationError({"desa": _("No desa has this code.")})
    if not Category.objects.filter(desa=desa).exists():
        # A desa's first complaint: it starts from the default categories.
        category_ensure_defaults(desa=desa)
        category = Category.objects.filter(desa=desa, slug=category_slug, active=True).first()
    if category is None:
        raise ValidationError({"category": _("This desa has no such category.")})
    return category


@transaction.atomic
def _submit(
    *,
    desa_code: str,
    kind: str,
    category_slug: str,
    channel: str,
    title: str,
    description: str,
    anonymous: bool,
    reporter: ReporterData | None,
    actor: User | None,
    urgency: str,
    impact: str,
    reporter_urgent: bool | None,
    location_text: str,
    latitude,
    longitude,
    received_at: datetime | None,
    social_post_url: str,
    social_account: str,
    spam_trapped: bool,
) -> Submitted:
    category = _desa_category(desa_code=desa_code, category_slug=category_slug)
    desa = category.desa
    if not anonymous and reporter is None:
        raise ValidationError(
            {"reporter": _("Give the reporter's identity, or mark it anonymous.")}
        )
    entered_by = _check_channel(channel=channel, desa=desa, actor=actor)
    if (social_post_url.strip() or social_account.strip()) and channel != Channel.SOCIAL_MEDIA:
        raise ValidationError(
            {"social_post_url": _("Only a complaint from social media has a post and account.")}
        )
    identity = None if anonymous else _identity_fields(reporter, channel=channel)

    pin = pin_new()
    complaint = Complaint(
        desa=desa,
        kind=kind,
        category=category,
        channel=channel,
        title=title.strip(),
        description=description.strip(),
        location_text=location_text.strip(),
        latitude=latitude,
        longitude=longitude,
        urgency=urgency,
        impact=impact,
        priority=priority_of(urgency=urgency, impact=impact),
        reporter_urgent=reporter_urgent,
        anonymous=anonymous,
        reporter_account=actor if entered_by is None and actor is not None else None,
        entered_by=entered_by,
        social_post_url=social_post_url.strip(),
        social_account=social_account.strip(),
        spam_score=spam.spam_score(title, description, location_text),
        spam_trapped=spam_trapped,
    )
    complaint.tracking_code = tracking_code_new()
    complaint.pin_hash = pin_digest(complaint.tracking_code, pin)
    try:
        complaint.save()
    except IntegrityError as refused:
        # `complaint_submit` looks into it after the rollback: a savepoint on every insert
        # for a collision that practically never happens would cost two round trips.
        raise _InsertRefused(complaint.tracking_code) from refused
    if identity is not None:
        ReporterIdentity.objects.create(complaint=complaint, **identity)
    if spam_trapped:
        complaint_transition(
            complaint=complaint, action=Action.DISMISS_SPAM, actor=None, as_capacity=Capacity.SYSTEM
        )
        complaint.refresh_from_db()
        return Submitted(complaint, pin)
    hooks.run(hooks.Point.SUBMITTED, complaint=complaint)
    if (
        entered_by is not None
        and channel in STAFF_CHANNELS
        and can_act_in(entered_by, {Role.INTAKE_OFFICER}, desa)
    ):
        received = {"received_at": received_at} if received_at else {}
        complaint_transition(
            complaint=complaint, action=Action.RECEIVE, actor=entered_by, **received
        )
        complaint.refresh_from_db()
    elif entered_by is None:
        # From the web form or an application: nobody in the office has seen it yet. (Staff
        # channels are typed in by staff; the box team's slips are received by its service.)
        hooks.run(hooks.Point.UNSEEN_BY_OFFICE, complaint=complaint)
    return Submitted(complaint, pin)


def _identity_fields(reporter: ReporterData | None, *, channel: str) -> dict[str, str]:
    """The identity to store, checked. A suggestion-box slip carries only what its writer
    put on paper: a name, perhaps a phone number; nobody showed a KTP to check a NIK."""
    assert reporter is not None
    errors: dict[str, list[str]] = {}
    nik = phone = ""
    from_paper = channel == Channel.SUGGESTION_BOX
    if reporter.nik or not from_paper:
        try:
            nik = nik_normalise(reporter.nik)
        except ValidationError as exc:
            errors["nik"] = exc.messages
    if reporter.phone or not from_paper:
        try:
            phone = phone_normalise(reporter.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if from_paper and not reporter.name.strip():
        errors["name"] = [_("Write the name on the slip, or mark it anonymous.")]
    if errors:
        raise ValidationError({f"reporter.{field}": messages for field, messages in errors.items()})
    return {
        "name": reporter.name.strip(),
        "nik": nik,
        "phone": phone,
        "address": reporter.address.strip(),
        "email": reporter.email.strip(),
        # No index for a missing value: every slip without one would share it.
        "nik_index": blind_index(nik) if nik else "",
        "phone_index": blind_index(phone) if phone else "",
    }


# --- the state machine -------------------------------------------------------------------
def _required(fields: dict[str, Any], name: str, message: str) -> Any:
    value = fields.get(name)
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ValidationError({name: message})
    return value.strip() if isinstance(value, str) else value


def _priority_change(
    complaint: Complaint, action: Action, fields: dict[str, Any], updates: dict[str, Any]
) -> dict[str, Any]:
    """Urgency × impact set at verify (both required), or changed later with a reason."""
    errors: dict[str, str] = {}
    for name in ("urgency", "impact"):
        if fields.get(name) not in Level.values:
            errors[name] = _("Choose low, medium or high.")
    reason = (fields.get("reason") or "").strip()
    if action == Action.PRIORITISE and not reason:
        errors["reason"] = _("Say why the priority changes.")
    if errors:
        raise ValidationError(errors)
    urgency, impact = fields["urgency"], fields["impact"]
    if action == Action.PRIORITISE and (urgency, impact) == (complaint.urgency, complaint.impact):
        raise ValidationError({"urgency": _("The complaint already has this urgency and impact.")})
    priority = priority_of(urgency=urgency, impact=impact)
    updates.update(urgency=urgency, impact=impact, priority=priority)
    data = {
        "urgency": urgency,
        "impact": impact,
        "priority": priority.value,
        "from_priority": complaint.priority,
    }
    return {**data, "reason": reason} if action == Action.PRIORITISE else data


def _answer_files(complaint: Complaint):
    """Files attached for the answer being written, not yet delivered with one."""
    return Attachment.objects.filter(complaint=complaint, for_answer=True, answer__isnull=True)


def _received_at(given: datetime | None, now: datetime) -> datetime:
    """When the office had the complaint in hand: now, or earlier for a suggestion-box slip
    received on its opening day; never later than now."""
    if given is None:
        return now
    if given > now:
        raise ValidationError({"received_at": _("The time received cannot be in the future.")})
    return given


def _effects(
    complaint: Complaint, action: Action, fields: dict[str, Any], note: str, actor: User | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Column updates and history data of one move; raises ValidationError on bad input."""
    now = timezone.now()
    updates: dict[str, Any] = {}
    data: dict[str, Any] = {}
    if action == Action.RECEIVE:
        updates["received_at"] = _received_at(fields.get("received_at"), now)
    elif action in (Action.VERIFY, Action.PRIORITISE):
        data = _priority_change(complaint, action, fields, updates)
        if action == Action.PRIORITISE:
            note = data["reason"]
    elif action == Action.REJECT:
        updates["rejection_reason"] = _required(
            fields, "reason", _("Tell the reporter why it is rejected.")
        )
        updates["closed_at"] = now
    elif action == Action.REQUEST_INFO:
        if not note.strip():
            raise ValidationError({"note": _("Say what information is missing.")})
        updates["info_request"] = note.strip()
    elif action == Action.SUPPLY_INFO:
        if not note.strip():
            raise ValidationError({"note": _("Write the information that was asked for.")})
    elif action in (Action.ASSIGN, Action.REASSIGN):
        # Distribution is the assignments app's (`assignment_effect`).
        updates, data = hooks.effect(action)(
            complaint=complaint, fields=fields, actor=actor, now=now
        )
    elif action == Action.ANSWER:
        answer = (fields.get("answer") or complaint.answer or "").strip()
        if not answer:
            raise ValidationError({"answer": _("Write the answer for the reporter.")})
        updates.update(answer=answer, answered_at=now)
        # Kept with the move: a later objection and answer never overwrite this one.
        data = {"answer": answer, "position": complaint.assigned_position}
        # How many files go with it, for the register's follow-up column (no names: a file
        # name may carry identity). The complaint row is locked: no upload slips in between.
        files = _answer_files(complaint).count()
        if files:
            data["attachments"] = files
        published_to = (fields.get("published_to") or "").strip()
        if published_to:
            if complaint.channel != Channel.SOCIAL_MEDIA:
                raise ValidationError(
                    {"published_to": _("Only a social-media complaint is answered on a post.")}
                )
            # Where the answer was posted back (a reply's link, or words): staff history only.
            data["published_to"] = published_to
    elif action == Action.CONFIRM:
        rating = fields.get("rating")
        if not isinstance(rating, int) or not 1 <= rating <= 5:
            raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
        updates.update(
            rating=rating, rating_comment=(fields.get("comment") or "").strip(), closed_at=now
        )
        data = {"rating": rating}
    elif action == Action.OBJECT:
        reason = _required(fields, "reason", _("Say why the answer does not settle it."))
        window = timedelta(days=settings.OBJECTION_WINDOW_DAYS)
        if complaint.answered_at and now > complaint.answered_at + window:
            raise InvalidTransition(
                _("The objection period of %(days)s days has passed.")
                % {"days": settings.OBJECTION_WINDOW_DAYS},
                extra={"allowed_actions": []},
            )
        updates.update(answered_at=None, closed_at=None)
        data = {"reason": reason}
        note = note or reason
    elif action == Action.CLOSE:
        updates["closed_at"] = now
    elif action == Action.DISMISS_SPAM:
        # Not `closed_at`: spam belongs to no report's month (reports.rollup).
        updates["spam_at"] = now
    elif action == Action.MARK_DUPLICATE:
        primary = _duplicate_primary(complaint, fields.get("duplicate_of"))
        Complaint.objects.filter(pk=primary.pk).update(
            duplicates_count=F("duplicates_count") + 1, updated_at=now
        )
        updates.update(duplicate_of=primary, closed_at=now)
        data = {"duplicate_of": primary.tracking_code}
    elif action == Action.FORWARD:
        forwarding = _forwarding_new(complaint, fields, actor, now)
        updates["closed_at"] = now
        data = {
            "agency_kind": forwarding.agency_kind,
            "agency": forwarding.agency,
            "reason": forwarding.reason,
            "identity_shared": forwarding.identity_shared,
        }
    return updates, data


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


def _forwarding_new(
    complaint: Complaint, fields: dict[str, Any], actor: User | None, now: datetime
) -> Forwarding:
    """The record of where a complaint went and why; checks the move's fields (400)."""
    errors: dict[str, str] = {}
    kind = fields.get("agency_kind")
    if kind not in AgencyKind.values:
        errors["agency_kind"] = _("Choose the kecamatan, an agency or SP4N-LAPOR!.")
    agency = (fields.get("agency") or "").strip()
    if not agency and kind == AgencyKind.KECAMATAN and complaint.desa.parent_id:
        agency = _("Kecamatan %(name)s") % {"name": complaint.desa.parent.name}
    elif not agency and kind == AgencyKind.LAPOR:
        agency = "SP4N-LAPOR!"
    if not agency:
        errors["agency"] = _("Name the office it is forwarded to.")
    reason = (fields.get("reason") or "").strip()
    if not reason:
        errors["reason"] = _("Tell the reporter why the desa cannot settle it.")
    today = timezone.localdate(now, timezone=ZoneInfo(complaint.desa.timezone))
    forwarded_on = fields.get("forwarded_on") or today
    if forwarded_on > today:
        errors["forwarded_on"] = _("The date cannot be in the future.")
    elif complaint.received_at and forwarded_on < timezone.localdate(
        complaint.received_at, timezone=ZoneInfo(complaint.desa.timezone)
    ):
        errors["forwarded_on"] = _("The date cannot be before the complaint was received.")
    share = bool(fields.get("share_identity"))
    consent = (fields.get("identity_consent") or "").strip()
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
        forwarded_by=actor,
    )


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
    forwarding.reference, forwarding.reference_at = reference, timezone.now()
    forwarding.save(update_fields=["reference", "reference_at"])
    return forwarding


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
    applies the move's own effects, writes the status with a compare-and-set and appends a
    `Transition`. `as_capacity` is for callers that established it otherwise: the reporter
    holding code + PIN, or the system's timers.

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
    updates, data = _effects(locked, action, fields, note, actor)
    if conveyed:
        data = {**data, "on_behalf_via": Conveyed(conveyed).value}
    if action in (Action.OBJECT, Action.PRIORITISE):
        note = note or data.get("reason", "")
    for field in ("urgency", "impact", "priority"):  # the SLA clock reads the new priority
        if field in updates:
            setattr(locked, field, updates[field])
    if fields.get("received_at"):  # the SLA clock starts from a receipt given as earlier
        locked.received_at = updates["received_at"]
    changed = Complaint.objects.filter(pk=locked.pk, status=current).update(
        status=target, updated_at=timezone.now(), **updates
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
        _answer_files(locked).update(answer=transition, visibility=Visibility.PUBLIC)
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


def spam_purge(*, now: datetime | None = None) -> int:
    """Delete spam set aside more than SPAM_RETENTION_DAYS ago, with its history,
    identity and files. Returns how many; running it again finds nothing more."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SPAM_RETENTION_DAYS)
    expired = Complaint.objects.filter(status=Status.SPAM, spam_at__lt=cutoff)
    purged = 0
    for complaint in expired.iterator():
        with transaction.atomic():
            for attachment in complaint.attachments.all():
                attachment.file.delete(save=False)
            complaint.delete()
            purged += 1
    return purged


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


# --- follow-up ------------------------------------------------------------------------------
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
        "public_approved_at": timezone.now() if approved else None,
        "public_approved_by": actor if approved else None,
    }
    Complaint.objects.filter(pk=complaint.pk).update(**updates)
    for field, value in updates.items():
        setattr(complaint, field, value)
    return complaint


# --- identity ------------------------------------------------------------------------------
def identity_visible_to(actor: User, complaint: Complaint, held: set[Capacity]) -> bool:
    """Intake officers and the village head see the reporter; the assigned official only
    with a grant; the reporter sees their own."""
    if complaint.anonymous:
        return False
    if held & {Capacity.INTAKE, Capacity.HEAD, Capacity.REPORTER}:
        return True
    if Capacity.ASSIGNEE in held:
        return IdentityGrant.objects.filter(complaint=complaint, grantee=actor).exists()
    return False


def identity_read(
    *, complaint: Complaint, actor: User, purpose: str = IdentityAccess.Purpose.VIEW
) -> ReporterIdentity:
    """The reporter's identity, logging the access (not the reporter's own reads).

    404 for an anonymous complaint (there is none); 403 when it is kept from the actor.
    """
    held = capacities(actor, complaint)
    identity = None
    if not complaint.anonymous:
        identity = ReporterIdentity.objects.filter(complaint=complaint).first()
    if identity is None:
        raise NotFound()
    if not identity_visible_to(actor, complaint, held):
        raise NotAllowed(_("The reporter's identity is kept confidential from you."))
    if held != {Capacity.REPORTER}:
        IdentityAccess.objects.create(
            complaint=complaint, desa_id=complaint.desa_id, actor=actor, purpose=purpose
        )
    return identity


@transaction.atomic
def identity_grant(
    *, complaint: Complaint, actor: User, grantee: User, reason: str
) -> IdentityGrant:
    """An intake officer lets the assigned official see who reported. Idempotent."""
    if Capacity.INTAKE not in capacities(actor, complaint):
        raise NotAllowed()
    if complaint.anonymous:
        raise ValidationError({"grantee": _("An anonymous complaint has no identity to share.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the official needs the identity.")})
    if Capacity.ASSIGNEE not in capacities(grantee, complaint):
        raise ValidationError({"grantee": _("Only the official it is assigned to can be granted.")})
    grant, created = IdentityGrant.objects.get_or_create(
        complaint=complaint,
        grantee=grantee,
        defaults={"granted_by": actor, "reason": reason.strip()},
    )
    if created:
        IdentityAccess.objects.create(
            complaint=complaint,
            desa_id=complaint.desa_id,
            actor=actor,
            purpose=IdentityAccess.Purpose.GRANT,
            grantee=grantee,
            reason=grant.reason,
        )
    return grant

"""Filing a complaint: `complaint_submit`, from the web form, an application or the office."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Position, Role, User
from accounts.scoping import can_act_in
from common.crypto import blind_index
from common.phone import phone_normalise
from complaints import hooks, selectors, spam
from complaints.identity import nik_normalise, pin_digest, pin_new, tracking_code_new
from complaints.models import (
    STAFF_CHANNELS,
    Category,
    Channel,
    Complaint,
    Level,
    ReporterIdentity,
)
from complaints.services.priority import priority_of
from complaints.services.transitions import complaint_transition
from complaints.state import Action, Capacity
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


def category_ensure_defaults(*, desa: Region) -> None:
    """Give a desa the default categories it lacks. Idempotent, and safe when two first
    complaints of a desa arrive at once: one insert, which skips the slugs already there.
    Being a bulk insert it sends no `post_save`: its caller, a desa's first complaint,
    tells the listeners of new complaints (`hooks.Point.SUBMITTED`) in the same transaction.
    """
    Category.objects.bulk_create(
        [
            Category(
                desa=desa, slug=slug, name=name, icon=icon, default_position=position, order=order
            )
            for order, (slug, name, icon, position) in enumerate(DEFAULT_CATEGORIES)
        ],
        ignore_conflicts=True,
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

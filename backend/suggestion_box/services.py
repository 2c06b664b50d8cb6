"""Every write of the suggestion box: openings, their declared count, and their slips.

A slip becomes a complaint through `complaints.services.complaint_submit` (channel
`suggestion_box`) and is received at once, dated the opening's time: the register entry,
the SLA clock and the reports all count from the day the box was opened, however late the
slip is typed in.
"""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from common.clock import current_time
from common.errors import NotAllowed
from complaints.attachments import attachment_add, upload_accepted
from complaints.models import Channel, Kind, Visibility
from complaints.services import ReporterData, complaint_submit, complaint_transition
from complaints.state import Action, Capacity, Status
from regions.models import Region
from suggestion_box.access import may_record
from suggestion_box.models import DeclaredCountChange, Opening, Slip

MAX_WITNESSES = 10
MAX_OPENERS = 10


@dataclass(frozen=True)
class Witness:
    name: str
    position: str  # jabatan, e.g. "Ketua BPD"


def _check_recorder(actor: User, desa: Region) -> None:
    if not may_record(actor, desa):
        raise NotAllowed()


def _openers(desa: Region, opener_ids: list[int]) -> list[User]:
    """The box team members of the desa named as openers; ValidationError otherwise."""
    if not opener_ids:
        raise ValidationError({"openers": _("Choose who opened the box.")})
    if len(set(opener_ids)) > MAX_OPENERS:
        raise ValidationError({"openers": _("Choose at most %(n)s people.") % {"n": MAX_OPENERS}})
    members = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            region=desa, role=Role.BOX_TEAM, user_id__in=set(opener_ids), user__is_active=True
        ).select_related("user")
    }
    if set(opener_ids) - members.keys():
        raise ValidationError({"openers": _("Choose members of this desa's box team.")})
    return [members[pk] for pk in dict.fromkeys(opener_ids)]


def _witnesses(witnesses: list[Witness]) -> list[dict[str, str]]:
    cleaned = [
        {"name": w.name.strip(), "position": w.position.strip()}
        for w in witnesses
        if w.name.strip() or w.position.strip()
    ]
    if not cleaned:
        raise ValidationError({"witnesses": _("Name at least one witness.")})
    if len(cleaned) > MAX_WITNESSES:
        raise ValidationError(
            {"witnesses": _("Name at most %(n)s witnesses.") % {"n": MAX_WITNESSES}}
        )
    if any(not w["name"] or not w["position"] for w in cleaned):
        raise ValidationError({"witnesses": _("Give each witness's name and position.")})
    return cleaned


def opening_create(
    *,
    desa: Region,
    actor: User,
    opened_at: datetime,
    opener_ids: list[int],
    witnesses: list[Witness],
    declared_count: int,
    notes: str = "",
) -> Opening:
    """Record an opening of the desa's suggestion box (box team or intake officer).

    `opened_at` may not be in the future; openers are active box-team members of the desa;
    at least one witness, each with a name and a position.
    """
    _check_recorder(actor, desa)
    errors: dict[str, str] = {}
    if opened_at > current_time():
        errors["opened_at"] = _("The opening cannot be in the future.")
    if declared_count < 0:
        errors["declared_count"] = _("Give the number of slips found (0 or more).")
    if errors:
        raise ValidationError(errors)
    openers = _openers(desa, opener_ids)
    with transaction.atomic():
        opening = Opening.objects.create(
            desa=desa,
            opened_at=opened_at,
            witnesses=_witnesses(witnesses),
            declared_count=declared_count,
            notes=notes.strip(),
            recorded_by=actor,
        )
        opening.openers.set(openers)
    return opening


def opening_photo_add(*, opening: Opening, actor: User, photo: File) -> Opening:
    """Keep the photo of the signed berita acara, checked like a complaint's attachment
    (type judged from the bytes, size limit, photo metadata stripped). One per opening:
    a second is refused, so the record of what was signed is not replaced."""
    _check_recorder(actor, opening.desa)
    if opening.photo:
        raise ValidationError({"file": _("This opening already has its photo.")})
    content_type, data = upload_accepted(photo)
    token = secrets.token_urlsafe(24)  # the storage key says nothing of the opening
    locked = None
    try:
        with transaction.atomic():
            locked = Opening.objects.select_for_update().select_related("desa").get(pk=opening.pk)
            if locked.photo:
                raise ValidationError({"file": _("This opening already has its photo.")})
            locked.photo_token = token
            locked.photo_content_type = content_type
            locked.photo.save(token, ContentFile(data), save=False)
            locked.save(update_fields=["photo", "photo_token", "photo_content_type"])
    except Exception:
        if locked is not None and locked.photo_token == token and locked.photo:
            locked.photo.delete(save=False)  # written, but the row was not: no orphan
        raise
    return locked


@transaction.atomic
def opening_declared_count_change(
    *, opening: Opening, actor: User, declared_count: int, reason: str
) -> DeclaredCountChange:
    """Correct how many slips were found, with a reason; every correction is kept."""
    _check_recorder(actor, opening.desa)
    errors: dict[str, str] = {}
    if declared_count < 0:
        errors["declared_count"] = _("Give the number of slips found (0 or more).")
    if not reason.strip():
        errors["reason"] = _("Say why the number changes.")
    if errors:
        raise ValidationError(errors)
    locked = Opening.objects.select_for_update().get(pk=opening.pk)
    if declared_count == locked.declared_count:
        raise ValidationError({"declared_count": _("The opening already has this number.")})
    change = DeclaredCountChange.objects.create(
        opening=locked,
        from_count=locked.declared_count,
        to_count=declared_count,
        reason=reason.strip(),
        changed_by=actor,
    )
    Opening.objects.filter(pk=locked.pk).update(declared_count=declared_count)
    return change


@contextmanager
def _slip_fields():
    """The slip form's field names on the complaint's refusals (`reporter.phone` → `phone`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {name.removeprefix("reporter."): errors for name, errors in exc.error_dict.items()}
        ) from None


@dataclass(frozen=True)
class SlipData:
    kind: str
    category_slug: str
    title: str
    description: str
    anonymous: bool
    name: str = ""
    phone: str = ""
    urgent: bool | None = None  # what the slip says of "mendesak?", if anything


def slip_add(*, opening: Opening, actor: User, slip: SlipData, photo: File | None = None) -> Slip:
    """Type in one slip of an opening: a complaint received on the opening's date.

    The complaint (channel `suggestion_box`, entered by the actor) is received at once with
    a register number, in the capacity of the box team when the actor is not an intake
    officer. A named slip keeps the name (and phone) written on it as the reporter's
    encrypted identity. The slip's photo becomes a staff-only attachment of the complaint.
    The opening's row is locked while its next slip number is taken.
    """
    _check_recorder(actor, opening.desa)
    if slip.kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of slip.")})
    reporter = None
    if not slip.anonymous:
        reporter = ReporterData(
            name=slip.name.strip(), nik="", phone=slip.phone.strip(), address=""
        )
    with transaction.atomic(), _slip_fields():
        locked = Opening.objects.select_for_update().get(pk=opening.pk)
        complaint = complaint_submit(
            desa_code=opening.desa.code,
            kind=slip.kind,
            category_slug=slip.category_slug,
            channel=Channel.SUGGESTION_BOX,
            title=slip.title,
            description=slip.description,
            anonymous=slip.anonymous,
            reporter=reporter,
            actor=actor,
            reporter_urgent=slip.urgent,
            received_at=locked.opened_at,
        ).complaint
        if complaint.status == Status.SUBMITTED:  # typed in by the box team
            complaint_transition(
                complaint=complaint,
                action=Action.RECEIVE,
                actor=actor,
                as_capacity=Capacity.BOX_TEAM,
                received_at=locked.opened_at,
            )
            complaint.refresh_from_db()
        last = locked.slips.order_by("-number").values_list("number", flat=True).first()
        created = Slip.objects.create(
            opening=locked, complaint=complaint, number=(last or 0) + 1, entered_by=actor
        )
        if photo is not None:
            attachment_add(
                complaint=complaint,
                actor=actor,
                upload=photo,
                visibility=Visibility.STAFF,
                as_recorder=True,
            )
    return created

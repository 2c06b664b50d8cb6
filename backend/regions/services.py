"""Writes to the region tree. Admins also edit regions in Django's admin, which calls these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.phone import phone_normalise
from regions import emblems
from regions.models import CODE_SEGMENTS, PARENT_LEVEL, DesaContact, Level, Region


def region_parent_code(code: str) -> str | None:
    """`32.07.10.2010` → `32.07.10`; a province has none."""
    return code.rsplit(".", 1)[0] if "." in code else None


def region_validate(*, code: str, level: str, register_abbreviation: str = "") -> None:
    """Raise ValidationError unless the code's shape matches the level."""
    if code.count(".") + 1 != CODE_SEGMENTS[Level(level)]:
        raise ValidationError({"code": _("The code does not have the shape of this level.")})
    if level == Level.DESA and not register_abbreviation:
        raise ValidationError({"register_abbreviation": _("A desa needs a register abbreviation.")})


@transaction.atomic
def region_upsert(*, code: str, name: str, level: str, register_abbreviation: str = "") -> Region:
    """Create or update the region `code`; its parent (from the code prefix) must exist.

    Idempotent: upserting the same values twice changes nothing.
    """
    region_validate(code=code, level=level, register_abbreviation=register_abbreviation)
    parent = None
    parent_code = region_parent_code(code)
    if parent_code is not None:
        parent = Region.objects.filter(code=parent_code).first()
        if parent is None or parent.level != PARENT_LEVEL[Level(level)]:
            raise ValidationError({"code": _("The parent region %s is missing.") % parent_code})
    region, _created = Region.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "level": level,
            "parent": parent,
            "register_abbreviation": register_abbreviation,
        },
    )
    return region


def desa_contact_clean(
    *,
    desa: Region,
    whatsapp: str,
    phone: str,
    email: str,
    office_address: str,
    office_hours: str,
    whatsapp_phone_number_id: str = "",
) -> dict[str, str]:
    """The contact fields as stored: trimmed, phone numbers in E.164; ValidationError for a
    region that is not a desa or a number that is not Indonesian."""
    if desa.level != Level.DESA:
        raise ValidationError({"desa": _("Contact details belong to a desa.")})
    errors: dict[str, list[str]] = {}
    numbers = {}
    for field, raw in (("whatsapp", whatsapp), ("phone", phone)):
        try:
            numbers[field] = phone_normalise(raw) if raw.strip() else ""
        except ValidationError as exc:
            errors[field] = exc.messages
    phone_number_id = whatsapp_phone_number_id.strip()
    if phone_number_id and not phone_number_id.isdigit():
        errors["whatsapp_phone_number_id"] = [_("The phone number ID is digits only.")]
    if errors:
        raise ValidationError(errors)
    return {
        **numbers,
        "whatsapp_phone_number_id": phone_number_id,
        "email": email.strip(),
        "office_address": office_address.strip(),
        "office_hours": office_hours.strip(),
    }


@transaction.atomic
def desa_contact_set(
    *,
    desa: Region,
    whatsapp: str = "",
    phone: str = "",
    email: str = "",
    office_address: str = "",
    office_hours: str = "",
    whatsapp_phone_number_id: str = "",
) -> DesaContact:
    """Set a desa's contact details (created on first use). Idempotent."""
    fields = desa_contact_clean(
        desa=desa,
        whatsapp=whatsapp,
        phone=phone,
        email=email,
        office_address=office_address,
        office_hours=office_hours,
        whatsapp_phone_number_id=whatsapp_phone_number_id,
    )
    contact, _created = DesaContact.objects.update_or_create(desa=desa, defaults=fields)
    return contact


def region_emblem_set(*, region: Region, data: bytes) -> Region:
    """Give the region a new emblem from an uploaded image's bytes (PNG, JPEG or WebP).

    Raises ValidationError on `emblem` for anything else (`emblems.emblem_decode`). The small
    squares are written under a new version before the row changes; the previous version's
    files are removed once the change is committed, and the new ones when it is not.
    """
    files = emblems.emblem_squares(emblems.emblem_decode(data))
    version = emblems.emblem_write(code=region.code, files=files)
    try:
        _emblem_switch(region=region, version=version)
    except Exception:
        emblems.emblem_delete(code=region.code, version=version)  # no orphan in the storage
        raise
    return region


def region_emblem_remove(*, region: Region) -> Region:
    """The region shows its kabupaten's emblem again (or none). Idempotent."""
    _emblem_switch(region=region, version="")
    return region


@transaction.atomic
def _emblem_switch(*, region: Region, version: str) -> None:
    locked = Region.objects.select_for_update().only("code", "emblem_version").get(pk=region.pk)
    previous = locked.emblem_version
    Region.objects.filter(pk=region.pk).update(emblem_version=version)
    region.emblem_version = version
    if previous and previous != version:
        transaction.on_commit(lambda: emblems.emblem_delete(code=locked.code, version=previous))

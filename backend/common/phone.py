"""Indonesian phone numbers: whatever people type → E.164 (+62…)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _("Enter a valid Indonesian phone number, e.g. 0812-3456-7890.")


def phone_normalise(raw: str) -> str:
    """'0812-3456-7890', '62812…', '+62 812 …' → '+6281234567890'; ValidationError otherwise."""
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE, code="invalid_phone") from exc
    # "62812…" without "+" parses as a national number starting 62: retry as international.
    if not phonenumbers.is_valid_number(number) and raw.strip().startswith("62"):
        try:
            number = phonenumbers.parse("+" + raw.strip(), "ID")
        except phonenumbers.NumberParseException as exc:
            raise ValidationError(INVALID_PHONE, code="invalid_phone") from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_or_none(raw: str) -> str | None:
    try:
        return phone_normalise(raw)
    except ValidationError:
        return None

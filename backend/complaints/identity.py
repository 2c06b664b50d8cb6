"""Reporter identity checks and the public tracking code + PIN."""

import hmac
import re
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.crypto import blind_index

# Province codes in use (Kemendagri), the first two digits of a NIK.
PROVINCES = {
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
    61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
}  # fmt: skip

NIK_INVALID = _("A NIK has 16 digits as printed on the KTP.")
NIK_IMPLAUSIBLE = _("This NIK does not look valid: check the region and birth-date digits.")


def nik_normalise(raw: str) -> str:
    """Digits of a NIK, or ValidationError. Structure: PPKKCC DDMMYY SSSS, where the
    birth day of women is +40 (Permendagri on KTP-el / Dukcapil numbering)."""
    nik = re.sub(r"[\s.-]", "", raw or "")
    if not re.fullmatch(r"\d{16}", nik):
        raise ValidationError(NIK_INVALID, code="invalid_nik")
    province, regency, district = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    try:
        date(2000 + year, month, day)  # any century: only the day/month must exist
    except ValueError:
        raise ValidationError(NIK_IMPLAUSIBLE, code="implausible_nik") from None
    if province not in PROVINCES or regency == 0 or district == 0 or nik[12:] == "0000":
        raise ValidationError(NIK_IMPLAUSIBLE, code="implausible_nik")
    return nik


# No 0/O, 1/I/L, U: read aloud over the phone or copied from paper without mistakes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 30^10 ≈ 5.9e14 codes: unguessable, and a PIN guards each one besides


def tracking_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def tracking_code_normalise(raw: str) -> str:
    """'pgd7-k3m9 xq' → 'PGD7K3M9XQ'; tolerant of case, spaces and dashes."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def pin_new() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def pin_digest(tracking_code: str, pin: str) -> str:
    """Keyed hash of a PIN. Six digits are too few for a password hash to protect offline;
    the secret HMAC key does that, and online guessing is throttled."""
    return blind_index(f"pin:{tracking_code}:{pin}")


def pin_matches(tracking_code: str, pin: str, digest: str) -> bool:
    return hmac.compare_digest(pin_digest(tracking_code, pin), digest)

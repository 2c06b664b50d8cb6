"""The shape of an API key: `pdk_` + ten lowercase letters/digits (the prefix kept in clear)
+ `_` + 43 characters of secret (256 bits, URL-safe base64)."""

import hashlib
import hmac
import re
import secrets
import string

PREFIX_TAG = "pdk_"
_ALPHABET = string.ascii_lowercase + string.digits
KEY_PATTERN = re.compile(r"^(pdk_[a-z0-9]{10})_([A-Za-z0-9_-]{43})$")


def key_new() -> tuple[str, str]:
    """A fresh key and its prefix. The key is shown once and never stored."""
    prefix = PREFIX_TAG + "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


def key_digest(key: str) -> str:
    # A plain hash suffices: the key carries 256 random bits, so no dictionary applies,
    # and a keyed hash would break every key when the secret key rotates.
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key: str) -> str | None:
    match = KEY_PATTERN.match(key)
    return match.group(1) if match else None


def key_matches(key: str, digest: str) -> bool:
    return hmac.compare_digest(key_digest(key), digest)


def looks_like_key(value: str) -> bool:
    return value.startswith(PREFIX_TAG)

"""Encryption at rest for reporter identity, and keyed hashes to look it up.

Values are encrypted with MultiFernet (AES-128-CBC + HMAC-SHA256): the first key in
FIELD_ENCRYPTION_KEYS encrypts, every key decrypts, so keys rotate by prepending a new one
and re-saving rows. A wrong key raises instead of returning ciphertext. Look-ups (the same
NIK or phone across complaints) use an HMAC with a separate key, IDENTITY_HASH_KEY, which
never rotates with the encryption keys.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(value: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()


def blind_index(value: str) -> str:
    """A keyed hash of an already-normalised value (digits of a NIK, an E.164 phone)."""
    key = settings.IDENTITY_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python code only ever sees plaintext."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

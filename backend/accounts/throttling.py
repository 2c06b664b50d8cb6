"""Login and sign-up throttles. Counters live in the shared cache (Redis, or files)."""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.lockout import client_address
from common.phone import phone_or_none


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at call time, not import time, so that settings overrides take effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_address(request)  # the same address the login lockout counts


class LoginIpThrottle(_SettingsRateThrottle):
    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PhoneThrottle(_SettingsRateThrottle):
    """Per phone number, normalised, so '0812…' and '+62812…' share one counter."""

    field = "phone"

    def get_cache_key(self, request, view):
        raw = request.data.get(self.field) if hasattr(request.data, "get") else None
        if not isinstance(raw, str) or not raw.strip():
            return None
        login_name = phone_or_none(raw) or raw.strip().lower()
        # Hashed: cache keys are visible to operators, and a phone number is identity.
        ident = hashlib.sha256(login_name.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SignupIpThrottle(LoginIpThrottle):
    scope = "signup_ip"


class ResetIpThrottle(LoginIpThrottle):
    scope = "reset_ip"


class ResetPhoneThrottle(PhoneThrottle):
    """Codes asked for one number, however it is typed: each one is a message to a phone."""

    scope = "reset_phone"


class ResetConfirmIpThrottle(LoginIpThrottle):
    scope = "reset_confirm_ip"


class SignupPhoneThrottle(ResetPhoneThrottle):
    """Sign-ups for one number share the reset counter: each one sends that phone a message
    (a code, or a warning to its owner), whichever the form was."""


class SignupVerifyIpThrottle(ResetConfirmIpThrottle):
    """Guesses at a sign-up code share the reset guesses' counter."""

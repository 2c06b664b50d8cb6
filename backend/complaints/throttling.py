"""Throttles of the public complaint endpoints: submission and tracking (PIN guessing)."""

import hashlib

from accounts.models import Role
from accounts.scoping import roles_of
from accounts.throttling import LoginIpThrottle, _SettingsRateThrottle
from complaints.identity import tracking_code_normalise


class SubmitIpThrottle(LoginIpThrottle):
    """Anonymous and resident submissions per IP; staff typing in slips are not limited."""

    scope = "submit_ip"

    def get_cache_key(self, request, view):
        if roles_of(request.user) - {Role.RESIDENT}:
            return None
        return super().get_cache_key(request, view)


class TrackIpThrottle(LoginIpThrottle):
    scope = "track_ip"


class TrackCodeThrottle(_SettingsRateThrottle):
    """Per tracking code: a million PINs cannot be tried against one code from many IPs."""

    scope = "track_code"

    def get_cache_key(self, request, view):
        raw = request.data.get("code") if hasattr(request.data, "get") else None
        if not isinstance(raw, str) or not raw.strip():
            return None
        ident = hashlib.sha256(tracking_code_normalise(raw).encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}

"""Throttles of the public complaint endpoints: submission and tracking (PIN guessing)."""

import hashlib

from accounts.models import Role
from accounts.scoping import roles_of
from accounts.throttling import LoginIpThrottle, _SettingsRateThrottle
from common.cache import count_hit
from complaints.identity import tracking_code_normalise


class SubmitIpThrottle(LoginIpThrottle):
    """Anonymous and resident submissions per IP; staff typing in slips are not limited.

    Counted per fixed window (the hour from the first submission of an IP) with one
    atomic increment: submission is the busiest write, and DRF's sliding log cost two
    round trips and a pickled list of times on each. A window allows at most the rate;
    straddling two windows, a burst can reach twice it, which for filing complaints is
    harmless.
    """

    scope = "submit_ip"

    # Its own keys: the sliding log's keys hold pickled lists, which cannot be counted.
    cache_format = "throttle_%(scope)s_count_%(ident)s"

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        counted = count_hit(self.key, self.duration)
        if counted is None:  # Redis is down: let the resident through
            return True
        count, self.seconds_left = counted
        return count <= self.num_requests

    def wait(self) -> float:
        return float(max(self.seconds_left, 1))

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

"""Throttles of the public complaint endpoints: submission and tracking (PIN guessing)."""

import hashlib
import re

from drf_spectacular.utils import OpenApiParameter

from accounts.models import Role
from accounts.scoping import roles_of
from accounts.throttling import LoginIpThrottle, _SettingsRateThrottle
from common.phone import phone_or_none
from common.throttling import CountingRateThrottle
from complaints.identity import tracking_code_normalise

# An opaque token the app keeps on the phone (a random value, nothing about the person),
# sent as `X-Device-Id` on public submissions and tracking. Mobile carriers put thousands
# of phones behind one address (CGNAT): with it, a phone has its own budget and the
# address a generous one; without it, the address's tight budget applies.
DEVICE_HEADER = "X-Device-Id"
_DEVICE = re.compile(r"[A-Za-z0-9_-]{16,64}")


DEVICE_PARAMETER = OpenApiParameter(
    DEVICE_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="An opaque random token the app keeps on the device (16-64 letters, digits, "
    "`-`, `_`). With it the device has its own request budget; without it, or with a value "
    "of another shape (ignored, not refused), the client address's tighter one applies.",
)


def device_id(request) -> str | None:
    value = request.headers.get(DEVICE_HEADER, "")
    return value if _DEVICE.fullmatch(value) else None


def _hashed(value: str) -> str:
    # Cache keys are visible to operators; a phone number is identity.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class _CountingThrottle(CountingRateThrottle, LoginIpThrottle):
    """Per address by default (`LoginIpThrottle`'s key), counted with one increment
    (common/throttling.py): submission is the busiest write.

    Staff typing in slips are not limited; anonymous callers and residents are.
    """

    def exempt(self, request) -> bool:
        return bool(roles_of(request.user) - {Role.RESIDENT})


class SubmitIpThrottle(_CountingThrottle):
    """Per address, for submissions without a device token: the tight budget."""

    scope = "submit_ip"

    def get_cache_key(self, request, view):
        return None if device_id(request) else super().get_cache_key(request, view)


class SubmitIpDevicesThrottle(_CountingThrottle):
    """Per address, for submissions with a device token: generous, for a CGNAT address."""

    scope = "submit_ip_devices"

    def get_cache_key(self, request, view):
        return super().get_cache_key(request, view) if device_id(request) else None


class SubmitDeviceThrottle(_CountingThrottle):
    scope = "submit_device"

    def get_cache_key(self, request, view):
        device = device_id(request)
        return self.key_for(_hashed(device)) if device else None


class SubmitPhoneThrottle(_CountingThrottle):
    """Per reporter phone number, however typed, from any address or device."""

    scope = "submit_phone"

    def get_cache_key(self, request, view):
        reporter = request.data.get("reporter") if hasattr(request.data, "get") else None
        raw = reporter.get("phone") if isinstance(reporter, dict) else None
        phone = phone_or_none(raw) if isinstance(raw, str) else None
        return self.key_for(_hashed(phone)) if phone else None


SUBMIT_THROTTLES = [
    SubmitIpThrottle,
    SubmitIpDevicesThrottle,
    SubmitDeviceThrottle,
    SubmitPhoneThrottle,
]


class TrackIpThrottle(LoginIpThrottle):
    """Per address, for tracking without a device token."""

    scope = "track_ip"

    def get_cache_key(self, request, view):
        return None if device_id(request) else super().get_cache_key(request, view)


class TrackIpDevicesThrottle(LoginIpThrottle):
    scope = "track_ip_devices"

    def get_cache_key(self, request, view):
        return super().get_cache_key(request, view) if device_id(request) else None


class TrackDeviceThrottle(LoginIpThrottle):
    scope = "track_device"

    def get_cache_key(self, request, view):
        device = device_id(request)
        return (
            self.cache_format % {"scope": self.scope, "ident": _hashed(device)} if device else None
        )


class TrackCodeThrottle(_SettingsRateThrottle):
    """Per tracking code: a million PINs cannot be tried against one code from many IPs."""

    scope = "track_code"

    def get_cache_key(self, request, view):
        raw = request.data.get("code") if hasattr(request.data, "get") else None
        if not isinstance(raw, str) or not raw.strip():
            return None
        ident = hashlib.sha256(tracking_code_normalise(raw).encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}


TRACK_THROTTLES = [TrackIpThrottle, TrackIpDevicesThrottle, TrackDeviceThrottle, TrackCodeThrottle]

"""Failed logins: who is slowed down or refused, so that no stranger can lock an official out.

Three counters, all in the shared cache:

* per (login name, client address) — django-axes (settings `AXES_*`): after
  `LOGIN_FAILURES_PER_ADDRESS` failures that pair is refused for `LOGIN_LOCKOUT_MINUTES`.
  The owner, from their own address, is not affected by a stranger's guesses.
* per client address — `LOGIN_FAILURES_PER_IP` failures in an hour, whatever the accounts:
  generous, because a village office or a mobile carrier (CGNAT) puts many people behind
  one address.
* per login name, from every address — after `LOGIN_BACKOFF_AFTER` failures in an hour
  each further attempt must wait twice as long as the one before (1 s, 2 s, 4 s…, at most
  `LOGIN_BACKOFF_MAX_SECONDS`): a guessing botnet is slowed to a crawl, the owner waits
  seconds rather than an hour.

A successful login clears the pair's and the account's counters.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework.settings import api_settings

from common.errors import DomainError, ErrorCode
from common.phone import phone_or_none

HOUR = 3600


class LoginRefused(DomainError):
    """Too many failed logins: wait `retry_after` seconds (also the Retry-After header)."""

    status = 429
    code = ErrorCode.THROTTLED
    default_message = _("Too many failed logins. Try again in {seconds} seconds.")

    def __init__(self, seconds: int):
        seconds = max(1, int(seconds))
        super().__init__(
            str(self.default_message).format(seconds=seconds), extra={"retry_after": seconds}
        )


def client_address(request) -> str:
    """The client's address: the `NUM_PROXIES`-th address from the right of X-Forwarded-For
    when proxies are trusted (DRF's throttles read it the same way), else REMOTE_ADDR.
    Addresses further left are set by the client and never trusted."""
    remote = request.META.get("REMOTE_ADDR") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    num_proxies = api_settings.NUM_PROXIES
    if forwarded and num_proxies:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(num_proxies, len(addresses))]
    return remote


def login_name(raw: str | None) -> str:
    """One form per account: '0812…', '62812…' and '+62 812-…' are the same login."""
    raw = (raw or "").strip()
    return phone_or_none(raw) or raw.lower()


def _hashed(value: str) -> str:
    # Cache keys and log lines are visible to operators; a login name may be a phone number.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


# --- the hooks django-axes calls (settings.AXES_*) ----------------------------------------
def axes_username(request, credentials: dict | None) -> str:
    return _hashed(login_name((credentials or {}).get("username")))


def axes_client_ip(request) -> str:
    return client_address(request)


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    # What axes writes in its log lines: never the login name or the address themselves.
    return f"login {_hashed(str(username))[:8]}"


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


# --- our two counters ---------------------------------------------------------------------
def _ip_key(address: str) -> str:
    return f"login-fail-ip:{_hashed(address)}"


def _account_key(name: str) -> str:
    return f"login-fail-account:{_hashed(name)}"


def login_check_allowed(*, name: str, address: str) -> None:
    """Raises LoginRefused when this address or this account must wait; counts nothing."""
    if (cache.get(_ip_key(address)) or 0) >= settings.LOGIN_FAILURES_PER_IP:
        raise LoginRefused(HOUR)
    failures, last_at = cache.get(_account_key(name)) or (0, 0.0)
    over = failures - settings.LOGIN_BACKOFF_AFTER
    if over >= 0:
        delay = min(2**over, settings.LOGIN_BACKOFF_MAX_SECONDS)
        wait = last_at + delay - time.time()
        if wait > 0:
            raise LoginRefused(wait + 0.999)


def login_failed(*, name: str, address: str) -> None:
    ip_key = _ip_key(address)
    if not cache.add(ip_key, 1, timeout=HOUR):
        try:
            cache.incr(ip_key)
        except ValueError:  # expired between add and incr
            cache.add(ip_key, 1, timeout=HOUR)
    # Read-modify-write: two simultaneous failures may count as one, which only makes the
    # backoff a step gentler; the timestamp is what slows the next attempt.
    failures, _last = cache.get(_account_key(name)) or (0, 0.0)
    cache.set(_account_key(name), (failures + 1, time.time()), timeout=HOUR)


def login_succeeded(*, name: str) -> None:
    cache.delete(_account_key(name))

"""Per-application request rate: `ApiClient.rate_per_minute`, counted in the shared cache.

Open311 counts an application's requests in the same budget as its /api/v1/client/ calls
(one application, one rate), and requests without an api_key per address."""

from rest_framework.throttling import SimpleRateThrottle

from common.cache import count_hit


class _CountingThrottle(SimpleRateThrottle):
    """Counted per fixed window (the period from the first hit) with one atomic increment,
    as the submission throttles are (complaints/throttling.py): DRF's sliding log reads and
    rewrites a pickled list of every request's time in the window, which for an application
    allowed thousands a minute cost more than a cached Open311 answer. Straddling two
    windows, a burst can reach twice the rate."""

    # Its own keys: the sliding log's keys hold pickled lists, which cannot be counted.
    cache_format = "throttle_%(scope)s_count_%(ident)s"
    seconds_left = 0

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        counted = count_hit(self.key, self.duration)
        if counted is None:  # Redis is down: let the caller through
            return True
        count, self.seconds_left = counted
        return count <= self.num_requests

    def wait(self) -> float:
        return float(max(self.seconds_left, 1))


class ApiClientThrottle(_CountingThrottle):
    scope = "api_client"

    def get_rate(self) -> str | None:
        return None  # set per request from the client's own row

    def allow_request(self, request, view) -> bool:
        client = getattr(request.user, "client", None)
        if client is None:
            return True
        self.rate = f"{client.rate_per_minute}/minute"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.user.client.public_id}


class Open311Throttle(_CountingThrottle):
    """For the plain Django views of Open311: `client` when the request carried a valid
    api_key, None for an anonymous caller (counted by address, `open311_ip`)."""

    scope = "open311_ip"

    def __init__(self, client=None):
        self.client = client
        if client is not None:
            self.scope = ApiClientThrottle.scope
            self.rate = f"{client.rate_per_minute}/minute"
        else:
            self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view) -> str:
        ident = self.client.public_id if self.client is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

"""Per-application request rate: `ApiClient.rate_per_minute`, counted in the shared cache.

Open311 counts an application's requests in the same budget as its /api/v1/client/ calls
(one application, one rate), and requests without an api_key per address."""

from common.throttling import CountingRateThrottle


class ApiClientThrottle(CountingRateThrottle):
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
        return self.key_for(request.user.client.public_id)


class Open311Throttle(CountingRateThrottle):
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
        return self.key_for(ident)

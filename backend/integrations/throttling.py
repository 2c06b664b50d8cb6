"""Per-application request rate: `ApiClient.rate_per_minute`, counted in the shared cache."""

from rest_framework.throttling import SimpleRateThrottle


class ApiClientThrottle(SimpleRateThrottle):
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

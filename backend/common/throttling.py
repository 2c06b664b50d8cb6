"""A DRF throttle counted with one atomic increment per request (`common.cache.count_hit`).

DRF's `SimpleRateThrottle` keeps a sliding log: it reads and rewrites a pickled list of every
request's time in the window, two round trips and a list that grows with the rate. Here each
window (the period from its first hit) is one counter: a window allows at most the rate;
straddling two windows, a burst can reach twice it. Used where that trade is harmless and the
request is busy: public submissions (complaints/throttling.py) and applications' calls and
Open311 (integrations/throttling.py).
"""

from rest_framework.throttling import SimpleRateThrottle

from common.cache import count_hit


class CountingRateThrottle(SimpleRateThrottle):
    # Its own keys: the sliding log's keys hold pickled lists, which cannot be counted.
    cache_format = "throttle_%(scope)s_count_%(ident)s"
    seconds_left = 0

    def exempt(self, request) -> bool:
        """Whether this caller is not limited at all (a subclass says who)."""
        return False

    def allow_request(self, request, view) -> bool:
        if self.rate is None or self.exempt(request):
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

    def key_for(self, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}

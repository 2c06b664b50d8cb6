"""The shared cache: Redis, degraded to "nothing cached" while Redis is unreachable.

Redis holds only what can be rebuilt (the SLA calendar, throttle counters), while the
request's real work is in PostgreSQL. Without this, Django's `RedisCache` raises on every
call while Redis is down, and a complaint submission would answer 500 (issue #5: "Redis
stopped → 0 server errors"). Reads become misses, writes are dropped and each is logged.
Trade-off: throttles count nothing during the outage (they let requests through).
"""

import functools
import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _or(fallback):
    """Run the cache call; when Redis is unreachable, log and return `fallback(args, kwargs)`."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                log.warning("cache unavailable: %s skipped (%s)", method.__name__, exc)
                return fallback(args, kwargs)

        return call

    return decorate


def _default_of_get(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    @_or(lambda args, kwargs: None)
    def count_hit(self, key: str, timeout: int) -> tuple[int, int] | None:
        """Add one to a counter that lives `timeout` seconds from its first hit; return
        the count and the seconds it has left. One round trip (INCR, EXPIRE NX and TTL in
        MULTI), where DRF's throttles read and rewrite a pickled list of times. None while
        Redis is unreachable."""
        key = self.make_and_validate_key(key)
        with self._cache.get_client(key, write=True).pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, timeout, nx=True)
            pipe.ttl(key)
            count, _, left = pipe.execute()
        return count, left

    get = _or(_default_of_get)(RedisCache.get)
    get_many = _or(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _or(lambda args, kwargs: False)(RedisCache.has_key)
    add = _or(lambda args, kwargs: False)(RedisCache.add)
    set = _or(lambda args, kwargs: None)(RedisCache.set)
    set_many = _or(lambda args, kwargs: [])(RedisCache.set_many)
    touch = _or(lambda args, kwargs: False)(RedisCache.touch)
    delete = _or(lambda args, kwargs: False)(RedisCache.delete)
    delete_many = _or(lambda args, kwargs: None)(RedisCache.delete_many)


def count_hit(key: str, timeout: int) -> tuple[int, int] | None:
    """`ResilientRedisCache.count_hit` on the shared cache, or near it on the embedded file
    cache (two calls, not atomic: a lost hit there does not matter)."""
    shared = caches["default"]
    if isinstance(shared, ResilientRedisCache):
        return shared.count_hit(key, timeout)
    shared.add(key, 0, timeout)
    try:
        return shared.incr(key), timeout
    except ValueError:  # expired between the two calls
        shared.set(key, 1, timeout)
        return 1, timeout

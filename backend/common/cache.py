"""The shared cache: Redis, degraded to "nothing cached" while Redis is unreachable.

Redis holds only what can be rebuilt (the SLA calendar, throttle counters), while the
request's real work is in PostgreSQL. Without this, Django's `RedisCache` raises on every
call while Redis is down, and a complaint submission would answer 500 (issue #5: "Redis
stopped → 0 server errors"). Reads become misses, writes are dropped and each is logged.
Trade-off: throttles count nothing during the outage (they let requests through).
"""

import functools
import logging

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
    get = _or(_default_of_get)(RedisCache.get)
    get_many = _or(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _or(lambda args, kwargs: False)(RedisCache.has_key)
    add = _or(lambda args, kwargs: False)(RedisCache.add)
    set = _or(lambda args, kwargs: None)(RedisCache.set)
    set_many = _or(lambda args, kwargs: [])(RedisCache.set_many)
    touch = _or(lambda args, kwargs: False)(RedisCache.touch)
    delete = _or(lambda args, kwargs: False)(RedisCache.delete)
    delete_many = _or(lambda args, kwargs: None)(RedisCache.delete_many)

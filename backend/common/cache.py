"""The shared cache: Redis, degraded to "nothing cached" while Redis is unreachable.

Redis holds only what can be rebuilt (the SLA calendar, throttle counters), while the
request's real work is in PostgreSQL. Without this, Django's `RedisCache` raises on every
call while Redis is down, and a complaint submission would answer 500 (the rule: Redis
stopped → no server errors). Reads become misses, writes are dropped and each is logged.
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
    # One atomic step on the server: count the hit, start the expiry on the first one,
    # and say how long is left.
    _COUNT_HIT = """
    local count = redis.call('INCR', KEYS[1])
    if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
    return {count, redis.call('TTL', KEYS[1])}
    """

    @_or(lambda args, kwargs: None)
    def count_hit(self, key: str, timeout: int) -> tuple[int, int] | None:
        """Add one to a counter that lives `timeout` seconds from its first hit; return
        the count and the seconds it has left. One round trip (a script, sent by its
        digest), where DRF's throttles read and rewrite a pickled list of times. None
        while Redis is unreachable."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        count, left = _run_script(client, self._COUNT_HIT, keys=[key], args=[timeout])
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


_scripts: dict[str, object] = {}


def _run_script(client, source: str, keys: list, args: list):
    """Run a Lua script by its digest (EVALSHA; EVAL once when Redis lacks it)."""
    script = _scripts.get(source)
    if script is None:
        script = _scripts[source] = client.register_script(source)
    return script(keys=keys, args=args, client=client)


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

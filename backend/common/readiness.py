"""Readiness: can this process serve? The primary, the replica and its lag, Redis, the broker.

Each check answers `{"ok": bool, ...}` and never raises; the reasons go to the log (the
exception's class only: messages may hold host names), never into the response.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from common.dbrouting import REPLICA, replica_configured

log = logging.getLogger(__name__)

# A probe that hangs is worse than one that fails: every check gives up after this.
TIMEOUT_SECONDS = 2

# Lag as the standby sees it: 0 when it has replayed everything it received (an idle
# primary sends nothing, so the last replay's age alone would grow forever), otherwise
# the age of the last transaction it replayed.
_LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


def _failed(part: str, exc: BaseException) -> dict:
    log.warning("readiness: %s unavailable (%s)", part, type(exc).__name__)
    return {"ok": False}


def _database(alias: str):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return connection
    except Exception:
        connection.close()  # a broken persistent connection must not serve the next request
        raise


def check_primary() -> dict:
    try:
        _database(DEFAULT_DB_ALIAS)
    except Exception as exc:
        return _failed("database", exc)
    return {"ok": True}


def check_replica() -> dict:
    try:
        connection = _database(REPLICA)
        with connection.cursor() as cursor:
            cursor.execute(_LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except Exception as exc:
        return _failed("replica", exc)
    lag = round(float(lag), 3)
    # A standby that left recovery (promoted by mistake) no longer follows the primary.
    ok = bool(in_recovery) and lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    if not ok:
        log.warning("readiness: replica in_recovery=%s lag=%ss", in_recovery, lag)
    return {"ok": ok, "in_recovery": bool(in_recovery), "lag_seconds": lag}


def check_redis() -> dict:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        return _failed("redis", exc)
    return {"ok": True}


def check_broker() -> dict:
    """One connection attempt to the Celery broker through kombu (no retry loop)."""
    from config.celery import app

    try:
        with app.connection_for_write(connect_timeout=TIMEOUT_SECONDS) as connection:
            connection.ensure_connection(max_retries=0, timeout=TIMEOUT_SECONDS)
    except Exception as exc:
        return _failed("broker", exc)
    return {"ok": True}


def readiness() -> dict:
    """{"status": "ok" | "unavailable", "checks": {part: {...}}}; a part that is not
    configured (replica, Redis in the embedded default) is left out."""
    checks = {"database": check_primary()}
    if replica_configured():
        checks["replica"] = check_replica()
    if settings.REDIS_URL:
        checks["redis"] = check_redis()
    checks["broker"] = check_broker()
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "unavailable", "checks": checks}

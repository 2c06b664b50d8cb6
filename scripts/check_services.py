"""Fail fast, in one sentence, when the PostgreSQL or Redis that `make test` needs is down."""

import os
import sys

import psycopg
import redis

START_PG = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def main() -> int:
    database_url = os.environ["DATABASE_URL"]
    redis_url = os.environ["REDIS_URL"]
    failures = []
    # Connect to the maintenance database: the tests create their own test_* databases.
    maintenance = database_url.rsplit("/", 1)[0] + "/postgres"
    try:
        psycopg.connect(maintenance, connect_timeout=5).close()
    except psycopg.Error as exc:
        failures.append(
            f"PostgreSQL is not reachable at {maintenance} ({str(exc).strip()}); "
            f"start it (e.g. `{START_PG}`) or set DATABASE_URL."
        )
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        failures.append(
            f"Redis is not reachable at {redis_url} ({exc}); "
            f"start it (e.g. `{START_REDIS}`) or set REDIS_URL."
        )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Django's PostgreSQL backend with a health check that needs no round trip.

`CONN_HEALTH_CHECKS` keeps a persistent connection from failing the first request after
PostgreSQL restarted or dropped it; Django checks by sending `SELECT 1` before each
request's first query (what that costs: bench/README.md, "Micro-optimisations"). A
server that ends a connection says so on the socket (its goodbye message, then end of
file), so a socket with nothing to read belongs to a connection the server still holds:
that is checked with one `poll`, and only a socket with something waiting on it (or a
connection psycopg already knows is broken) gets Django's `SELECT 1`, which reads what is
there and closes the connection if it is dead.
"""

import select

from django.conf import settings
from django.db.backends.postgresql import base
from django_prometheus.db.backends.postgresql import base as measured


def _socket_quiet(connection) -> bool:
    """True if the server has sent nothing since the last reply, end of file included."""
    if connection.closed or connection.broken:
        return False
    poller = select.poll()
    poller.register(connection.pgconn.socket, select.POLLIN | select.POLLPRI)
    return not poller.poll(0)


# django-prometheus's wrapper counts connections, queries and their time (`/metrics`): a
# counter and a histogram per query, about 5 µs of CPU. DATABASE_QUERY_METRICS=false drops it.
_Wrapper = (
    measured.DatabaseWrapper
    if getattr(settings, "DATABASE_QUERY_METRICS", True)
    else base.DatabaseWrapper
)


class DatabaseWrapper(_Wrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and _socket_quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

"""Which database a query reads: the primary, or the read replica for the designated reads.

With `DATABASE_REPLICA_URL` set there is a second alias, `replica`, a streaming standby of
the primary. Reads go there only by opt-in: a view that only reads aggregates or public
listings wraps its work in `read_from_replica()` (the view mixin `ReplicaReads` does it),
and the router consults that choice. Everything else reads the primary: casework pages,
Celery tasks, and every read of a request once it has written (a resident must see the
complaint they just sent, and a replica is a little behind). Writes always go to the
primary; migrations run only there.

The choice lives in a context variable, so it is per request (and per thread or task),
and hand-written SQL honours it through `read_connection()`.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# After a failed connection to the replica, designated reads use the primary this long
# before the replica is tried again.
REPLICA_RETRY_SECONDS = 30.0

log = logging.getLogger(__name__)


@dataclass
class _Reads:
    replica: bool
    wrote: bool = False


_reads: ContextVar[_Reads | None] = ContextVar("reads", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


_replica_down_until = 0.0


def replica_usable() -> bool:
    """Whether the replica is configured and takes connections. When it does not, the
    designated reads fall back to the primary (logged) rather than fail: the primary holds
    the same rows, only busier."""
    global _replica_down_until
    if not replica_configured() or time.monotonic() < _replica_down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except Exception as exc:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        log.warning(
            "replica unavailable, reading the primary for %ss (%s)",
            REPLICA_RETRY_SECONDS,
            type(exc).__name__,
        )
        return False
    return True


def read_alias() -> str:
    """The alias a read goes to now."""
    reads = _reads.get()
    if (
        reads is None
        or not reads.replica
        or reads.wrote
        or not replica_configured()
        # Inside a transaction on the primary, reads must see what it wrote.
        or connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return DEFAULT_DB_ALIAS
    return REPLICA


def read_connection():
    """The connection for a hand-written read (`connection.cursor()` would be the primary)."""
    return connections[read_alias()]


@contextmanager
def read_from_replica() -> Iterator[None]:
    """Reads in the block may go to the replica, until the first write (then the primary
    for the rest of the block). Without a replica configured this changes nothing."""
    token = _reads.set(_Reads(replica=True))
    try:
        yield
    finally:
        _reads.reset(token)


@contextmanager
def read_from_primary() -> Iterator[None]:
    """Inside a replica block, reads of this part go to the primary (who is calling: a
    revoked membership must take effect at once)."""
    reads = _reads.get()
    if reads is None:
        yield
        return
    before, reads.replica = reads.replica, False
    try:
        yield
    finally:
        reads.replica = before


class ReplicaRouter:
    """The router Django consults for every ORM query (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        reads = _reads.get()
        if reads is not None:
            reads.wrote = True  # sticky: the rest of the request reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same rows.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaReads:
    # View mixin: the view's reads go to the replica (when one is configured). For views
    # whose every answer may be a second or so behind: reports, exports, public listings.
    # The caller is still looked up on the primary, and a write anywhere in the request
    # turns the rest of it back to the primary. Only `replica_methods` opt in: a view that
    # also takes submissions reads the primary for those. A replica that refuses
    # connections sends the view to the primary (`replica_usable`). (A comment, not a docstring:
    # drf-spectacular would print a docstring in every operation's description.)

    replica_methods: tuple[str, ...] = ("GET", "HEAD")

    def dispatch(self, request, *args, **kwargs):
        if request.method not in self.replica_methods or not replica_usable():
            return super().dispatch(request, *args, **kwargs)
        with read_from_replica():
            return super().dispatch(request, *args, **kwargs)

    def perform_authentication(self, request):  # DRF views
        with read_from_primary():
            super().perform_authentication(request)

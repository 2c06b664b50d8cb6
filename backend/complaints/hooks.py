"""How the apps built on complaints take part in its writes, without complaints importing them.

`complaints.services` is the one writer of a complaint, but its writes have consequences
that belong to apps of higher layers (docs/architecture.md): the register gives a number,
the SLA clock starts or stops, the rollup counts the move, the office and the reporter are
told, subscribed applications get an event, distribution picks the holder of a position.
Each of those apps connects its function here in its `AppConfig.ready()`; the services call
what is connected at the same points, inside the same transaction.

A receiver takes the facts of its point by keyword, and `**_` for those it does not need
(as Django's signal receivers take `**kwargs`), so a point can gain a fact without touching
every receiver.

Not Django signals: the order of the receivers is part of the rule (the register's counter
row stays locked until commit, so it is taken last), it is written once below (`Order`), and
a point that must have a receiver and has none fails loudly instead of doing nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Point(StrEnum):
    # A complaint was filed (not spam): complaint.
    SUBMITTED = "submitted"
    # A complaint was filed that nobody in the office has seen yet: complaint.
    UNSEEN_BY_OFFICE = "unseen_by_office"
    # A move of the state machine was made: complaint (the locked row before the move),
    # transition, updates (the columns the move wrote).
    MOVED = "moved"
    # A progress note was written: complaint, note.
    NOTED = "noted"
    # The office sends a walk-in reporter their code and PIN: complaint, pin, contact.
    PIN_SENT = "pin_sent"


class Order(IntEnum):
    """Who runs first at a point with several receivers."""

    COUNT = 10  # reports: the rollup's one upsert
    CLOCK = 20  # sla: the deadline, which the messages then quote
    TELL = 30  # notifications: the outbox rows of the messages
    PUBLISH = 40  # integrations: the outbox rows of the webhook events
    REGISTER = 90  # register: its counter row stays locked until commit, so nothing follows


# Points every installation needs a receiver at: without one, receiving would give no
# register number, a move would start no clock.
REQUIRED = {Point.MOVED}

Receiver = Callable[..., None]
_receivers: dict[Point, list[tuple[int, Receiver]]] = {point: [] for point in Point}
# The effect of a move that another app owns (`assign`/`reassign`: distribution): called
# with complaint, fields, actor, now; returns the move's column updates and history data.
Effect = Callable[..., tuple[dict[str, Any], dict[str, Any]]]
_effects: dict[str, Effect] = {}


def connect(point: Point, receiver: Receiver, *, order: Order) -> None:
    """Run `receiver(**facts)` at `point`. Connecting the same function again does nothing
    (`ready()` may run more than once in tests)."""
    entries = _receivers[point]
    if any(connected is receiver for _, connected in entries):
        return
    entries.append((order, receiver))
    entries.sort(key=lambda entry: entry[0])


def provide_effect(action: str, effect: Effect) -> None:
    """Let another app carry out the effect of `action` (one provider per action)."""
    if _effects.get(action, effect) is not effect:
        raise ImproperlyConfigured(f"The effect of {action!r} is provided twice.")
    _effects[action] = effect


def run(point: Point, **facts: Any) -> None:
    entries = _receivers[point]
    if not entries and point in REQUIRED:
        raise ImproperlyConfigured(f"Nothing is connected to the complaints' {point} point.")
    for _, receiver in entries:
        receiver(**facts)


def effect(action: str) -> Effect:
    try:
        return _effects[action]
    except KeyError:
        raise ImproperlyConfigured(f"No app provides the effect of {action!r}.") from None


def receivers(point: Point) -> list[Receiver]:
    """The connected functions in the order they run (for the tests that state the order)."""
    return [receiver for _, receiver in _receivers[point]]


@contextmanager
def without(point: Point, *taken_off: Receiver) -> Iterator[None]:
    """Run `point` without the receivers `taken_off` (without any, if none is named) until
    the block ends: for a test or a bench that measures the writes with one app left out."""
    kept = [entry for entry in _receivers[point] if taken_off and entry[1] not in taken_off]
    connected = _receivers[point]
    _receivers[point] = kept
    try:
        yield
    finally:
        _receivers[point] = connected

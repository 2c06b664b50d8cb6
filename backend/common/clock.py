"""The project's clock: product code reads "now" from `current_time()`, and nowhere else.

A deadline, a register entry, a rollup cell, the objection window and an outbox row's next
attempt all follow from the current time. Reading it from one function the project owns,
rather than from `django.utils.timezone.now` in each module, shows at every call that the
time is an input, and lets code that must act at another time set it without replacing a
library function for the whole process: the demo plays past weeks of casework through the
real services inside `set_time()` (`demo/clock.py`). Model fields read it too
(`default=current_time`, and `TimestampField` for `auto_now`/`auto_now_add`), so a row's
stamps follow the same clock as the service that writes it.

The time set by `set_time()` lives in a context variable: it holds for the current thread or
asyncio task and whatever they call, never for another request, thread or worker. A thread
started inside the block starts in an empty context and reads the real time; run it in
`contextvars.copy_context()` to carry the setting over. Outside `set_time()` it is
`timezone.now()`, so a test's time-machine travel (which moves the system clock) still
holds. Ruff (TID251, `pyproject.toml`) refuses `timezone.now` anywhere else in the backend.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

Source = Callable[[], datetime]

_source: ContextVar[Source | None] = ContextVar("common.clock.source", default=None)


def current_time() -> datetime:
    """The current time, aware: the one `set_time()` set for this context, or the real one."""
    source = _source.get()
    return timezone.now() if source is None else source()


@contextmanager
def set_time(when: datetime | Source) -> Iterator[None]:
    """Within the block `current_time()` reads `when`: an aware instant, or a function called
    at each reading (a clock that moves). The previous setting is back when the block ends,
    however it ends, so blocks nest."""
    if isinstance(when, datetime):
        if timezone.is_naive(when):
            raise ValueError("set_time: the time must be aware")
        instant = when
        token = _source.set(lambda: instant)
    else:
        token = _source.set(when)
    try:
        yield
    finally:
        _source.reset(token)


class TimestampField(models.DateTimeField):
    """A `DateTimeField` whose `auto_now` and `auto_now_add` read `current_time()` (Django's
    read `timezone.now`). Migrations see a plain `DateTimeField`: the column is the same, and
    a migration's historical model has no use for the clock. An expression that mixes it with
    a plain `DateTimeField` (`Coalesce`, `Case`) names its `output_field`: Django refuses to
    guess between two field classes."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if self.auto_now or (self.auto_now_add and add):
            value = current_time()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs

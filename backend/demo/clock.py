"""Time travel for the demo: its stories happen over past weeks, played through the services.

The services read the time from `django.utils.timezone.now` and take no clock of their own:
a deadline, a register entry, a rollup cell and the objection window all follow from it.
Rewriting their timestamps afterwards would have to know every such column, and the register
book refuses updates. So while the stories play, `story_time` sets `timezone.now` to a
`StoryClock` the player winds, and puts the real one back when the block ends, however it
ends. Every row the services write then falls on the story's day, consistently, as if the
office had made the move then.

It changes the function for the whole process: only `seed_demo`, a management command,
uses it, and it refuses to run inside another story (a second clock would hide the first).
Nothing below the `demo` app imports this module (`.importlinter`), so no web or worker
process ever runs on a story clock. A value imported before as `from django.utils.timezone
import now`, or a model field's `default=timezone.now`, keeps reading the real time.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone


class StoryClock:
    """The time of the story being played. Each reading ticks a second, so the rows one
    move writes keep their order; the player sets `at` to move on to the next step."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


_REAL_NOW = timezone.now


@contextmanager
def story_time(start: datetime) -> Iterator[StoryClock]:
    """Within the block `timezone.now()` reads the returned clock, starting at `start`."""
    if timezone.now is not _REAL_NOW:
        raise RuntimeError("story_time: the clock is already replaced")
    clock = StoryClock(start)
    timezone.now = clock
    try:
        yield clock
    finally:
        timezone.now = _REAL_NOW

"""Time travel for the demo: its stories happen over past weeks, played through the services.

A deadline, a register entry, a rollup cell and the objection window all follow from the
time the services read from the project's clock (`common/clock.py`). Rewriting their
timestamps afterwards would have to know every such column, and the register book refuses
updates. So while the stories play, `story_time` sets the clock to a `StoryClock` the player
winds, for the current context only, and the real time is back when the block ends, however
it ends. Every row the services write then falls on the story's day, consistently, as if the
office had made the move then.

Only `seed_demo`, a management command, uses it, and it refuses to run inside another story
(a second clock would hide the first). Nothing below the `demo` app imports this module
(`.importlinter`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from common.clock import set_time


class StoryClock:
    """The time of the story being played. Each reading ticks a second, so the rows one
    move writes keep their order; the player sets `at` to move on to the next step."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


_playing: ContextVar[bool] = ContextVar("demo.clock.playing", default=False)


@contextmanager
def story_time(start: datetime) -> Iterator[StoryClock]:
    """Within the block the services read the returned clock, starting at `start`."""
    if _playing.get():
        raise RuntimeError("story_time: a story is already playing")
    clock = StoryClock(start)
    token = _playing.set(True)
    try:
        with set_time(clock):
            yield clock
    finally:
        _playing.reset(token)

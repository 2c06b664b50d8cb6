"""Celery beat that sends each periodic task once per slot, however many beats run.

Compose runs one beat; a second one started by mistake (a scaled service, a stale
container) would send every periodic task twice. Before sending, this scheduler claims
the entry's slot in the shared cache (`cache.add`: Redis `SET NX` with an expiry in
production), so whichever beat comes second in a slot sends nothing. The tasks are also
safe to run twice on their own (docs/architecture.md, "One beat's worth of work"); this
keeps duplicates from being sent at all.

A slot is the entry's interval on the wall clock (second 0-59 of a minute for a 60 s
entry, counted from the epoch), or the minute for a crontab entry, which every beat fires
at the same instant. Two beats started at different times still fall in the same slots.
"""

import logging
import time

from celery.beat import PersistentScheduler
from celery.schedules import schedule as every
from django.core.cache import cache

log = logging.getLogger(__name__)


def slot_of(entry_schedule, now: float) -> tuple[int, float]:
    """(slot number, slot length in seconds) of `now` for an entry's schedule."""
    if isinstance(entry_schedule, every):
        length = max(entry_schedule.run_every.total_seconds(), 1.0)
    else:  # crontab, solar: they fire on a minute boundary
        length = 60.0
    return int(now // length), length


def beat_slot_claim(name: str, slot: int, length: float) -> bool:
    """True for the first caller of (entry, slot), False for every other beat. The claim
    outlives its slot, then expires."""
    return cache.add(f"beat:{name}:{slot}", 1, timeout=max(int(length * 2), 2))


class SingleFlightScheduler(PersistentScheduler):
    def apply_entry(self, entry, producer=None):
        slot, length = slot_of(entry.schedule, time.time())
        if not beat_slot_claim(entry.name, slot, length):
            log.info("Scheduler: %s slot %s already sent by another beat", entry.name, slot)
            return
        log.info("Scheduler: %s slot %s claimed", entry.name, slot)
        super().apply_entry(entry, producer=producer)

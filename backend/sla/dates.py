"""The one way a deadline is written for people: the date of its last working day.

The clock stores an instant for the sweep (`ComplaintSla.deadline`: the end of the last
working day in the desa's zone, which is midnight starting the next day), but people read a
working date — "Rabu, 9 Desember 2026", "Wednesday, 9 December 2026". Formatting the instant
wrote "10 Des. 2026, 0.00": one day more than the resident has. Messages, history notes and
printables call `due_date_text`; the API gives the date itself (`ComplaintSlaOut.due_on`),
and the SPA writes it with its one helper (`formatDueDate`).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats


def due_date_text(day: date) -> str:
    """The last working day as people read it, in the active language."""
    return formats.date_format(day, "l, j F Y")


def due_on_of(deadline: datetime, tz: str) -> date:
    """The last working day of a stored deadline instant (the day before the local midnight
    that ends it), for texts that only carry the instant."""
    return (deadline.astimezone(ZoneInfo(tz)) - timedelta(microseconds=1)).date()

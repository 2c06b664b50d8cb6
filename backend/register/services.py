"""Writes to the register book. `register_open` is the only creator of entries; it runs
when a complaint is received (`register_on_move`, connected to `complaints.hooks`).
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import NotAllowed
from complaints.models import Complaint, Transition
from complaints.state import Action
from regions.models import Region
from register import chain
from register.access import keeps_register
from register.models import (
    AnnotationField,
    RegisterAnnotation,
    RegisterCounter,
    RegisterEntry,
)


def year_of(received_at: datetime, desa: Region) -> int:
    """The register year of a receipt: the calendar year in the desa's own time zone, so a
    complaint received at 00:30 WIB on 1 January opens the new year's book."""
    return received_at.astimezone(ZoneInfo(desa.timezone)).year


# PostgreSQL and SQLite (3.35+) both have UPDATE … RETURNING.
_NEXT_NUMBER = (
    "UPDATE register_registercounter SET last_number = last_number + 1 "
    "WHERE desa_id = %s AND year = %s RETURNING id, last_number, last_hash"
)
_CHAIN_HEAD = "UPDATE register_registercounter SET last_hash = %s WHERE id = %s"


def _counter_next(desa: Region, year: int) -> tuple[int, int, str]:
    """Take the desa-year's next number: (counter id, number, hash of the previous entry).

    One statement both locks the counter row and increments it; the row lock is held until
    the transaction ends, so every other receive in the desa-year waits here, and a rollback
    gives the number back. The first receive of a year inserts the row with ON CONFLICT DO
    NOTHING, so two officers opening a new year at once both end up waiting on the one row
    instead of one failing. Raw SQL: the ORM has no UPDATE … RETURNING, and a
    SELECT … FOR UPDATE plus a later UPDATE costs one more round trip under the lock.
    """
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_NUMBER, [desa.pk, year])
        row = cursor.fetchone()
        if row is None:
            RegisterCounter.objects.bulk_create(
                [RegisterCounter(desa=desa, year=year)], ignore_conflicts=True
            )
            cursor.execute(_NEXT_NUMBER, [desa.pk, year])
            row = cursor.fetchone()
    counter_id, number, last_hash = row
    return counter_id, number, last_hash or chain.GENESIS


def register_on_move(
    *, complaint: Complaint, transition: Transition, updates: dict[str, Any], **_: Any
) -> None:
    """Receiving opens the complaint's entry, as the move's last step (`hooks.Order`)."""
    if transition.action == Action.RECEIVE:
        register_open(
            complaint=complaint, received_at=updates["received_at"], actor=transition.actor
        )


def register_open(
    *, complaint: Complaint, received_at: datetime, actor: User | None
) -> RegisterEntry:
    """Write the register entry of a complaint being received.

    Precondition: runs inside the receiving transaction (`complaint_transition`), as its
    LAST step: the counter row stays locked until that transaction commits, and every other
    receive in the desa waits on it, so nothing slow may follow this call. A rollback
    returns the number, so numbers stay gapless. `complaint.desa` and `complaint.category`
    should be loaded (select_related) to spare queries. A complaint is received once (the
    state machine has one `receive` move, from `submitted`); a second entry for it would
    fail on the one-to-one constraint rather than cost a query here.

    Everything that does not need the number is prepared before the counter is locked;
    under the lock: increment (one statement), hash, insert the entry, record the chain's
    head on the counter.
    """
    desa = complaint.desa
    year = year_of(received_at, desa)
    entry = RegisterEntry(
        desa=desa,
        year=year,
        complaint=complaint,
        received_at=received_at,
        received_by=actor,
        channel=complaint.channel,
        category=complaint.category,
        summary=complaint.title,
        anonymous=complaint.anonymous,
    )
    chained = {
        "desa_code": desa.code,
        "year": year,
        "tracking_code": complaint.tracking_code,
        "received_at": received_at,
        "channel": entry.channel,
        "category_slug": complaint.category.slug,
        "summary": entry.summary,
        "anonymous": entry.anonymous,
    }
    counter_id, entry.number, entry.prev_hash = _counter_next(desa, year)
    entry.hash = chain.entry_hash(prev_hash=entry.prev_hash, number=entry.number, **chained)
    entry.save(force_insert=True)
    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_HEAD, [entry.hash, counter_id])
    return entry


def register_annotation_add(
    *, entry: RegisterEntry, actor: User, field: str, text: str, reason: str
) -> RegisterAnnotation:
    """Record a correction or remark on an entry (intake officer or village head of its
    desa). The entry itself never changes; the annotation is shown with it everywhere."""
    if not keeps_register(actor, entry.desa):
        raise NotAllowed()
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the correction.")
    if not reason.strip():
        errors["reason"] = _("Say why the entry is corrected.")
    if errors:
        raise ValidationError(errors)
    return RegisterAnnotation.objects.create(
        entry=entry,
        author=actor,
        field=AnnotationField(field),
        text=text.strip(),
        reason=reason.strip(),
    )

"""Export services of the register book: who gets which file, built by the worker, and the
identity log of named exports. A use case of its own, apart from the book's writes
(`register.services`)."""

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from common.clock import current_time
from complaints.access import capacities
from complaints.models import IdentityAccess, ReporterIdentity
from complaints.services import identity_visible_to
from config.celery import app
from regions.models import Region
from register.access import keeps_register, register_desa_for
from register.models import RegisterEntry, RegisterExport
from register.render import CONTENT_TYPES, RENDERERS, BookHeader
from register.selectors import RegisterFilters, RegisterRow, register_entries, register_rows

# Entries read, identity-checked and rendered per batch: bounds memory, the IN lists of the
# prefetches (SQLite allows ~32 000 parameters) and the identity-log inserts.
BATCH = 2000


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    rows: int


def register_identities_read(
    *, entries: Iterable[RegisterEntry], actor: User, purpose: str = IdentityAccess.Purpose.EXPORT
) -> dict[int, str]:
    """Reporter names of the entries' complaints that the actor may see, by complaint id.

    `complaints.services.identity_read` in bulk: the same rule (`identity_visible_to`) and
    one `IdentityAccess` row per identity read, written in one insert per batch.
    """
    visible = []
    for entry in entries:
        complaint = entry.complaint
        complaint.desa = entry.desa  # already loaded; spares a query per row
        if identity_visible_to(actor, complaint, capacities(actor, complaint)):
            visible.append(complaint)
    if not visible:
        return {}
    names = dict(
        ReporterIdentity.objects.filter(complaint__in=[c.pk for c in visible]).values_list(
            "complaint_id", "name"
        )
    )
    IdentityAccess.objects.bulk_create(
        [
            IdentityAccess(complaint=c, desa_id=c.desa_id, actor=actor, purpose=purpose)
            for c in visible
            if c.pk in names
        ]
    )
    return names


def _batches(entries: Iterable[RegisterEntry]) -> Iterator[list[RegisterEntry]]:
    batch: list[RegisterEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _rows(
    *, actor: User, desa: Region, filters: RegisterFilters, with_identity: bool, purpose: str
) -> Iterator[RegisterRow]:
    keeps = keeps_register(actor, desa)
    entries = register_entries(desa=desa, filters=filters).iterator(chunk_size=BATCH)
    for batch in _batches(entries):
        for entry in batch:
            entry.desa = desa
        names = (
            register_identities_read(entries=batch, actor=actor, purpose=purpose)
            if with_identity and keeps
            else None
        )
        yield from register_rows(batch, desa=desa, viewer_keeps=keeps, names=names)


def register_rows_for(
    *, actor: User, desa: Region, entries: list[RegisterEntry], with_identity: bool
) -> list[RegisterRow]:
    """One page of the list endpoint; names only when asked for, each read logged."""
    keeps = keeps_register(actor, desa)
    for entry in entries:
        entry.desa = desa
    names = (
        register_identities_read(
            entries=entries, actor=actor, purpose=IdentityAccess.Purpose.REGISTER_VIEW
        )
        if with_identity and keeps
        else None
    )
    return list(register_rows(entries, desa=desa, viewer_keeps=keeps, names=names))


def _period(desa: Region, filters: RegisterFilters) -> str:
    if filters.received_from or filters.received_to:
        start = (
            formats.date_format(filters.received_from, "j F Y") if filters.received_from else "…"
        )
        end = formats.date_format(filters.received_to, "j F Y") if filters.received_to else "…"
        return f"{start} – {end}"
    if filters.year and filters.month:
        return formats.date_format(date(filters.year, filters.month, 1), "F Y")
    if filters.year:
        return _("Year %(year)s") % {"year": filters.year}
    return _("All years")


def _village_head(desa: Region) -> str:
    user = (
        User.objects.filter(
            memberships__region=desa, memberships__role=Role.VILLAGE_HEAD, is_active=True
        )
        .order_by("-memberships__granted_at")
        .first()
    )
    return (user.full_name or user.username) if user else ""


def register_export_render(
    *, actor: User, desa: Region, file_format: str, filters: RegisterFilters, with_identity: bool
) -> ExportFile:
    """Build an export file now. With identities (keepers only) every name written to the
    file is logged as an `export` read of that reporter's identity."""
    header = BookHeader(
        desa=desa,
        period=_period(desa, filters),
        village_head=_village_head(desa),
        printed_at=timezone.localtime(current_time(), timezone=_zone(desa)),
    )
    counted = _Counted(
        _rows(
            actor=actor,
            desa=desa,
            filters=filters,
            with_identity=with_identity,
            purpose=IdentityAccess.Purpose.EXPORT,
        )
    )
    content = RENDERERS[file_format](counted, header)
    stem = f"register-{desa.register_abbreviation or desa.code}-{_slug(filters)}"
    return ExportFile(f"{stem}.{file_format}", CONTENT_TYPES[file_format], content, counted.n)


class _Counted:
    def __init__(self, rows: Iterator[RegisterRow]):
        self._rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[RegisterRow]:
        for row in self._rows:
            self.n += 1
            yield row


def _zone(desa: Region) -> ZoneInfo:
    return ZoneInfo(desa.timezone)


def _slug(filters: RegisterFilters) -> str:
    if filters.received_from or filters.received_to:
        return f"{filters.received_from or ''}_{filters.received_to or ''}"
    if filters.year:
        return f"{filters.year}" + (f"-{filters.month:02d}" if filters.month else "")
    return "all"


def register_export_size(*, desa: Region, filters: RegisterFilters) -> int:
    return register_entries(desa=desa, filters=filters).count()


@transaction.atomic
def register_export_request(
    *,
    actor: User,
    desa: Region,
    file_format: str,
    filters: RegisterFilters,
    with_identity: bool,
) -> RegisterExport:
    """Queue a large export; a Celery worker builds it (`register.tasks.build_export`)."""
    export = RegisterExport.objects.create(
        token=secrets.token_hex(16),
        desa=desa,
        requested_by=actor,
        file_format=file_format,
        filters=filters.as_json(),
        with_identity=with_identity,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: app.send_task("register.tasks.build_export", args=[export.pk]))
    return export


# A claim older than this is a worker that died mid-export; the redelivered task retakes it.
STALE_CLAIM = timedelta(minutes=30)


def register_export_build(*, export_id: int) -> RegisterExport | None:
    """Build a queued export. Safe to run twice: it claims the row with a conditional
    update and does nothing if another run holds a fresh claim or it is finished."""
    now = current_time()
    claimed = RegisterExport.objects.filter(
        pk=export_id, state=RegisterExport.State.PENDING
    ).update(state=RegisterExport.State.RUNNING, started_at=now) or RegisterExport.objects.filter(
        pk=export_id, state=RegisterExport.State.RUNNING, started_at__lt=now - STALE_CLAIM
    ).update(started_at=now)
    if not claimed:
        return None
    export = RegisterExport.objects.select_related("desa", "requested_by").get(pk=export_id)
    actor = export.requested_by
    # Rights are checked again now: a user who lost the desa meanwhile gets no file.
    if not register_desa_for(actor).filter(pk=export.desa_id).exists():
        RegisterExport.objects.filter(pk=export.pk).update(
            state=RegisterExport.State.FAILED, error="not allowed", finished_at=current_time()
        )
        return None
    with translation.override(export.language):
        built = register_export_render(
            actor=actor,
            desa=export.desa,
            file_format=export.file_format,
            filters=RegisterFilters.from_json(export.filters),
            with_identity=export.with_identity,
        )
    export.file.save(f"{export.token}/{built.filename}", ContentFile(built.content), save=False)
    RegisterExport.objects.filter(pk=export.pk).update(
        state=RegisterExport.State.DONE,
        file=export.file.name,
        rows=built.rows,
        finished_at=current_time(),
    )
    export.refresh_from_db()
    return export


def register_exports_purge() -> int:
    """Delete export files older than REGISTER_EXPORT_KEEP_HOURS; returns how many."""
    cutoff = current_time() - timedelta(hours=settings.REGISTER_EXPORT_KEEP_HOURS)
    old = list(RegisterExport.objects.filter(created_at__lt=cutoff))
    for export in old:
        if export.file:
            export.file.delete(save=False)
    RegisterExport.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)

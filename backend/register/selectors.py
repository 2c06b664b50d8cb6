"""Reads of the register book, starting from `register.access` (built on accounts.scoping).

The columns the paper book fills in after receipt are derived here from the complaint's
history, never stored twice: "distributed to" from its `Assignment` rows, "follow-up" from
the delivered answer or the latest `Note`, "date finished" from the terminal move
(`Complaint.closed_at`, written by `complaint_transition`), the outcome from its status.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Position, User
from assignments.models import Assignment
from common.errors import NotFound
from complaints.models import Channel, Complaint, Note, Transition, Visibility
from complaints.state import Action, Status
from regions.models import Region
from register import chain
from register.access import register_desa_for
from register.models import (
    AnnotationField,
    RegisterAnnotation,
    RegisterCounter,
    RegisterEntry,
    RegisterExport,
    RegisterSettings,
    format_number,
)


@dataclass(frozen=True)
class RegisterFilters:
    year: int | None = None
    month: int | None = None  # 1–12, of the receipt in the desa's time zone; needs `year`
    category: str | None = None
    channel: str | None = None
    state: str | None = None  # the complaint's current status
    number_from: int | None = None
    number_to: int | None = None
    received_from: date | None = None  # dates in the desa's time zone, inclusive
    received_to: date | None = None

    def as_json(self) -> dict:
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in self.__dict__.items()
            if value is not None
        }

    @classmethod
    def from_json(cls, data: dict) -> "RegisterFilters":
        data = dict(data)
        for key in ("received_from", "received_to"):
            if data.get(key):
                data[key] = date.fromisoformat(data[key])
        return cls(**data)


def register_desa_get(*, actor: User, desa_code: str) -> Region:
    """A desa whose register the actor may read; 404 alike for missing and out of scope."""
    desa = register_desa_for(actor).select_related("parent__parent").filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return desa


def register_settings_of(desa: Region) -> RegisterSettings:
    """The desa's numbering rules, or the defaults (unsaved) when it has none."""
    return RegisterSettings.objects.filter(desa=desa).first() or RegisterSettings(desa=desa)


def _local_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def register_entries(*, desa: Region, filters: RegisterFilters) -> QuerySet[RegisterEntry]:
    """The desa's entries, filtered, by year and number, with what the rows read."""
    entries = RegisterEntry.objects.filter(desa=desa)
    zone = ZoneInfo(desa.timezone)
    if filters.year:
        entries = entries.filter(year=filters.year)
        if filters.month:
            start = date(filters.year, filters.month, 1)
            end = date(filters.year + filters.month // 12, filters.month % 12 + 1, 1)
            entries = entries.filter(
                received_at__gte=_local_start(start, zone), received_at__lt=_local_start(end, zone)
            )
    if filters.received_from:
        entries = entries.filter(received_at__gte=_local_start(filters.received_from, zone))
    if filters.received_to:
        day_after = filters.received_to + timedelta(days=1)
        entries = entries.filter(received_at__lt=_local_start(day_after, zone))
    if filters.category:
        entries = entries.filter(category__slug=filters.category)
    if filters.channel:
        entries = entries.filter(channel=filters.channel)
    if filters.state:
        entries = entries.filter(complaint__status=filters.state)
    if filters.number_from:
        entries = entries.filter(number__gte=filters.number_from)
    if filters.number_to:
        entries = entries.filter(number__lte=filters.number_to)
    return (
        entries.select_related("complaint", "category")
        .prefetch_related(
            Prefetch(
                "annotations",
                queryset=RegisterAnnotation.objects.select_related("author").order_by("at", "id"),
            ),
            Prefetch(
                "complaint__assignments",
                queryset=Assignment.objects.select_related("assignee").order_by("started_at", "id"),
            ),
            Prefetch(
                "complaint__transitions",
                # Answers for the follow-up column; joining and forwarding for the remarks.
                queryset=Transition.objects.filter(
                    action__in=[Action.ANSWER, Action.MARK_DUPLICATE, Action.FORWARD]
                ).order_by("at", "id"),
            ),
            Prefetch(
                "complaint__notes",
                # Only what the reporter may read reaches the book's follow-up column.
                queryset=Note.objects.filter(visibility=Visibility.PUBLIC).order_by("at", "id"),
            ),
        )
        .order_by("year", "number")
    )


def register_entry_get(*, actor: User, desa_code: str, year: int, number: int) -> RegisterEntry:
    desa = register_desa_get(actor=actor, desa_code=desa_code)
    entry = (
        RegisterEntry.objects.select_related("desa", "complaint")
        .filter(desa=desa, year=year, number=number)
        .first()
    )
    if entry is None:
        raise NotFound()
    return entry


# --- rows as the paper book shows them ------------------------------------------------------
@dataclass(frozen=True)
class AnnotationRow:
    field: str
    field_label: str
    text: str
    reason: str
    author: str
    at: datetime


@dataclass(frozen=True)
class RegisterRow:
    year: int
    number: int
    display_number: str
    tracking_code: str
    received_at: datetime  # in the desa's time zone
    reporter: str
    channel: str
    channel_label: str
    summary: str
    category: str
    distributed_to: str
    follow_up: str
    finished_at: datetime | None  # in the desa's time zone
    status: str
    remarks: str
    annotations: list[AnnotationRow]


def _person(user: User | None) -> str:
    return (user.full_name or user.username) if user else ""


def _distributed_to(entry: RegisterEntry) -> str:
    steps = []
    for assignment in entry.complaint.assignments.all():
        position = str(Position(assignment.position).label) if assignment.position else ""
        person = _person(assignment.assignee)
        steps.append(f"{position} ({person})" if person else position)
    return " → ".join(steps)


def _with_files(answer: str, files: int) -> str:
    """The answer, and how many files went with it: never their names (identity)."""
    if not files:
        return answer
    carried = ngettext("%(n)s attachment", "%(n)s attachments", files) % {"n": files}
    return f"{answer} ({carried})"


def _follow_up(entry: RegisterEntry) -> str:
    complaint = entry.complaint
    answers = [
        _with_files(move.data["answer"], move.data.get("attachments", 0))
        for move in complaint.transitions.all()
        if "answer" in move.data
    ]
    if len(answers) > 1:  # answered, objected to, answered again: the book keeps each
        return "\n".join(
            _("Answer %(n)s: %(text)s") % {"n": n, "text": text}
            for n, text in enumerate(answers, start=1)
        )
    if answers:
        return answers[0]
    if complaint.answered_at:  # delivered before the answers were kept with their moves
        return complaint.answer
    notes = [note for note in complaint.notes.all() if note.visibility == Visibility.PUBLIC]
    return notes[-1].body if notes else ""


# The desa's handling ended: the "date finished" column.
FINISHED = (Status.CLOSED, Status.REJECTED, Status.DUPLICATE, Status.FORWARDED)


def _outcome(entry: RegisterEntry) -> str:
    complaint = entry.complaint
    if complaint.status == Status.REJECTED:
        return _("Rejected: %(reason)s") % {"reason": complaint.rejection_reason}
    if complaint.status in (Status.DUPLICATE, Status.FORWARDED):
        # The move's own facts, from the history the book already reads (no extra query).
        moves = [move for move in complaint.transitions.all() if move.to_status == complaint.status]
        data = moves[-1].data if moves else {}
        if complaint.status == Status.DUPLICATE:
            return _("Joined to complaint %(code)s") % {"code": data.get("duplicate_of", "—")}
        return _("Forwarded to %(agency)s: %(reason)s") % {
            "agency": data.get("agency", "—"),
            "reason": data.get("reason", ""),
        }
    return str(Status(complaint.status).label)


def _annotation_text(note: AnnotationRow) -> str:
    return _("Correction of %(field)s on %(date)s by %(author)s: %(text)s (reason: %(reason)s)") % {
        "field": note.field_label.lower(),
        "date": note.at.strftime("%d/%m/%Y"),
        "author": note.author,
        "text": note.text,
        "reason": note.reason,
    }


def _readable(note: RegisterAnnotation, viewer_keeps: bool) -> bool:
    """A correction of the reporter column names the reporter (a misspelt name, the right
    one): outside the office it reads "Confidential", like the column it corrects."""
    return viewer_keeps or note.field != AnnotationField.REPORTER


def register_rows(
    entries: Iterable[RegisterEntry],
    *,
    desa: Region,
    viewer_keeps: bool,
    names: dict[int, str] | None = None,
) -> Iterator[RegisterRow]:
    """The entries as lines of the book. `names` maps complaint id → reporter name for a
    viewer who asked for identities (`register.services.register_identities_read`); without
    it a keeper sees "Anonymous" or "Confidential", and anyone else "Confidential" alone,
    no tracking code and no text of a correction to the reporter column."""
    zone = ZoneInfo(desa.timezone)
    rules = register_settings_of(desa)
    for entry in entries:
        complaint = entry.complaint
        if not viewer_keeps:
            reporter = _("Confidential")
        elif entry.anonymous:
            reporter = _("Anonymous")
        else:
            reporter = (names or {}).get(complaint.pk) or _("Confidential")
        annotations = [
            AnnotationRow(
                field=note.field,
                field_label=str(AnnotationField(note.field).label),
                text=note.text if _readable(note, viewer_keeps) else _("Confidential"),
                reason=note.reason if _readable(note, viewer_keeps) else _("Confidential"),
                author=_person(note.author),
                at=note.at.astimezone(zone),
            )
            for note in entry.annotations.all()
        ]
        finished = complaint.closed_at if complaint.status in FINISHED else None
        remarks = "\n".join([_outcome(entry), *(_annotation_text(a) for a in annotations)])
        yield RegisterRow(
            year=entry.year,
            number=entry.number,
            display_number=format_number(
                number=entry.number,
                year=entry.year,
                abbreviation=desa.register_abbreviation,
                rules=rules,
            ),
            # The code opens the complaint's tracking page with its PIN: the office's, not
            # the kecamatan's (it reads the book's columns, docs/domain.md).
            tracking_code=complaint.tracking_code if viewer_keeps else "",
            received_at=entry.received_at.astimezone(zone),
            reporter=reporter,
            channel=entry.channel,
            channel_label=str(Channel(entry.channel).label),
            summary=entry.summary,
            category=entry.category.name,
            distributed_to=_distributed_to(entry),
            follow_up=_follow_up(entry),
            finished_at=finished.astimezone(zone) if finished else None,
            status=complaint.status,
            remarks=remarks,
            annotations=annotations,
        )


# --- the chain ------------------------------------------------------------------------------
def register_chain_verify(*, desa: Region, year: int | None = None) -> list[chain.ChainReport]:
    """Recompute every link of the desa's chains (one per year) and report the first broken
    one of each: a changed field, a missing or extra number, or a removed last entry."""
    years = RegisterCounter.objects.filter(desa=desa)
    if year is not None:
        years = years.filter(year=year)
    reports = []
    for counter in years.order_by("year"):
        reports.append(_verify_year(desa, counter))
    return reports


def _verify_year(desa: Region, counter: RegisterCounter) -> chain.ChainReport:
    entries = (
        RegisterEntry.objects.filter(desa=desa, year=counter.year)
        .select_related("complaint", "category")
        .order_by("number")
    )
    prev_hash = chain.GENESIS
    expected = 1
    seen = 0

    def broken(number: int, reason: str) -> chain.ChainReport:
        return chain.ChainReport(
            desa.code, counter.year, seen, chain.BrokenLink(counter.year, number, reason)
        )

    for entry in entries.iterator(chunk_size=2000):
        seen += 1
        if entry.number != expected:
            return broken(expected, _("Number %(number)s is missing.") % {"number": expected})
        if entry.prev_hash != prev_hash:
            return broken(entry.number, _("It does not link to the previous entry."))
        recomputed = chain.entry_hash(
            prev_hash=prev_hash,
            desa_code=desa.code,
            year=entry.year,
            number=entry.number,
            tracking_code=entry.complaint.tracking_code,
            received_at=entry.received_at,
            channel=entry.channel,
            category_slug=entry.category.slug,
            summary=entry.summary,
            anonymous=entry.anonymous,
        )
        if recomputed != entry.hash:
            return broken(entry.number, _("Its recorded fields were changed."))
        prev_hash = entry.hash
        expected += 1
    if counter.last_number != seen or (seen and counter.last_hash != prev_hash):
        return broken(
            seen + 1 if counter.last_number > seen else counter.last_number,
            _("The book ends at %(seen)s but %(given)s numbers were given.")
            % {"seen": seen, "given": counter.last_number},
        )
    return chain.ChainReport(desa.code, counter.year, seen, None)


def register_export_get(*, actor: User, token: str, done: bool = False) -> RegisterExport:
    """An export job of the actor's own; 404 for anyone else's, alike with a missing one."""
    export = RegisterExport.objects.filter(token=token, requested_by=actor).first()
    if export is None or (done and (export.state != RegisterExport.State.DONE or not export.file)):
        raise NotFound()
    return export


def register_number_of(complaint: Complaint) -> str | None:
    """The display number of a received complaint (e.g. 012/PGD/JGB/2026), or None.

    Costs no query when the caller joined `register_entry` and `desa__register_settings`
    (`complaints.reads.page` does for the detail and tracking views).
    """
    if complaint.received_at is None:  # never received: no entry, and no query to say so
        return None
    try:
        entry = complaint.register_entry
    except RegisterEntry.DoesNotExist:
        return None
    desa = complaint.desa
    try:
        rules = desa.register_settings
    except RegisterSettings.DoesNotExist:
        rules = RegisterSettings(desa=desa)
    return format_number(
        number=entry.number, year=entry.year, abbreviation=desa.register_abbreviation, rules=rules
    )

"""A complaint's history: its moves, notes and files, read in one statement and handed out
per viewer by `ComplaintHistory`. The complaint's page reads it inside the complaint's own
statement (`history_sql`), tracking alone (`complaint_history`); `complaint_history_orm` is
its readable ORM twin, the reference tests hold it to.

One order for every reader (`_in_order`): oldest first; at the same instant a move before
the note written with it; then by id. Files: oldest first, then by id."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

import orjson
from django.db import connection

from accounts.models import User
from common.rawsql import as_datetime, read_cursor
from complaints.models import Attachment, Complaint, Note, Transition, Visibility
from complaints.state import STAFF_ONLY_MOVES


class TimelineRow(NamedTuple):
    type: str  # "transition" or "note"
    at: datetime
    id: int
    action: str | None
    to_status: str | None
    note: str
    visibility: str  # who may read the note (a move itself is seen by everyone)
    actor_full_name: str | None
    actor_username: str | None  # None: no actor (the system, or a deleted account)
    data: dict | None = None  # a move's own facts (assignment: from → to)

    def seen_by(self, *, staff: bool) -> "TimelineRow | None":
        """The entry as one viewer sees it: a staff-only note is dropped, a move with a
        staff-only note stays without the note, and the office's own moves are dropped."""
        if staff:
            return self
        if self.action in STAFF_ONLY_MOVES:
            return None
        if self.visibility == Visibility.PUBLIC:
            return self
        return None if self.type == "note" else self._replace(note="")


class AttachmentRow(NamedTuple):
    token: str
    content_type: str
    size: int
    visibility: str
    at: datetime
    for_answer: bool = False
    answer_id: int | None = None  # the answer move it was delivered with


@dataclass(frozen=True)
class ComplaintHistory:
    """A complaint's moves, notes and files, whoever may see them: `timeline` and
    `attachments` hand out only what one viewer may see (staff see internal entries)."""

    entries: tuple[TimelineRow, ...]
    files: tuple[AttachmentRow, ...]

    def timeline(self, *, staff: bool) -> list[TimelineRow]:
        """Moves and notes, oldest first; at the same instant a move before its note."""
        entries = (row.seen_by(staff=staff) for row in self.entries)
        return [row for row in entries if row is not None]

    def attachments(self, *, staff: bool) -> list[AttachmentRow]:
        """Evidence, oldest first."""
        return [row for row in self.files if staff or row.visibility == Visibility.PUBLIC]


def _in_order(entries: list[TimelineRow]) -> tuple[TimelineRow, ...]:
    """The timeline's one order: oldest first; at the same instant a move before the note
    written with it, whatever the ids say; then by id."""
    return tuple(sorted(entries, key=lambda row: (row.at, row.type != "transition", row.id)))


class HistoryColumns(NamedTuple):
    """The history's three columns (`history_sql`), each one JSON text of arrays."""

    moves: str | None
    notes: str | None
    files: str | None


def _json_list_sql(columns: str, source: str) -> str:
    """A scalar subquery: the rows of `source` as one JSON text of arrays of `columns`
    (NULL or "[]" for none). The history is read this way, each kind of entry a column,
    instead of one round trip per kind of entry."""
    if connection.vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array({columns}))::text FROM {source})"  # noqa: S608
    return f"(SELECT json_group_array(json_array({columns})) FROM {source})"  # noqa: S608


# The columns of each JSON array, in the order `history_of` unpacks them.
_MOVE_COLUMNS = "t.at, t.id, t.action, t.to_status, t.note, t.visibility, u.full_name, u.username"
_NOTE_COLUMNS = "n.at, n.id, n.body, n.visibility, u.full_name, u.username"
_FILE_COLUMNS = (
    "f.id, f.token, f.content_type, f.size, f.visibility, f.at, f.for_answer, f.answer_id"
)


@cache
def history_sql() -> str:
    """The `HistoryColumns` of the complaint `c` of the enclosing statement."""
    user = User._meta.db_table
    data = "t.data" if connection.vendor == "postgresql" else "json(t.data)"
    moves = _json_list_sql(
        f"{_MOVE_COLUMNS}, {data}",
        f"{Transition._meta.db_table} t LEFT JOIN {user} u ON u.id = t.actor_id"
        " WHERE t.complaint_id = c.id",
    )
    notes = _json_list_sql(
        _NOTE_COLUMNS,
        f"{Note._meta.db_table} n LEFT JOIN {user} u ON u.id = n.author_id"
        " WHERE n.complaint_id = c.id",
    )
    files = _json_list_sql(
        _FILE_COLUMNS, f"{Attachment._meta.db_table} f WHERE f.complaint_id = c.id"
    )
    return f"{moves} AS history_moves, {notes} AS history_notes, {files} AS history_files"


def history_of(columns: HistoryColumns) -> ComplaintHistory:
    entries = [
        TimelineRow(
            "transition", as_datetime(at), pk, action, to_status, note, visibility, full_name,
            username, data,
        )
        for at, pk, action, to_status, note, visibility, full_name, username, data in orjson.loads(
            columns.moves or "[]"
        )
    ]  # fmt: skip
    entries += [
        TimelineRow("note", as_datetime(at), pk, None, None, body, visibility, full_name, username)
        for at, pk, body, visibility, full_name, username in orjson.loads(columns.notes or "[]")
    ]
    files = [
        (
            (as_datetime(at), pk),
            AttachmentRow(
                token, content_type, size, visibility, as_datetime(at), bool(for_answer), answer
            ),
        )
        for pk, token, content_type, size, visibility, at, for_answer, answer in orjson.loads(
            columns.files or "[]"
        )
    ]
    files.sort(key=lambda keyed: keyed[0])
    return ComplaintHistory(_in_order(entries), tuple(row for _, row in files))


@cache
def _complaint_history_sql() -> str:
    return f"SELECT {history_sql()} FROM {Complaint._meta.db_table} c WHERE c.id = %s"  # noqa: S608


def complaint_history(*, complaint: Complaint) -> ComplaintHistory:
    """The history of a complaint already read (tracking), in one query."""
    with read_cursor() as cursor:
        cursor.execute(_complaint_history_sql(), [complaint.pk])
        row = cursor.fetchone()
    return history_of(HistoryColumns._make(row))


# --- the ORM twin ------------------------------------------------------------------------


def complaint_history_orm(*, complaint: Complaint) -> ComplaintHistory:
    """`complaint_history` through the ORM, one query per kind of entry: the reference
    tests hold the one statement to (same rows, same order, same types)."""

    def names(user: User | None) -> tuple[str | None, str | None]:
        return (user.full_name, user.username) if user else (None, None)

    moves = Transition.objects.filter(complaint=complaint).select_related("actor")
    notes = Note.objects.filter(complaint=complaint).select_related("author")
    entries = [
        TimelineRow(
            "transition", move.at, move.id, move.action, move.to_status, move.note,
            move.visibility, *names(move.actor), move.data,
        )
        for move in moves
    ]  # fmt: skip
    entries += [
        TimelineRow(
            "note", note.at, note.id, None, None, note.body, note.visibility, *names(note.author)
        )
        for note in notes
    ]
    files = Attachment.objects.filter(complaint=complaint).order_by("at", "id")
    return ComplaintHistory(
        _in_order(entries),
        tuple(
            AttachmentRow(
                file.token,
                file.content_type,
                file.size,
                file.visibility,
                file.at,
                file.for_answer,
                file.answer_id,
            )
            for file in files
        ),
    )

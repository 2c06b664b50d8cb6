"""Reads of complaints, always starting from `complaints.access.visible_complaints`."""

import re
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import NamedTuple

import orjson
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.scoping import OFFICE, desa_for
from common.errors import NotFound
from common.rawsql import Columns, as_datetime, read_cursor
from complaints.access import (
    Involvement,
    complaint_visible_to,
    involvements,
    office_desa_of,
    visible_complaints,
)
from complaints.identity import pin_matches, tracking_code_normalise
from complaints.models import (
    Attachment,
    Category,
    Complaint,
    IdentityAccess,
    Note,
    Transition,
    Visibility,
)
from complaints.state import OPEN, PRIMARY_STATES, STAFF_ONLY_MOVES, Status
from regions.models import Level as RegionLevel
from regions.models import Region
from register.models import RegisterEntry, RegisterSettings
from sla.models import ClockState, ComplaintSla
from sla.presentation import SLA_LIST_FIELDS

# Statuses in which a complaint waits on the holder of its assigned position.
HELD = (Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED)
ATTENTION = ("overdue", "escalated", "unassignable")


def attention(name: str, now: datetime) -> Q:
    """What needs the village head now, as a filter on complaints:

    - overdue: the clock runs past its deadline (as `ComplaintSlaOut.overdue`);
    - escalated: the deadline passed and the village head was told, answer still awaited;
    - unassignable: waiting on a holder nobody is: the named official no longer holds the
      position in the desa (membership ended, account deactivated), or, with nobody named,
      no active account holds the position now.
    """
    if name == "overdue":
        return Q(sla__state=ClockState.RUNNING, sla__deadline__lte=now)
    if name == "escalated":
        return Q(sla__escalated_at__isnull=False) & ~Q(sla__state=ClockState.STOPPED)
    assert name == "unassignable", name
    holders = Membership.objects.filter(
        region=OuterRef("desa_id"),
        role=Role.HANDLER,
        position=OuterRef("assigned_position"),
        user__is_active=True,
    )
    return (
        Q(status__in=HELD)
        & ~Q(assigned_position="")
        & (
            (Q(assigned_to__isnull=True) & ~Exists(holders))
            | (Q(assigned_to__isnull=False) & ~Exists(holders.filter(user=OuterRef("assigned_to"))))
        )
    )


def _attention_sql(name: str) -> tuple[str, list]:
    """`attention(name)` as a condition on the inbox statement's `c` and `s`."""
    if name == "overdue":
        return f"s.state = '{ClockState.RUNNING.value}' AND s.deadline <= %s", [
            connection.ops.adapt_datetimefield_value(timezone.now())
        ]
    if name == "escalated":
        return f"s.escalated_at IS NOT NULL AND s.state <> '{ClockState.STOPPED.value}'", []
    held = ", ".join(f"'{status.value}'" for status in HELD)
    return (
        f"c.status IN ({held}) AND c.assigned_position <> '' AND NOT EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {Membership._meta.db_table} m JOIN {User._meta.db_table} u"
        f" ON u.id = m.user_id WHERE m.region_id = c.desa_id AND m.role = '{Role.HANDLER.value}'"
        " AND m.position = c.assigned_position AND u.is_active = %s"
        " AND (c.assigned_to_id IS NULL OR m.user_id = c.assigned_to_id))",
        [True],
    )


@dataclass(frozen=True)
class InboxFilters:
    desa: str | None = None
    status: list[str] | None = None
    kind: str | None = None
    category: str | None = None
    channel: str | None = None
    priority: str | None = None
    position: str | None = None
    # Assigned to no position yet.
    unassigned: bool = False
    submitted_from: object = None
    submitted_to: object = None
    search: str | None = None
    mine: bool = False
    # What needs the village head now (`attention`): each alone or together.
    overdue: bool = False
    escalated: bool = False
    unassignable: bool = False


# The orders the inbox offers. Each is a few never-NULL expressions on `c`, `s` and `cat`,
# then the id (the tie-break, so an order is total and pages neither repeat nor skip a row),
# and how a row's position in that order is read back in Python for the page links. Text
# orders compare code points (`COLLATE "C"` on PostgreSQL, SQLite's binary): the same order
# on both databases and in Python, whatever the database's locale.
_RUNNING = f"s.state = '{ClockState.RUNNING.value}'"
# The life of a complaint, not the alphabet (the SPA's filter lists them in this order).
STATUS_ORDER = (
    Status.SUBMITTED, Status.RECEIVED, Status.NEEDS_INFO, Status.VERIFIED, Status.ASSIGNED,
    Status.IN_PROGRESS, Status.ANSWERED, Status.REOPENED, Status.CLOSED, Status.REJECTED,
    Status.SPAM, Status.DUPLICATE, Status.FORWARDED,
)  # fmt: skip
assert set(STATUS_ORDER) == set(Status)
_STATUS_RANK = {status.value: rank for rank, status in enumerate(STATUS_ORDER)}


class SortKey(NamedTuple):
    # (SQL expression, kind): kind "time", "int" or "text" (text is compared by code point).
    columns: tuple[tuple[str, str], ...]
    position: "Callable[[InboxRow], tuple]"


SORT_KEYS: dict[str, SortKey] = {
    # When it came in: the inbox's order since the start, newest first by default.
    "submitted": SortKey((("c.submitted_at", "time"),), lambda r: (r.submitted_at,)),
    # Received ones by the moment of receipt, those not yet received after them.
    "received": SortKey(
        (
            ("CASE WHEN c.received_at IS NULL THEN 1 ELSE 0 END", "int"),
            ("COALESCE(c.received_at, c.submitted_at)", "time"),
        ),
        lambda r: (int(r.received_at is None), r.received_at or r.submitted_at),
    ),
    # Running clocks by deadline (the overdue ones first); then the rest, oldest first.
    "deadline": SortKey(
        (
            (f"CASE WHEN {_RUNNING} THEN 0 ELSE 1 END", "int"),
            (f"CASE WHEN {_RUNNING} THEN s.deadline ELSE c.submitted_at END", "time"),
        ),
        lambda r: (
            (0, r.sla__deadline) if r.sla__state == ClockState.RUNNING else (1, r.submitted_at)
        ),
    ),
    "code": SortKey((("c.tracking_code", "text"),), lambda r: (r.tracking_code,)),
    "title": SortKey((("c.title", "text"),), lambda r: (r.title,)),
    "category": SortKey((("cat.name", "text"),), lambda r: (r.category__name,)),
    "channel": SortKey((("c.channel", "text"),), lambda r: (r.channel,)),
    "status": SortKey(
        (
            (
                "CASE c.status "
                + " ".join(f"WHEN '{value}' THEN {rank}" for value, rank in _STATUS_RANK.items())
                + " END",
                "int",
            ),
        ),
        lambda r: (_STATUS_RANK[r.status],),
    ),
    # Within a priority, the matter more residents reported first (a signal beyond the badge).
    "priority": SortKey(
        (("c.priority", "text"), ("-c.duplicates_count", "int")),
        lambda r: (r.priority, -r.duplicates_count),
    ),
    # Assigned ones by position, those assigned to nobody after them.
    "position": SortKey(
        (
            ("CASE WHEN c.assigned_position = '' THEN 1 ELSE 0 END", "int"),
            ("c.assigned_position", "text"),
        ),
        lambda r: (int(not r.assigned_position), r.assigned_position),
    ),
}
# What `?sort=` accepts: each key ascending, or descending with a leading "-".
SORTS = tuple(f"{sign}{key}" for key in SORT_KEYS for sign in ("", "-"))


@dataclass(frozen=True)
class InboxSort:
    key: str = "submitted"
    descending: bool = True

    @classmethod
    def parse(cls, text: str) -> "InboxSort":
        assert text in SORTS, text
        return cls(text.lstrip("-"), text.startswith("-"))

    def __str__(self) -> str:
        return f"{'-' if self.descending else ''}{self.key}"

    def position(self, row: "InboxRow") -> tuple:
        """Where `row` stands in this order: the sort values, then the id."""
        return (*SORT_KEYS[self.key].position(row), row.id)


@dataclass(frozen=True)
class Keyset:
    """One inbox page: `size` rows following `after`, or preceding `before` (each a
    position: the sort's values then the id, as `InboxSort.position`), in the `sort`
    order — newest first unless told."""

    size: int
    after: tuple | None = None
    before: tuple | None = None
    sort: InboxSort = InboxSort()


def complaint_list(*, actor: User, filters: InboxFilters, page: Keyset) -> list["InboxRow"]:
    """The complaints the actor may see, filtered, as `InboxRow`s: up to
    `page.size + 1` of them (one more than the page says another page follows), in the
    order read — `page.sort`, or its reverse for a `before` page.

    One hand-written statement, the busiest read of the product, prepared by the database
    once per caller and combination of filters. Office staff read their desa's rows and,
    beside them, what they are personally involved in elsewhere, as two ordered branches
    (UNION ALL): each walks its own index, where one OR would sort every row of the desa.
    Tests hold it to the rows `visible_complaints` and the ORM give, for every filter
    alone and in pairs, on PostgreSQL and on the embedded SQLite.

    The caller's own ids and the page size are written into the text, not bound: the
    plan depends on them (an account named on three complaints among 100 000 wants its
    index; a generic plan guessed a fifth of the table and scanned it, 20 ms). With them
    in the text the statement has no parameter until a filter or a cursor adds one, so
    PostgreSQL plans it once per connection instead of on every request.
    """
    if not actor.is_authenticated:
        return []
    office_desa = office_desa_of(actor)
    mine, mine_params = _involvements_sql(involvements(actor), "c")
    narrowing, narrowing_params = _narrowing_sql(filters=filters, page=page, actor=actor)
    inner_order, outer_order = _order_sql(page)
    limit = int(page.size) + 1
    branches: list[tuple[str, list]] = []
    if office_desa:
        branches.append((f"c.desa_id IN ({_placeholders(office_desa)})", list(office_desa)))
        mine = f"{mine} AND c.desa_id NOT IN ({_placeholders(office_desa)})"
        mine_params = mine_params + list(office_desa)
    branches.append((mine, mine_params))
    selects, params = [], []
    for scope, scope_params in branches:
        scope, scope_params = _integers_written_in(scope, scope_params)
        selects.append(
            f"SELECT * FROM (SELECT {_LIST_SELECT}, {_sort_select(page.sort)}"  # noqa: S608
            f" FROM {_LIST_FROM} WHERE {scope}{narrowing} ORDER BY {inner_order} LIMIT {limit}) b"
        )
        params += [*scope_params, *narrowing_params]
    sql = " UNION ALL ".join(selects) + f" ORDER BY {outer_order} LIMIT {limit}"
    width = len(LIST_FIELDS)
    with read_cursor() as cursor:
        cursor.execute(sql, params)
        rows = [InboxRow._make(row[:width]) for row in cursor.fetchall()]
    if connection.vendor == "sqlite":
        return [_sqlite_types(row) for row in rows]
    return rows


def _collated(expression: str, kind: str) -> str:
    if kind == "text" and connection.vendor == "postgresql":
        return f'{expression} COLLATE "C"'
    return expression


def _sort_select(sort: InboxSort) -> str:
    """The sort's values as output columns `sort_0`, `sort_1`, …: the outer ORDER BY of
    the UNION reads them (they follow the row's own columns, which `InboxRow` keeps)."""
    columns = SORT_KEYS[sort.key].columns
    return ", ".join(f"{_collated(sql, kind)} AS sort_{n}" for n, (sql, kind) in enumerate(columns))


def _order_sql(page: Keyset) -> tuple[str, str]:
    """ORDER BY of each branch (on the tables, where an index can serve it) and of the
    UNION (on its output columns), the sort reversed for a `before` page."""
    columns = SORT_KEYS[page.sort.key].columns
    descending = page.sort.descending != bool(page.before)
    direction = " DESC" if descending else ""
    inner = [_collated(sql, kind) for sql, kind in columns] + ["c.id"]
    # A UNION orders by output column names alone: each carries its collation.
    outer = [f"sort_{n}" for n in range(len(columns))] + ["id"]
    return (
        ", ".join(f"{term}{direction}" for term in inner),
        ", ".join(f"{term}{direction}" for term in outer),
    )


def _position_sql(page: Keyset) -> tuple[str, list]:
    """The rows beyond the page's position, in the order the page reads: one row
    comparison over the sort's values and the id."""
    moment = connection.ops.adapt_datetimefield_value  # SQLite compares timestamps as text
    columns = SORT_KEYS[page.sort.key].columns
    position = page.before or page.after
    terms = [_collated(sql, kind) for sql, kind in columns] + ["c.id"]
    kinds = [kind for _, kind in columns] + ["int"]
    values = [
        moment(value) if kind == "time" else value
        for value, kind in zip(position, kinds, strict=True)
    ]
    descending = page.sort.descending != bool(page.before)
    sign = "<" if descending else ">"
    return f"({', '.join(terms)}) {sign} ({_placeholders(values)})", values


def _integers_written_in(sql: str, params: list) -> tuple[str, list]:
    """`sql` with each integer parameter (ids from our own tables) written in as a literal;
    other parameters stay bound."""
    pieces = sql.split("%s")
    assert len(pieces) == len(params) + 1, sql
    written, kept = [pieces[0]], []
    for value, piece in zip(params, pieces[1:], strict=True):
        if type(value) is int:  # not bool, not str: nothing that could carry SQL
            written.append(str(value))
        else:
            written.append("%s")
            kept.append(value)
        written.append(piece)
    return "".join(written), kept


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _involvements_sql(found: list[Involvement], alias: str) -> tuple[str, list]:
    parts, params = [], []
    for involvement in found:
        part, part_params = involvement.sql(alias)
        parts.append(part)
        params += part_params
    return f"({' OR '.join(parts)})", params


def _day_start(day) -> datetime:
    """Midnight starting `day` in the current time zone (where `__date` filters compare)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _narrowing_sql(*, filters: InboxFilters, page: Keyset, actor: User) -> tuple[str, list]:
    """The filters and the page position as " AND …" conditions on `c` (and `cat`)."""
    moment = connection.ops.adapt_datetimefield_value  # SQLite compares timestamps as text
    where: list[str] = []
    params: list = []
    if filters.desa:
        # `desa_id = (subquery)`, not a join on the code: the (desa, submitted_at) index
        # stays usable even when the caller's scope spans several desa.
        where.append(f"c.desa_id = (SELECT id FROM {Region._meta.db_table} WHERE code = %s)")  # noqa: S608
        params.append(filters.desa)
    if filters.status:
        where.append(f"c.status IN ({_placeholders(filters.status)})")
        params += filters.status
    for field in ("kind", "channel", "priority"):
        if getattr(filters, field):
            where.append(f"c.{field} = %s")
            params.append(getattr(filters, field))
    if filters.category:
        where.append("cat.slug = %s")
        params.append(filters.category)
    if filters.position:
        where.append("c.assigned_position = %s")
        params.append(filters.position)
    if filters.unassigned:
        where.append("c.assigned_position = ''")
    if filters.submitted_from:
        where.append("c.submitted_at >= %s")
        params.append(moment(_day_start(filters.submitted_from)))
    if filters.submitted_to:
        where.append("c.submitted_at < %s")
        params.append(moment(_day_start(filters.submitted_to + timedelta(days=1))))
    if filters.search:
        term = filters.search.strip()
        pattern = f"%{connection.ops.prep_for_like_query(term)}%"
        where.append(
            "(UPPER(c.title) LIKE UPPER(%s) ESCAPE '\\'"
            " OR UPPER(c.description) LIKE UPPER(%s) ESCAPE '\\' OR c.tracking_code = %s)"
        )
        params += [pattern, pattern, tracking_code_normalise(term)]
    if filters.mine:
        # The same involvements that open a complaint to its handler: a position-wide
        # assignment (nobody named yet) is the work of every holder of the position.
        involved, involved_params = _involvements_sql(involvements(actor), "c")
        where.append(involved)
        params += involved_params
    for name in ATTENTION:
        if getattr(filters, name):
            condition, condition_params = _attention_sql(name)
            where.append(f"({condition})")
            params += condition_params
    if page.before or page.after:
        condition, condition_params = _position_sql(page)
        where.append(condition)
        params += condition_params
    return "".join(f" AND {condition}" for condition in where), params


# What an inbox row needs, fetched as plain values in the page's one query (no model
# instances, no description text): (key, column).
_LIST_COLUMNS = (
    ("id", "c.id"), ("tracking_code", "c.tracking_code"), ("title", "c.title"),
    ("kind", "c.kind"), ("channel", "c.channel"), ("status", "c.status"),
    ("priority", "c.priority"), ("assigned_position", "c.assigned_position"),
    ("anonymous", "c.anonymous"), ("submitted_at", "c.submitted_at"),
    ("received_at", "c.received_at"), ("answered_at", "c.answered_at"),
    ("closed_at", "c.closed_at"), ("category__slug", "cat.slug"),
    ("category__name", "cat.name"), ("category__icon", "cat.icon"),
    ("desa__code", "d.code"), ("desa__name", "d.name"), ("desa__level", "d.level"),
    ("desa_id", "c.desa_id"), ("desa__timezone", "d.timezone"), ("sla__state", "s.state"),
    ("sla__policy_days", "s.policy_days"), ("sla__deadline", "s.deadline"),
    ("sla__due_on", "s.due_on"), ("sla__remaining_when_paused", "s.remaining_when_paused"),
    ("sla__escalated_at", "s.escalated_at"), ("spam_score", "c.spam_score"),
    ("spam_trapped", "c.spam_trapped"), ("duplicates_count", "c.duplicates_count"),
)  # fmt: skip
LIST_FIELDS = tuple(key for key, _ in _LIST_COLUMNS)
assert set(SLA_LIST_FIELDS) <= set(LIST_FIELDS)
# One inbox row: a tuple with a name per column (a dict per row cost 2 µs, 50 a page).
InboxRow = namedtuple("InboxRow", LIST_FIELDS)
_LIST_SELECT = ", ".join(f'{column} AS "{key}"' for key, column in _LIST_COLUMNS)
_LIST_FROM = (
    f"{Complaint._meta.db_table} c"
    f" JOIN {Category._meta.db_table} cat ON cat.id = c.category_id"
    f" JOIN {Region._meta.db_table} d ON d.id = c.desa_id"
    f" LEFT JOIN {ComplaintSla._meta.db_table} s ON s.complaint_id = c.id"
)


def _sqlite_types(row: "InboxRow") -> "InboxRow":
    """SQLite hands a subquery's columns back without their types: restore them."""
    moments = ("submitted_at", "received_at", "answered_at", "closed_at")
    typed = {key: as_datetime(getattr(row, key)) for key in moments}
    typed.update(
        sla__deadline=as_datetime(row.sla__deadline),
        sla__escalated_at=as_datetime(row.sla__escalated_at),
        anonymous=bool(row.anonymous),
        spam_trapped=bool(row.spam_trapped),
    )
    if isinstance(row.sla__due_on, str):
        typed["sla__due_on"] = date.fromisoformat(row.sla__due_on)
    return row._replace(**typed)


# The complaint page's row with everything it shows, in one constant statement.
_COMPLAINT = Columns(Complaint, "c")
_DESA, _KECAMATAN = Columns(Region, "d"), Columns(Region, "k")
_REGISTER_SETTINGS, _REGISTER_ENTRY = Columns(RegisterSettings, "rs"), Columns(RegisterEntry, "re")
_CATEGORY, _ASSIGNEE, _CLOCK = (
    Columns(Category, "cat"),
    Columns(User, "a"),
    Columns(ComplaintSla, "s"),
)


@cache
def _complaint_sql(*, with_history: bool = False) -> str:
    groups = (
        _COMPLAINT, _DESA, _KECAMATAN, _REGISTER_SETTINGS, _CATEGORY, _ASSIGNEE, _CLOCK,
        _REGISTER_ENTRY,
    )  # fmt: skip
    region = Region._meta.db_table
    history = f", {_history_sql()}" if with_history else ""
    return (
        f"SELECT {', '.join(group.sql for group in groups)}{history}"  # noqa: S608
        f" FROM {Complaint._meta.db_table} c"
        f" JOIN {region} d ON d.id = c.desa_id"
        f" LEFT JOIN {region} k ON k.id = d.parent_id"
        f" LEFT JOIN {RegisterSettings._meta.db_table} rs ON rs.desa_id = d.id"
        f" JOIN {Category._meta.db_table} cat ON cat.id = c.category_id"
        f" LEFT JOIN {User._meta.db_table} a ON a.id = c.assigned_to_id"
        f" LEFT JOIN {ComplaintSla._meta.db_table} s ON s.complaint_id = c.id"
        f" LEFT JOIN {RegisterEntry._meta.db_table} re ON re.complaint_id = c.id"
        " WHERE c.tracking_code = %s"
    )


def _complaint_row(code: str, *, with_history: bool = False) -> tuple | None:
    with read_cursor() as cursor:
        cursor.execute(_complaint_sql(with_history=with_history), [code])
        return cursor.fetchone()


def _complaint_of_row(row: tuple) -> Complaint:
    complaint, at = _COMPLAINT.load(row, 0)
    desa, at = _DESA.load(row, at)
    desa.parent, at = _KECAMATAN.load(row, at)
    settings, at = _REGISTER_SETTINGS.load(row, at)
    Region._meta.get_field("register_settings").set_cached_value(desa, settings)
    complaint.desa = desa
    complaint.category, at = _CATEGORY.load(row, at)
    complaint.assigned_to, at = _ASSIGNEE.load(row, at)
    clock, at = _CLOCK.load(row, at)
    entry, _ = _REGISTER_ENTRY.load(row, at)
    # Reverse one-to-ones: a cached None answers "no such row" as select_related would.
    Complaint._meta.get_field("sla").set_cached_value(complaint, clock)
    Complaint._meta.get_field("register_entry").set_cached_value(complaint, entry)
    return complaint


def complaint_get(*, actor: User, code: str) -> Complaint:
    """One visible complaint with what its page shows; 404 alike for missing and out of
    scope. Read by tracking code in one prepared statement, then checked with
    `complaint_visible_to` (the rules of `visible_complaints`, without a query)."""
    row = _complaint_row(tracking_code_normalise(code))
    return _visible(actor, None if row is None else _complaint_of_row(row))


def complaint_page(*, actor: User, code: str) -> tuple[Complaint, "ComplaintHistory"]:
    """`complaint_get` with the complaint's history, in the same one statement."""
    row = _complaint_row(tracking_code_normalise(code), with_history=True)
    if row is None:
        raise NotFound()
    complaint = _visible(actor, _complaint_of_row(row[:-3]))
    return complaint, _history_of(*row[-3:])


def _visible(actor: User, complaint: Complaint | None) -> Complaint:
    if complaint is None or not complaint_visible_to(actor, complaint):
        raise NotFound()
    return complaint


@cache
def _category_of_desa_sql() -> str:
    return (
        f"SELECT {_CATEGORY.sql}, {_DESA.sql} FROM {Category._meta.db_table} cat"  # noqa: S608
        f" JOIN {Region._meta.db_table} d ON d.id = cat.desa_id"
        " WHERE d.code = %s AND d.level = %s AND cat.slug = %s AND cat.active"
    )


def category_of_desa(*, desa_code: str, slug: str) -> Category | None:
    """A desa's active category with its desa (`category.desa`), for a submission: one
    constant statement, prepared once, where the ORM compiled a join on every request."""
    with read_cursor() as cursor:
        cursor.execute(_category_of_desa_sql(), [desa_code, RegionLevel.DESA, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    category, at = _CATEGORY.load(row, 0)
    category.desa, _ = _DESA.load(row, at)
    return category


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


def _json_of(value: dict | str | None) -> dict | None:
    # PostgreSQL's jsonb comes back as text through Django's connection, as SQLite's does.
    return orjson.loads(value) if isinstance(value, str | bytes) else value


@cache
def _timeline_sql() -> str:
    t, n, u = Transition._meta.db_table, Note._meta.db_table, User._meta.db_table
    # Both kinds of entry in one statement, oldest first; at the same instant a move
    # comes before the note written with it.
    return (
        "SELECT 'transition', t.at, t.id, t.action, t.to_status, t.note, t.visibility,"  # noqa: S608
        f" u.full_name, u.username, t.data FROM {t} t LEFT JOIN {u} u ON u.id = t.actor_id"
        " WHERE t.complaint_id = %s"
        " UNION ALL"
        " SELECT 'note', n.at, n.id, NULL, NULL, n.body, n.visibility,"
        f" u.full_name, u.username, NULL FROM {n} n LEFT JOIN {u} u ON u.id = n.author_id"
        " WHERE n.complaint_id = %s AND (n.visibility = %s OR %s)"
        " ORDER BY 2, 1 DESC, 3"
    )


def complaint_timeline(*, complaint: Complaint, staff: bool) -> list[TimelineRow]:
    """Moves and notes the viewer may see (staff see internal notes), in one query."""
    public = Visibility.PUBLIC.value
    with read_cursor() as cursor:
        cursor.execute(_timeline_sql(), [complaint.pk, complaint.pk, public, staff])
        rows = cursor.fetchall()
    entries = (
        TimelineRow(row[0], as_datetime(row[1]), *row[2:9], _json_of(row[9])) for row in rows
    )
    return [seen for entry in entries if (seen := entry.seen_by(staff=staff)) is not None]


class AttachmentRow(NamedTuple):
    token: str
    content_type: str
    size: int
    visibility: str
    at: datetime
    for_answer: bool = False
    answer_id: int | None = None  # the answer move it was delivered with


def complaint_public_files(*, complaint: Complaint) -> list[AttachmentRow]:
    """The attachments the reporter may read, oldest first, in one query."""
    rows = (
        complaint.attachments.filter(visibility=Visibility.PUBLIC)
        .order_by("at", "id")
        .values_list("token", "content_type", "size", "visibility", "at", "for_answer", "answer")
    )
    return [AttachmentRow(*row) for row in rows]


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


def _json_list_sql(columns: str, source: str) -> str:
    """A scalar subquery: the rows of `source` as one JSON text of arrays of `columns`
    (NULL or "[]" for none). The complaint's page reads its history this way, inside the
    complaint's own statement, instead of one round trip per kind of entry."""
    if connection.vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array({columns}))::text FROM {source})"  # noqa: S608
    return f"(SELECT json_group_array(json_array({columns})) FROM {source})"  # noqa: S608


@cache
def _history_sql() -> str:
    user = User._meta.db_table
    data = "t.data" if connection.vendor == "postgresql" else "json(t.data)"
    moves = _json_list_sql(
        f"t.at, t.id, t.action, t.to_status, t.note, t.visibility, u.full_name, u.username, {data}",
        f"{Transition._meta.db_table} t LEFT JOIN {user} u ON u.id = t.actor_id"
        " WHERE t.complaint_id = c.id",
    )
    notes = _json_list_sql(
        "n.at, n.id, n.body, n.visibility, u.full_name, u.username",
        f"{Note._meta.db_table} n LEFT JOIN {user} u ON u.id = n.author_id"
        " WHERE n.complaint_id = c.id",
    )
    files = _json_list_sql(
        "f.id, f.token, f.content_type, f.size, f.visibility, f.at, f.for_answer, f.answer_id",
        f"{Attachment._meta.db_table} f WHERE f.complaint_id = c.id",
    )
    return f"{moves}, {notes}, {files}"


def _history_of(moves: str | None, notes: str | None, files: str | None) -> ComplaintHistory:
    entries = [
        TimelineRow("transition", as_datetime(at), pk, action, to_status, note, *rest)
        for at, pk, action, to_status, note, *rest in orjson.loads(moves or "[]")
    ]
    entries += [
        TimelineRow("note", as_datetime(at), pk, None, None, *rest, None)
        for at, pk, *rest in orjson.loads(notes or "[]")
    ]
    entries.sort(key=lambda row: (row.at, row.type != "transition", row.id))
    files_read = sorted(
        (as_datetime(at), pk, token, content_type, size, visibility, bool(for_answer), answer)
        for pk, token, content_type, size, visibility, at, for_answer, answer in orjson.loads(
            files or "[]"
        )
    )
    attachments = [
        AttachmentRow(*row[2:6], at=row[0], for_answer=row[6], answer_id=row[7])
        for row in files_read
    ]
    return ComplaintHistory(tuple(entries), tuple(attachments))


def complaint_track(*, code: str, pin: str) -> Complaint:
    """The complaint of a tracking code whose PIN matches; a wrong PIN looks like a wrong code."""
    complaint = (
        Complaint.objects.select_related(
            "desa__parent", "desa__register_settings", "category", "sla", "register_entry"
        )
        .filter(tracking_code=tracking_code_normalise(code))
        .first()
    )
    if complaint is None or not pin_matches(complaint.tracking_code, pin, complaint.pin_hash):
        raise NotFound()
    return complaint


def category_list(*, desa_code: str) -> QuerySet[Category]:
    desa = Region.objects.filter(code=desa_code, level="desa").first()
    if desa is None:
        raise NotFound()
    return Category.objects.filter(desa=desa, active=True).order_by("order", "name")


def desa_official(*, desa: Region, user_id: int) -> User:
    """An active official (handler) of the desa; ValidationError otherwise."""
    user = User.objects.filter(
        pk=user_id, is_active=True, memberships__region=desa, memberships__role=Role.HANDLER
    ).first()
    if user is None:
        raise ValidationError({"grantee": _("Choose an official of this desa.")})
    return user


def identity_access_log(*, actor: User, desa_code: str) -> QuerySet[IdentityAccess]:
    """The identity access log of a desa, for its village head; 404 for anyone else."""
    desa = desa_for(actor, {Role.VILLAGE_HEAD}).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return (
        IdentityAccess.objects.filter(desa=desa)
        .select_related("complaint", "actor", "grantee")
        .order_by("-at", "-id")
    )


MOST_REPORTED = 5  # open complaints the village head's overview names by reporters


def complaint_counts(*, actor: User, desa_code: str, most_reported: bool = False) -> dict:
    """Complaints of a desa per state (every state, 0 included), and how many are open,
    overdue, escalated and unassignable, for its intake officer and village head — the
    inbox's state filter and the village head's overview; 404 for anyone else. One GROUP
    BY query. open: not closed or rejected (`state.OPEN`); the others as `attention` says.

    `most_reported`: also the open complaints most residents reported (duplicates joined
    to them), most first, at most `MOST_REPORTED` — one query more.
    """
    desa = desa_for(actor, OFFICE).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    now = timezone.now()
    rows = (
        visible_complaints(actor, for_listing=True)
        .filter(desa=desa)
        .order_by()
        .values("status")
        .annotate(
            count=Count("id"),
            **{name: Count("id", filter=attention(name, now)) for name in ATTENTION},
        )
    )
    counts = dict.fromkeys(Status.values, 0) | {"open": 0} | dict.fromkeys(ATTENTION, 0)
    for row in rows:
        counts[row["status"]] = row["count"]
        counts["open"] += row["count"] if row["status"] in OPEN else 0
        for name in ATTENTION:
            counts[name] += row[name]
    if most_reported:
        counts["most_reported"] = [
            {
                "tracking_code": row["tracking_code"],
                "title": row["title"],
                "status": row["status"],
                "status_label": Status(row["status"]).label,
                "reporters_count": 1 + row["duplicates_count"],
            }
            for row in visible_complaints(actor, for_listing=True)
            .filter(desa=desa, status__in=OPEN, duplicates_count__gt=0)
            .order_by("-duplicates_count", "-submitted_at")
            .values("tracking_code", "title", "status", "duplicates_count")[:MOST_REPORTED]
        ]
    return counts


# --- look-alike complaints (duplicates) ---------------------------------------------------
SIMILAR_LIMIT = 5
# The least similarity (0–1) a candidate needs: pg_trgm's on PostgreSQL, the share of
# words in common elsewhere.
SIMILAR_MIN = 0.2
_SIMILAR_SCAN = 300  # SQLite: the newest candidates compared in Python
_WORD = re.compile(r"\w{3,}")


class SimilarRow(NamedTuple):
    tracking_code: str
    title: str
    description: str
    status: str
    submitted_at: datetime
    received_at: datetime | None
    duplicates_count: int
    similarity: float


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def similar_complaints(*, complaint: Complaint) -> list[SimilarRow]:
    """Open, received complaints of the same desa and category that read like this one,
    most alike first: the candidates a duplicate may be joined to (`state.PRIMARY_STATES`).
    One query. PostgreSQL ranks by pg_trgm similarity of the titles, or of title and
    description together, whichever is higher; SQLite by the share of words in common."""
    fields = (
        "tracking_code", "title", "description", "status", "submitted_at", "received_at",
        "duplicates_count",
    )  # fmt: skip
    candidates = (
        Complaint.objects.filter(
            desa_id=complaint.desa_id,
            category_id=complaint.category_id,
            status__in=PRIMARY_STATES,
        )
        .exclude(pk=complaint.pk)
        .order_by()
    )
    if connection.vendor == "postgresql":
        text = Concat("title", Value(" "), "description", output_field=TextField())
        ranked = (
            candidates.annotate(
                similarity=Greatest(
                    TrigramSimilarity("title", complaint.title),
                    TrigramSimilarity(text, f"{complaint.title} {complaint.description}"),
                )
            )
            .filter(similarity__gte=SIMILAR_MIN)
            .order_by("-similarity", "-submitted_at")
            .values_list(*fields, "similarity")[:SIMILAR_LIMIT]
        )
        return [SimilarRow(*row[:-1], round(float(row[-1]), 2)) for row in ranked]
    mine = _words(f"{complaint.title} {complaint.description}")
    found = []
    for row in candidates.order_by("-submitted_at").values_list(*fields)[:_SIMILAR_SCAN]:
        theirs = _words(f"{row[1]} {row[2]}")
        score = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        if score >= SIMILAR_MIN:
            found.append(SimilarRow(*row, round(score, 2)))
    found.sort(key=lambda row: (-row.similarity, -row.submitted_at.timestamp()))
    return found[:SIMILAR_LIMIT]


def duplicate_refusal(primary: Complaint) -> str:
    """Why a complaint cannot gather duplicates now ("" when it can): it is itself joined
    to another, or it is not a received complaint still being handled (`PRIMARY_STATES`)."""
    if primary.status == Status.DUPLICATE:
        return _("%(code)s is itself joined to another complaint: join this one to that.") % {
            "code": primary.tracking_code
        }
    if primary.status not in PRIMARY_STATES:
        return _(
            "%(code)s is “%(status)s”: only a received complaint still being handled can "
            "gather duplicates."
        ) % {"code": primary.tracking_code, "status": Status(primary.status).label}
    return ""


def duplicate_primary_find(*, complaint: Complaint, code: str) -> Complaint:
    """The complaint of the same desa a typed (or pasted) tracking code names, for the
    officer to see before marking `complaint` its duplicate. One query. A code of another
    desa reads exactly like an unknown one (400 on `tracking_code`): nothing leaks."""
    primary = Complaint.objects.filter(
        tracking_code=tracking_code_normalise(code), desa_id=complaint.desa_id
    ).first()
    if primary is None:
        raise ValidationError(
            {"tracking_code": _("No complaint of this desa has this tracking code.")}
        )
    if primary.pk == complaint.pk:
        raise ValidationError({"tracking_code": _("A complaint cannot duplicate itself.")})
    return primary

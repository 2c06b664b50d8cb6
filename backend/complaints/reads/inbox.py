"""The inbox: one hand-written statement per page (`complaint_list`), and its readable ORM
twin (`complaint_list_orm`), the reference tests hold it to on PostgreSQL and on SQLite.

Also what needs the village head now (`attention`): a filter on the complaints' SLA clocks,
shared with the counts and the reports."""

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, DateTimeField, Exists, F, IntegerField, OuterRef, Q, When
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from accounts.models import Membership, Role, User
from common.clock import current_time
from common.rawsql import as_datetime, read_cursor
from complaints.access import Involvement, involvements, office_desa_of, visible_complaints
from complaints.identity import tracking_code_normalise
from complaints.models import Category, Complaint
from complaints.state import Status
from regions.models import Region
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
            connection.ops.adapt_datetimefield_value(current_time())
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
    # The page selects `InboxRow`'s columns by name, in its order: the sort values stay
    # inside, where the ORDER BY reads them.
    sql = (
        f"SELECT {_LIST_NAMES} FROM ({' UNION ALL '.join(selects)}) page"  # noqa: S608
        f" ORDER BY {outer_order} LIMIT {limit}"
    )
    with read_cursor() as cursor:
        cursor.execute(sql, params)
        rows = [InboxRow._make(row) for row in cursor.fetchall()]
    if connection.vendor == "sqlite":
        return [_sqlite_types(row) for row in rows]
    return rows


def _collated(expression: str, kind: str) -> str:
    if kind == "text" and connection.vendor == "postgresql":
        return f'{expression} COLLATE "C"'
    return expression


def _sort_select(sort: InboxSort) -> str:
    """The sort's values as output columns `sort_0`, `sort_1`, …: the outer ORDER BY of
    the UNION reads them (they follow the row's own columns; `InboxRow` leaves them out)."""
    columns = SORT_KEYS[sort.key].columns
    return ", ".join(f"{_collated(sql, kind)} AS sort_{n}" for n, (sql, kind) in enumerate(columns))


def _order_sql(page: Keyset) -> tuple[str, str]:
    """ORDER BY of each branch (on the tables, where an index can serve it) and of the
    UNION (on its output columns), the sort reversed for a `before` page."""
    columns = SORT_KEYS[page.sort.key].columns
    descending = page.sort.descending != bool(page.before)
    direction = " DESC" if descending else ""
    inner = [_collated(sql, kind) for sql, kind in columns] + ["c.id"]
    # The page orders the UNION's output by column names alone: each carries its collation.
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
_LIST_NAMES = ", ".join(f'"{key}"' for key in LIST_FIELDS)
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


# --- the ORM twin ------------------------------------------------------------------------
def _code_points(field: str):
    # Code point order on both databases, whatever PostgreSQL's locale.
    return Collate(F(field), "C" if connection.vendor == "postgresql" else "BINARY")


def _orm_sort_keys(key: str) -> list:
    """`SORT_KEYS` in the ORM's words: never-NULL values, the id follows."""
    running = Q(sla__state=ClockState.RUNNING)
    last_if = lambda condition: Case(When(condition, then=1), default=0)  # noqa: E731
    return {
        "submitted": [F("submitted_at")],
        # `submitted_at` is a `TimestampField`: mixed with a plain one, the type is named.
        "received": [
            last_if(Q(received_at__isnull=True)),
            Coalesce("received_at", "submitted_at", output_field=DateTimeField()),
        ],
        "deadline": [
            last_if(~running | Q(sla__isnull=True)),
            Case(
                When(running, then=F("sla__deadline")),
                default=F("submitted_at"),
                output_field=DateTimeField(),
            ),
        ],
        "code": [_code_points("tracking_code")],
        "title": [_code_points("title")],
        "category": [_code_points("category__name")],
        "channel": [_code_points("channel")],
        "status": [
            Case(
                *(When(status=s, then=rank) for rank, s in enumerate(STATUS_ORDER)),
                output_field=IntegerField(),
            )
        ],
        "priority": [_code_points("priority"), -F("duplicates_count")],
        "position": [last_if(Q(assigned_position="")), _code_points("assigned_position")],
    }[key]


def complaint_list_orm(*, actor: User, filters: InboxFilters, page: Keyset) -> list[InboxRow]:
    """`complaint_list` through the ORM and `visible_complaints`, a filter and a sort key
    at a time: the reference the hand-written statement is held to (same rows, same
    order, same types), on PostgreSQL and on SQLite. Readable, and slower: one plain
    query, where the statement walks an index per branch."""
    complaints = visible_complaints(actor)
    if filters.desa:
        complaints = complaints.filter(desa__in=Region.objects.filter(code=filters.desa))
    if filters.status:
        complaints = complaints.filter(status__in=filters.status)
    for field in ("kind", "channel", "priority"):
        if getattr(filters, field):
            complaints = complaints.filter(**{field: getattr(filters, field)})
    if filters.category:
        complaints = complaints.filter(category__slug=filters.category)
    if filters.position:
        complaints = complaints.filter(assigned_position=filters.position)
    if filters.unassigned:
        complaints = complaints.filter(assigned_position="")
    if filters.submitted_from:
        complaints = complaints.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        complaints = complaints.filter(submitted_at__date__lte=filters.submitted_to)
    if filters.search:
        term = filters.search.strip()
        complaints = complaints.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(tracking_code=tracking_code_normalise(term))
        )
    if filters.mine:
        complaints = complaints.filter(
            reduce(or_, (involvement.q() for involvement in involvements(actor)))
        )
    for name in ATTENTION:
        if getattr(filters, name):
            complaints = complaints.filter(attention(name, current_time()))
    sort_keys = _orm_sort_keys(page.sort.key)
    complaints = complaints.annotate(**{f"sort_{n}": key for n, key in enumerate(sort_keys)})
    names = [f"sort_{n}" for n in range(len(sort_keys))] + ["id"]
    descending = page.sort.descending != bool(page.before)
    position = page.before or page.after
    if position:
        beyond = "lt" if descending else "gt"
        complaints = complaints.filter(
            reduce(
                or_,
                (
                    Q(**dict(zip(names[:n], position[:n], strict=True)))
                    & Q(**{f"{names[n]}__{beyond}": position[n]})
                    for n in range(len(names))
                ),
            )
        )
    complaints = complaints.order_by(*(f"-{name}" if descending else name for name in names))
    return [InboxRow._make(row) for row in complaints.values_list(*LIST_FIELDS)[: page.size + 1]]

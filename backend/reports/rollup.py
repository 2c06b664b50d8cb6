"""Keeping `reports.models.Tally`, `Summary` and `DesaYear` exact: the hook of each move,
and the nightly rebuild.

`rollup_on_move` and `rollup_on_note` run inside the transaction of the move (the complaint
row locked) and issue exactly one statement: on PostgreSQL a data-modifying CTE whose rows
add the move's deltas to the fine cells (`Tally`), to the coarse ones (`Summary`: the
desa's month and year, its kecamatan's and kabupaten's month) and to the desa's year row of
each measure (`DesaYear`). Conditions that depend on history (is this the first response?
the first objection? was the answer on time?) are subqueries of that same statement,
evaluated once for all three tables. SQLite, which has no data-modifying CTE, takes three
statements.

`rollup_rebuild` computes the same cells from the complaints alone, compares, logs how
many cells disagree (counts and desa ids, never anything about a person) and replaces the
stored cells and rows of each desa that differs; then each kecamatan's and kabupaten's summary
against the sum of its desa's.
"""

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum

from complaints.models import Complaint, Note, Transition, Visibility
from complaints.state import Action, Status
from regions.models import Region
from reports.models import TAIL, UPTO, DesaYear, Measure, Span, Summary, Tally
from sla.calendar import WorkingCalendar
from sla.models import ComplaintSla
from sla.selectors import calendar_for, calendars_for_zones

logger = logging.getLogger(__name__)

Key = tuple[int, date, int, str, str, str, str, int]  # desa, month, category, …, bucket

_COLUMNS = "desa_id, month, category_id, channel, kind, priority, measure, bucket, n"
_CONFLICT = "desa_id, month, category_id, channel, kind, priority, measure, bucket"
_SUMMARY_COLUMNS = "region_id, span, month, measure, bucket, n"
_SUMMARY_CONFLICT = "region_id, span, month, measure, bucket"
_REGIONS = Region._meta.db_table


def month_of(moment: datetime, calendar: WorkingCalendar) -> date:
    return calendar.local_date(moment).replace(day=1)


def days_bucket(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    """Working days from `start` to `end` (local days; 0 the same day), capped at `TAIL`."""
    days = calendar.working_days_between(calendar.local_date(start), calendar.local_date(end))
    return min(days, TAIL)


class _Rows:
    """The rows of one upsert: (measure, bucket, delta, condition SQL, condition params)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, int, int, str, list[Any]]] = []

    def add(self, measure: str, delta: int, bucket: int = 0, when: str = "", params=()) -> None:
        self.rows.append((measure, bucket, delta, when, list(params)))


# History conditions, in SQL shared by PostgreSQL and SQLite (constants: table names and
# enum values, no input). `%s` = the complaint id, then
# the id of the row being written (excluded: it is this move itself).
_TRANSITIONS = Transition._meta.db_table
_NOTES = Note._meta.db_table
_CLOCKS = ComplaintSla._meta.db_table
_NO_EARLIER_RESPONSE = (
    f"NOT EXISTS (SELECT 1 FROM {_TRANSITIONS} WHERE complaint_id = %s AND id <> %s"  # noqa: S608
    f" AND action IN ('{Action.REQUEST_INFO.value}', '{Action.ANSWER.value}'))"
    f" AND NOT EXISTS (SELECT 1 FROM {_NOTES} n WHERE n.complaint_id = %s AND n.id <> %s"
    f" AND n.visibility = '{Visibility.PUBLIC.value}' AND n.at >= %s)"
)
_NO_EARLIER_OBJECTION = (
    f"NOT EXISTS (SELECT 1 FROM {_TRANSITIONS} WHERE complaint_id = %s AND id <> %s"  # noqa: S608
    f" AND action = '{Action.OBJECT.value}')"
)
_ON_TIME = f"EXISTS (SELECT 1 FROM {_CLOCKS} WHERE complaint_id = %s AND deadline >= %s)"  # noqa: S608


def _adapt(value: Any) -> Any:
    # Raw SQL gets values as the ORM would store them (SQLite keeps datetimes as text).
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


# The desa's year row of each measure the move changes (`DesaYear`): a delta in bucket b
# adds to every column from `upto_<b>` on. Grouped by measure, so that no row is updated
# twice, and ordered, so that two moves of one desa lock its rows in the same order.
_YEARS = DesaYear._meta.db_table
_YEAR_UPSERT = (
    f"INSERT INTO {_YEARS} (desa_id, year, measure, {', '.join(UPTO)})"  # noqa: S608
    " SELECT %s, %s, measure, "
    + ", ".join(f"SUM(CASE WHEN bucket <= {k} THEN n ELSE 0 END)" for k in range(TAIL + 1))
    + " FROM delta WHERE 1 = 1 GROUP BY measure ORDER BY measure"
    " ON CONFLICT (desa_id, year, measure) DO UPDATE SET "
    + ", ".join(f"{column} = {_YEARS}.{column} + excluded.{column}" for column in UPTO)
)


def _upsert(complaint: Complaint, month: date, rows: _Rows) -> None:
    if not rows.rows:
        return
    deltas, delta_params = [], []
    for measure, bucket, delta, when, when_params in rows.rows:
        deltas.append(f"SELECT %s, %s, %s WHERE {when or '1 = 1'}")
        delta_params += [measure, bucket, delta, *map(_adapt, when_params)]
    # The cells of the desa's month and year, and of its kecamatan's and kabupaten's month,
    # the ancestors found by the statement itself rather than by another query.
    scope = (
        "SELECT %s, %s, %s UNION ALL SELECT %s, %s, %s"  # noqa: S608 (a constant table name)
        f" UNION ALL SELECT parent_id, %s, %s FROM {_REGIONS} WHERE id = %s"
        f" UNION ALL SELECT k.parent_id, %s, %s FROM {_REGIONS} d"
        f" JOIN {_REGIONS} k ON k.id = d.parent_id WHERE d.id = %s"
    )
    desa, year = complaint.desa_id, month.replace(month=1)
    scope_params = [desa, Span.MONTH, month, desa, Span.YEAR, year]
    scope_params += [Span.MONTH, month, desa, Span.MONTH, month, desa]
    with_ = (
        f"WITH delta (measure, bucket, n) AS ({' UNION ALL '.join(deltas)}),"
        f" scope (region_id, span, month) AS ({scope})"
    )
    tally, summary = Tally._meta.db_table, Summary._meta.db_table
    fine = (
        f"INSERT INTO {tally} ({_COLUMNS})"  # noqa: S608
        " SELECT %s, %s, %s, %s, %s, %s, measure, bucket, n FROM delta WHERE 1 = 1"
        f" ON CONFLICT ({_CONFLICT}) DO UPDATE SET n = {tally}.n + excluded.n"
    )
    fine_params = [desa, month, complaint.category_id]
    fine_params += [complaint.channel, complaint.kind, complaint.priority]
    # Ordered, so that moves of different desa of one kabupaten, which share its rows,
    # take their row locks in the same order and cannot deadlock on them.
    coarse = (
        f"INSERT INTO {summary} ({_SUMMARY_COLUMNS})"  # noqa: S608
        " SELECT s.region_id, s.span, s.month, d.measure, d.bucket, d.n"
        " FROM delta d CROSS JOIN scope s WHERE 1 = 1 ORDER BY 1, 2, 3, 4, 5"
        f" ON CONFLICT ({_SUMMARY_CONFLICT}) DO UPDATE SET n = {summary}.n + excluded.n"
    )
    year_params = [desa, year]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"{with_}, fine AS ({fine}), yearly AS ({_YEAR_UPSERT}) {coarse}",
                [*delta_params, *scope_params, *fine_params, *year_params],
            )
        else:
            cursor.execute(f"{with_} {fine}", [*delta_params, *scope_params, *fine_params])
            cursor.execute(f"{with_} {_YEAR_UPSERT}", [*delta_params, *scope_params, *year_params])
            cursor.execute(f"{with_} {coarse}", [*delta_params, *scope_params])


def rollup_on_move(
    *, complaint: Complaint, transition: Transition, updates: dict[str, Any]
) -> None:
    """Add one move to the rollup. `complaint` is the locked row as it was before the move
    (`updates` holds the columns the move wrote); `transition` is the move, already saved."""
    action = Action(transition.action)
    if action in (Action.VERIFY, Action.PRIORITISE):
        _priority_moved(complaint, old=transition.data.get("from_priority"), new=complaint.priority)
        return
    calendar = calendar_for(complaint.desa)
    received_at = updates.get("received_at") or complaint.received_at
    rows = _Rows()
    pk, move = complaint.pk, transition.pk
    if action == Action.RECEIVE:
        rows.add(Measure.RECEIVED, 1)
    elif action == Action.REJECT:
        rows.add(Measure.REJECTED, 1)
    elif action in (Action.REQUEST_INFO, Action.ANSWER):
        first = _NO_EARLIER_RESPONSE
        bucket = days_bucket(calendar, received_at, transition.at)
        rows.add(Measure.RESPONSE_DAYS, 1, bucket, first, [pk, move, pk, 0, received_at])
        if action == Action.ANSWER:
            answered_at = updates["answered_at"]
            rows.add(Measure.ANSWERED, 1)
            rows.add(Measure.ANSWER_DAYS, 1, days_bucket(calendar, received_at, answered_at))
            rows.add(Measure.WITHIN_SLA, 1, 0, _ON_TIME, [pk, answered_at])
    elif action == Action.OBJECT:
        answered_at = complaint.answered_at
        rows.add(Measure.ANSWERED, -1)
        rows.add(Measure.ANSWER_DAYS, -1, days_bucket(calendar, received_at, answered_at))
        rows.add(Measure.WITHIN_SLA, -1, 0, _ON_TIME, [pk, answered_at])
        rows.add(Measure.REOPENED, 1, 0, _NO_EARLIER_OBJECTION, [pk, move])
    elif action in (Action.CONFIRM, Action.CLOSE):
        rows.add(Measure.CLOSED, 1)
        if updates.get("rating"):
            rows.add(Measure.RATING, 1, updates["rating"])
    elif action == Action.FORWARD:
        rows.add(Measure.FORWARDED, 1)
    elif action == Action.MARK_DUPLICATE and received_at is not None:
        # One joined before receipt took no register number and counts nowhere, as spam.
        rows.add(Measure.DUPLICATE, 1)
    cohort_at = received_at or updates.get("closed_at")
    if cohort_at is not None:
        _upsert(complaint, month_of(cohort_at, calendar), rows)


def _priority_moved(complaint: Complaint, *, old: str | None, new: str) -> None:
    """The rollup breaks down by a complaint's current priority: when the officer sets it at
    verification or changes it later, the complaint's cells move from the old priority to
    the new one. A rare move, so it may cost a few statements more than the others."""
    if not old or old == new:
        return
    cells = tallies_from_complaints([complaint.desa_id], complaint_id=complaint.pk)
    values, params = [], []
    for key, n in cells[complaint.desa_id].items():
        for priority, delta in ((old, -n), (new, n)):
            values.append("(%s, %s, %s, %s, %s, %s, %s, %s, %s)")
            params += [*map(_adapt, key[:5]), priority, *key[6:], delta]
    if not values:
        return
    table = Tally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({_COLUMNS}) VALUES {', '.join(values)}"  # noqa: S608
            f" ON CONFLICT ({_CONFLICT}) DO UPDATE SET n = {table}.n + excluded.n",
            params,
        )


def rollup_on_note(*, complaint: Complaint, note: Note) -> None:
    """A public note on a received complaint may be its first response."""
    if note.visibility != Visibility.PUBLIC or complaint.received_at is None:
        return
    calendar = calendar_for(complaint.desa)
    received_at = complaint.received_at
    rows = _Rows()
    pk = complaint.pk
    rows.add(
        Measure.RESPONSE_DAYS,
        1,
        days_bucket(calendar, received_at, note.at),
        _NO_EARLIER_RESPONSE,
        [pk, 0, pk, note.pk, received_at],
    )
    _upsert(complaint, month_of(received_at, calendar), rows)


# --- from the complaints alone ---------------------------------------------------------------
def tallies_from_complaints(
    desa_ids: Iterable[int], *, complaint_id: int | None = None
) -> dict[int, Counter]:
    """Every cell of these desa computed directly from their complaints and histories:
    {desa id: Counter({key: n})}, zero cells left out. With `complaint_id`, that one
    complaint's share of them."""
    desa_ids = list(desa_ids)
    zones = dict(Region.objects.filter(pk__in=desa_ids).values_list("pk", "timezone"))
    calendars = calendars_for_zones(zones)
    found: dict[int, Counter] = {pk: Counter() for pk in desa_ids}
    one = {"complaint_id": complaint_id} if complaint_id is not None else {}
    complaints = Complaint.objects.filter(
        desa_id__in=desa_ids, **({"pk": complaint_id} if one else {})
    ).exclude(received_at__isnull=True, status__in=[Status.SUBMITTED])
    fields = (
        "pk", "desa_id", "category_id", "channel", "kind", "priority", "status",
        "received_at", "answered_at", "closed_at", "rating",
    )  # fmt: skip
    rows = list(complaints.values_list(*fields))
    first_response: dict[int, datetime] = {}
    objected: set[int] = set()
    for complaint_id, action, at in (
        Transition.objects.filter(
            complaint__desa_id__in=desa_ids,
            **one,
            action__in=[Action.REQUEST_INFO, Action.ANSWER, Action.OBJECT],
        )
        .order_by()
        .values_list("complaint_id", "action", "at")
    ):
        if action == Action.OBJECT:
            objected.add(complaint_id)
        elif complaint_id not in first_response or at < first_response[complaint_id]:
            first_response[complaint_id] = at
    public_notes = Note.objects.filter(
        complaint__desa_id__in=desa_ids, visibility=Visibility.PUBLIC, **one
    ).order_by()
    notes: dict[int, list[datetime]] = {}
    for complaint_id, at in public_notes.values_list("complaint_id", "at"):
        notes.setdefault(complaint_id, []).append(at)
    deadlines = dict(
        ComplaintSla.objects.filter(complaint__desa_id__in=desa_ids, **one)
        .order_by()
        .values_list("complaint_id", "deadline")
    )
    for (
        pk,
        desa_id,
        category,
        channel,
        kind,
        priority,
        status,
        received,
        answered,
        closed,
        rating,
    ) in rows:
        calendar = calendars[desa_id]
        cohort = received or closed
        if cohort is None:
            continue
        prefix = (desa_id, month_of(cohort, calendar), category, channel, kind, priority)
        cells = found[desa_id]

        def count(measure: str, bucket: int = 0, _prefix=prefix, _cells=cells) -> None:
            _cells[(*_prefix, measure, bucket)] += 1

        if received is not None:
            count(Measure.RECEIVED)
        if status == Status.REJECTED:
            count(Measure.REJECTED)
        if status == Status.CLOSED:
            count(Measure.CLOSED)
        if status == Status.FORWARDED:
            count(Measure.FORWARDED)
        if status == Status.DUPLICATE and received is not None:
            count(Measure.DUPLICATE)
        if rating:
            count(Measure.RATING, rating)
        if pk in objected:
            count(Measure.REOPENED)
        if answered is not None:
            count(Measure.ANSWERED)
            count(Measure.ANSWER_DAYS, days_bucket(calendar, received, answered))
            deadline = deadlines.get(pk)
            if deadline is not None and deadline >= answered:
                count(Measure.WITHIN_SLA)
        if received is not None:
            responses = [at for at in notes.get(pk, []) if at >= received]
            if pk in first_response:
                responses.append(first_response[pk])
            if responses:
                count(Measure.RESPONSE_DAYS, days_bucket(calendar, received, min(responses)))
    return found


def tallies_stored(desa_ids: Iterable[int]) -> dict[int, Counter]:
    desa_ids = list(desa_ids)
    found: dict[int, Counter] = {pk: Counter() for pk in desa_ids}
    for row in (
        Tally.objects.filter(desa_id__in=desa_ids)
        .exclude(n=0)
        .values_list(
            "desa_id",
            "month",
            "category_id",
            "channel",
            "kind",
            "priority",
            "measure",
            "bucket",
            "n",
        )
    ):
        found[row[0]][row[:8]] += row[8]
    return found


def summaries_from_tallies(cells: Counter) -> Counter:
    """The desa's `Summary` cells that its `Tally` cells add up to: {(region, span, month,
    measure, bucket): n}, zero cells left out."""
    found: Counter = Counter()
    for (desa_id, month, *_breakdown, measure, bucket), n in cells.items():
        found[(desa_id, Span.MONTH, month, measure, bucket)] += n
        found[(desa_id, Span.YEAR, month.replace(month=1), measure, bucket)] += n
    return +found


YearKey = tuple[int, date, str]  # desa, year, measure


def years_from_tallies(cells: Counter) -> dict[YearKey, tuple[int, ...]]:
    """The desa's `DesaYear` rows that its `Tally` cells add up to: {(desa, year, measure):
    the `upto_<k>` columns in order}, rows of no complaint left out."""
    histograms: dict[YearKey, list[int]] = {}
    for (desa_id, month, *_breakdown, measure, bucket), n in cells.items():
        key = (desa_id, month.replace(month=1), measure)
        histograms.setdefault(key, [0] * (TAIL + 1))[bucket] += n
    return {key: tuple(accumulate(counts)) for key, counts in histograms.items() if any(counts)}


def years_stored(desa_ids: Iterable[int]) -> dict[int, dict[YearKey, tuple[int, ...]]]:
    desa_ids = list(desa_ids)
    found: dict[int, dict[YearKey, tuple[int, ...]]] = {pk: {} for pk in desa_ids}
    for desa_id, year, measure, *columns in DesaYear.objects.filter(
        desa_id__in=desa_ids
    ).values_list("desa_id", "year", "measure", *UPTO):
        if any(columns):
            found[desa_id][(desa_id, year, measure)] = tuple(columns)
    return found


def summaries_stored(region_ids: Iterable[int]) -> dict[int, Counter]:
    region_ids = list(region_ids)
    found: dict[int, Counter] = {pk: Counter() for pk in region_ids}
    fields = ("region_id", "span", "month", "measure", "bucket", "n")
    for row in Summary.objects.filter(region_id__in=region_ids).exclude(n=0).values_list(*fields):
        found[row[0]][row[:5]] += row[5]
    return found


def summaries_of_desa_under(region: Region) -> Counter:
    """What a kecamatan's or kabupaten's `Summary` cells must be: its desa's month cells
    added up, in one GROUP BY."""
    rows = (
        Summary.objects.filter(
            region__in=Region.objects.filter(region.subtree(), level="desa"), span=Span.MONTH
        )
        .exclude(n=0)
        .values("month", "measure", "bucket")
        .annotate(total=Sum("n"))
        .order_by()
    )
    found = Counter(
        {(region.pk, Span.MONTH, r["month"], r["measure"], r["bucket"]): r["total"] for r in rows}
    )
    return +found


def _replace(desa_id: int, cells: Counter) -> None:
    Tally.objects.filter(desa_id=desa_id).delete()
    Tally.objects.bulk_create(
        [
            Tally(
                desa_id=key[0], month=key[1], category_id=key[2], channel=key[3], kind=key[4],
                priority=key[5], measure=key[6], bucket=key[7], n=n,
            )
            for key, n in cells.items()
            if n
        ],
        batch_size=2000,
    )  # fmt: skip


def _replace_summary(region_id: int, cells: Counter) -> None:
    Summary.objects.filter(region_id=region_id).delete()
    Summary.objects.bulk_create(
        [
            Summary(region_id=key[0], span=key[1], month=key[2], measure=key[3], bucket=key[4],
                    n=n)
            for key, n in cells.items()
            if n
        ],
        batch_size=2000,
    )  # fmt: skip


def _replace_years(desa_id: int, rows: dict[YearKey, tuple[int, ...]]) -> None:
    DesaYear.objects.filter(desa_id=desa_id).delete()
    DesaYear.objects.bulk_create(
        [
            DesaYear(desa_id=desa, year=year, measure=measure, **dict(zip(UPTO, columns,
                                                                          strict=True)))
            for (desa, year, measure), columns in rows.items()
        ]
    )  # fmt: skip


def _differing(want: dict, have: dict) -> int:
    return sum(1 for key in set(want) | set(have) if want.get(key, 0) != have.get(key, 0))


def _lock_rollups() -> None:
    # A move committing meanwhile waits, then adds its delta on top of the rebuilt cells.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {Tally._meta.db_table}, {Summary._meta.db_table},"
                f" {DesaYear._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"
            )


def rollup_rebuild(*, desa_ids: Iterable[int] | None = None, batch: int = 50) -> dict[str, int]:
    """Recompute the rollups from the complaints, compare, log and repair.

    Works a batch of desa per transaction: their `Tally` cells from the complaints, their
    `Summary` cells and `DesaYear` rows from those. Then, one region per transaction, the
    `Summary` cells of the kecamatan and kabupaten above them from their desa's (all of
    them, checked or not). On PostgreSQL the three tables are locked against writes before
    anything is read: a move committing meanwhile waits, then adds its delta on top of the
    rebuilt cells, so nothing is counted twice or lost.
    Returns {"desa": checked, "desa_repaired": n, "cells_wrong": n (of `Tally`),
    "summary_cells_wrong": n (of `Summary`, desa and above), "year_rows_wrong": n (of
    `DesaYear`), "regions_repaired": n}.
    """
    if desa_ids is None:
        desa_ids = Region.objects.filter(level="desa").order_by("pk").values_list("pk", flat=True)
    desa_ids = list(desa_ids)
    checked = repaired = wrong = summary_wrong = years_wrong = regions_repaired = 0
    for start in range(0, len(desa_ids), batch):
        chunk = desa_ids[start : start + batch]
        with transaction.atomic():
            _lock_rollups()
            direct = tallies_from_complaints(chunk)
            stored = tallies_stored(chunk)
            stored_summaries = summaries_stored(chunk)
            stored_years = years_stored(chunk)
            for desa_id in chunk:
                checked += 1
                want, have = direct[desa_id], stored[desa_id]
                want_summary = summaries_from_tallies(want)
                want_years = years_from_tallies(want)
                differing = _differing(want, have)
                summary_differing = _differing(want_summary, stored_summaries[desa_id])
                years_differing = _differing(want_years, stored_years[desa_id])
                if not differing and not summary_differing and not years_differing:
                    continue
                wrong += differing
                summary_wrong += summary_differing
                years_wrong += years_differing
                repaired += 1
                logger.warning(
                    "reports rollup disagreed with the complaints; repaired",
                    extra={"desa_id": desa_id, "cells_wrong": differing,
                           "summary_cells_wrong": summary_differing,
                           "year_rows_wrong": years_differing},
                )  # fmt: skip
                if differing:
                    _replace(desa_id, want)
                if summary_differing:
                    _replace_summary(desa_id, want_summary)
                if years_differing:
                    _replace_years(desa_id, want_years)
    above = Region.objects.filter(pk__in=desa_ids).values_list("parent_id", "parent__parent_id")
    for region in Region.objects.filter(pk__in={pk for pair in above for pk in pair if pk}):
        with transaction.atomic():
            _lock_rollups()
            want = summaries_of_desa_under(region)
            differing = _differing(want, summaries_stored([region.pk])[region.pk])
            if not differing:
                continue
            summary_wrong += differing
            regions_repaired += 1
            logger.warning(
                "reports summary disagreed with its desa; repaired",
                extra={"region_id": region.pk, "summary_cells_wrong": differing},
            )
            _replace_summary(region.pk, want)
    return {"desa": checked, "desa_repaired": repaired, "cells_wrong": wrong,
            "summary_cells_wrong": summary_wrong, "year_rows_wrong": years_wrong,
            "regions_repaired": regions_repaired}  # fmt: skip

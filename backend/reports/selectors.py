"""Reads of the reports: periods, measures from the rollup, live backlog, suppression.

Everything here is aggregate. No query selects a complaint's text, code, register number or
reporter; the only complaint columns read are status, timestamps and the SLA deadline, for
the "now" measures. Counts of 1 to `REPORTS_SMALL_CELL - 1` complaints leave as "< 5"
(`suppressed`), with complementary suppression inside every group whose total is shown.
"""

from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Count, FilteredRelation, Q, Sum

from accounts.models import User
from accounts.scoping import report_region_visible
from common.clock import current_time
from common.errors import NotFound
from common.rawsql import read_cursor
from complaints.models import Category, Complaint
from complaints.reads.inbox import attention
from complaints.state import WAITING, Status
from integrations.access import client_report_region_visible, client_require_scope
from integrations.models import Scope
from regions.models import Level, Region
from reports.measures import percentile_disc
from reports.models import TAIL, DesaYear, Measure, Span, Summary, Tally, upto
from sla.calendar import WorkingCalendar
from sla.models import ClockState
from sla.selectors import calendars_for_zones

COUNTS = (
    Measure.RECEIVED, Measure.ANSWERED, Measure.CLOSED, Measure.REJECTED, Measure.REOPENED,
    Measure.WITHIN_SLA, Measure.FORWARDED, Measure.DUPLICATE,
)  # fmt: skip
DIMENSIONS = ("category", "channel", "kind", "priority")
SUPPRESSED = "< 5"
# A cell of 5 or more hidden only so that a "< 5" beside it cannot be worked out from the
# total (complementary suppression). Saying "< 5" there would be false.
COMPLEMENT = "*"


def threshold() -> int:
    return settings.REPORTS_SMALL_CELL


# --- periods -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year, range
    first: date  # first day of the first month
    last: date  # first day of the last month

    def months(self) -> list[date]:
        found, month = [], self.first
        while month <= self.last:
            found.append(month)
            month = _next_month(month)
        return found

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.first.strftime("%Y-%m")
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{self.first:%Y-%m}..{self.last:%Y-%m}"


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def period_of(*, kind: str, year: int, month: int | None = None, quarter: int | None = None,
              start: date | None = None, end: date | None = None) -> Period:  # fmt: skip
    """The months a period covers (validated by the query serializer)."""
    if kind == "month":
        first = date(year, month or 1, 1)
        return Period(kind, first, first)
    if kind == "quarter":
        first = date(year, 3 * ((quarter or 1) - 1) + 1, 1)
        return Period(kind, first, date(first.year, first.month + 2, 1))
    if kind == "range":
        assert start is not None and end is not None
        return Period(kind, start.replace(day=1), end.replace(day=1))
    return Period("year", date(year, 1, 1), date(year, 12, 1))


def period_end(period: Period) -> date:
    return period.last.replace(day=monthrange(period.last.year, period.last.month)[1])


# --- who may read what --------------------------------------------------------------------
def region_for_report(*, actor: User, code: str, level: str) -> Region:
    """The region whose staff report the actor may read; 404 alike for missing and out of
    reach (`accounts.scoping.report_region_visible`). An application (`actor.client`, the
    key's caller) reads the reports of its region with `reports:read`, 403 without it."""
    client = getattr(actor, "client", None)
    if client is not None:
        client_require_scope(client, Scope.REPORTS_READ)
    region = Region.objects.filter(code=code, level=level).select_related("parent__parent").first()
    if client is not None:
        visible = region is not None and client_report_region_visible(client, region)
    else:
        visible = region is not None and report_region_visible(actor, region)
    if not visible:
        raise NotFound()
    return region


def public_desa(code: str) -> Region:
    region = Region.objects.filter(code=code, level=Level.DESA).select_related("parent").first()
    if region is None:
        raise NotFound()
    return region


class Desa(NamedTuple):
    """What a report shows of a desa: plain values, not a model instance (a kabupaten's
    report lists 1 000 of them, and instances with their kecamatan cost most of its Python)."""

    code: str
    name: str
    timezone: str
    kecamatan_code: str
    kecamatan_name: str


def desa_ids_under(region: Region) -> dict[int, Desa]:
    if region.level == Level.DESA:
        kecamatan = region.parent
        return {
            region.pk: Desa(region.code, region.name, region.timezone,
                            kecamatan.code if kecamatan else "",
                            kecamatan.name if kecamatan else "")
        }  # fmt: skip
    rows = (
        Region.objects.filter(region.subtree(), level=Level.DESA)
        .order_by("code")
        .values_list("pk", "code", "name", "timezone", "parent__code", "parent__name")
    )
    return {pk: Desa(*values) for pk, *values in rows}


# --- raw aggregates ----------------------------------------------------------------------
@dataclass(frozen=True)
class Days:
    """What a report shows of a histogram of working days."""

    total: int
    within_7: int
    median: int | None
    p90: int | None

    @classmethod
    def of(cls, histogram: Counter) -> "Days":
        return cls(
            total=sum(histogram.values()),
            within_7=sum(n for days, n in histogram.items() if days <= 7),
            median=percentile_disc(histogram, 50),
            p90=percentile_disc(histogram, 90),
        )


class Raw:
    """Counters and histograms of one group of cells (a desa, a month, a category…).
    `digested` holds day histograms the database already reduced to `Days` (`digested()`)."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.histograms: dict[str, Counter] = defaultdict(Counter)
        self.digested: dict[str, Days] = {}

    def add(self, measure: str, bucket: int, n: int) -> None:
        if measure in (Measure.ANSWER_DAYS, Measure.RESPONSE_DAYS, Measure.RATING):
            self.histograms[measure][bucket] += n
        else:
            self.counts[measure] += n

    def days(self, measure: str) -> Days:
        return self.digested.get(measure) or Days.of(self.histograms[measure])


def grouped(desa_ids: Iterable[int], period: Period, by: str | None) -> dict[object, Raw]:
    """One GROUP BY over the fine rollup: {group value: Raw}. `by` is None (one group) or a
    dimension (the coarse `summed` serves months and desa)."""
    column = {"desa": "desa_id", "category": "category__slug"}.get(by or "", by)
    fields = [column] if column else []
    rows = (
        Tally.objects.filter(
            desa_id__in=list(desa_ids), month__gte=period.first, month__lte=period.last
        )
        .values(*fields, "measure", "bucket")
        .annotate(total=Sum("n"))
        .order_by()
    )
    found: dict[object, Raw] = defaultdict(Raw)
    for row in rows:
        found[row[column] if column else None].add(row["measure"], row["bucket"], row["total"])
    return found


def summed(region_ids: Iterable[int], period: Period, by: str | None) -> dict[object, Raw]:
    """The summary rows of these regions in the period: {group value: Raw}, `by` "month",
    "region" or None (one group). Rows are added up here, not in SQL: a region's month is
    one row per measure and bucket, and a period of whole years grouped by region (desa)
    reads the desa's year rows, so there is little to add. Only desa have year rows: a
    kecamatan or kabupaten is read from its months."""
    whole_years = period.first.month == 1 and period.last.month == 12
    span = Span.YEAR if by == "region" and whole_years else Span.MONTH
    rows = (
        Summary.objects.filter(
            region_id__in=list(region_ids),
            span=span,
            month__gte=period.first,
            month__lte=period.last,
        )
        .order_by()
        .values_list("region_id", "month", "measure", "bucket", "n")
    )
    found: dict[object, Raw] = defaultdict(Raw)
    for region_id, month, measure, bucket, n in rows:
        found[month if by == "month" else region_id if by == "region" else None].add(
            measure, bucket, n
        )
    return found


_DAY_MEASURES = (Measure.ANSWER_DAYS, Measure.RESPONSE_DAYS)


def _digest_sql(count: int) -> str:
    """One row per region and measure: its total, the part within 7 (days), `percentile_disc`
    50 and 90 (the smallest bucket whose running total reaches the share, as
    `reports.measures.percentile_disc`) and the parts in buckets 1–5 (ratings). Integer
    arithmetic only, per row. For a period other than one year (`_year_digest_sql`): its
    summary cells added up first. Plain SQL that SQLite runs too."""
    table, regions = Summary._meta.db_table, ", ".join(["%s"] * count)
    cells = (
        f"SELECT region_id, measure, bucket, SUM(n) AS n FROM {table}"  # noqa: S608
        f" WHERE region_id IN ({regions}) AND span = %s AND month >= %s AND month <= %s"
        " GROUP BY region_id, measure, bucket"
    )
    ratings = ", ".join(
        f"CAST(SUM(CASE WHEN bucket = {k} THEN n ELSE 0 END) AS BIGINT)" for k in range(1, 6)
    )
    return (
        "WITH ranked AS (SELECT region_id, measure, bucket, n,"  # noqa: S608
        " SUM(n) OVER (PARTITION BY region_id, measure ORDER BY bucket"
        " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seen,"
        f" SUM(n) OVER (PARTITION BY region_id, measure) AS total FROM ({cells}) cells)"
        " SELECT region_id, measure, CAST(SUM(n) AS BIGINT),"
        " CAST(SUM(CASE WHEN bucket <= 7 THEN n ELSE 0 END) AS BIGINT),"
        " MIN(CASE WHEN seen * 100 >= 50 * total THEN bucket END),"
        f" MIN(CASE WHEN seen * 100 >= 90 * total THEN bucket END), {ratings}"
        " FROM ranked GROUP BY region_id, measure"
    )


def _first_reaching(percent: int, low: int = 0, high: int = TAIL) -> str:
    """SQL for the smallest bucket in [low, high] whose `DesaYear` column reaches `percent`
    of the total, knowing `high`'s does: a binary search, so each row evaluates a handful
    of comparisons (running totals are stored, not computed)."""
    if low == high:
        return str(low)
    middle = (low + high) // 2
    return (
        f"CASE WHEN {upto(middle)} * 100 >= {percent} * {upto(TAIL)}"
        f" THEN {_first_reaching(percent, low, middle)}"
        f" ELSE {_first_reaching(percent, middle + 1, high)} END"
    )


def _year_digest_sql(regions: str) -> str:
    """`_digest_sql`'s row for a single year, from the desa's `DesaYear` rows: one row per
    desa and measure, every figure read off its cumulative columns, and only where the
    measure has it (the percentiles of the two day histograms, the ratings' parts): the
    other columns leave as NULL, which costs nothing to send or read."""
    days = f"measure IN ('{Measure.ANSWER_DAYS.value}', '{Measure.RESPONSE_DAYS.value}')"
    ratings = ", ".join(
        f"CASE WHEN measure = '{Measure.RATING.value}' THEN {upto(k)} - {upto(k - 1)} END"
        for k in range(1, 6)
    )
    return (
        f"SELECT desa_id, measure, {upto(TAIL)}, CASE WHEN {days} THEN {upto(7)} END,"  # noqa: S608
        f" CASE WHEN {days} THEN {_first_reaching(50)} END,"
        f" CASE WHEN {days} THEN {_first_reaching(90)} END, {ratings}"
        f" FROM {DesaYear._meta.db_table} WHERE {regions} AND year = %s"
    )


def _among(column: str, ids: list[int]) -> tuple[str, list]:
    """SQL for `column` being one of `ids`, and its parameters. On PostgreSQL one array:
    a kabupaten's 1 000 ids as 1 000 placeholders cost more to bind, parse and plan than
    the rows they select take to read."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(CAST(%s AS bigint[]))", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def digested(region_ids: Iterable[int], period: Period) -> dict[int, Raw]:
    """The table of desa: {region id: Raw} with the day histograms already reduced to `Days`
    by the database, so a few rows per region leave it. A single year reads the desa's
    `DesaYear` rows, one per measure (a kabupaten's year: ~11 000 rows, not the ~56 000
    summary cells `summed` would add up here); other periods add up their summary cells."""
    region_ids = list(region_ids)
    found: dict[int, Raw] = defaultdict(Raw)
    if not region_ids:
        return found
    whole_years = period.first.month == 1 and period.last.month == 12
    one_year = whole_years and period.first.year == period.last.year
    span = Span.YEAR if whole_years else Span.MONTH
    if one_year:
        regions, params = _among("desa_id", region_ids)
        statement, params = _year_digest_sql(regions), [*params, period.first]
    else:
        statement = _digest_sql(len(region_ids))
        params = [*region_ids, span, period.first, period.last]
    with read_cursor() as cursor:  # the replica in a report's view, as its ORM reads
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    day_measures, rating = set(_DAY_MEASURES), Measure.RATING.value
    for region_id, measure, total, within_7, median, p90, *ratings in rows:
        raw = found[region_id]
        if measure in day_measures:
            known = total > 0  # `percentile_disc` of no values is None
            raw.digested[measure] = Days(
                total, within_7, median if known else None, p90 if known else None
            )
        elif measure == rating:
            raw.histograms[measure].update(dict(zip(range(1, 6), ratings, strict=True)))
        else:
            raw.counts[measure] += total
    return found


def age_cutoffs(calendar: WorkingCalendar, today: date) -> tuple[date, date]:
    """The first local days whose complaints are at most 3 and at most 7 working days old
    today (`working_days_between(received, today)`, which only grows going back)."""
    found = []
    for limit in (3, 7):
        day, count = today, 0  # count: working days in (day, today]
        while count + calendar.is_working_day(day) <= limit:  # the day before is young enough
            count += calendar.is_working_day(day)
            day -= timedelta(days=1)
        found.append(day)
    return found[0], found[1]


def backlog_now(desa_ids: Iterable[int], zones: dict[int, str]) -> dict[int, Counter]:
    """Per desa: open, overdue, escalated, unassignable (`complaints.reads.inbox.attention`)
    and the open ones by working days since receipt, now. Counted in SQL: the ages against
    the instants the cutoff days of each calendar begin (`age_cutoffs`)."""
    now = current_time()
    found: dict[int, Counter] = defaultdict(Counter)
    desa_ids = list(desa_ids)
    if not desa_ids:
        return found
    desa_by_calendar: dict[WorkingCalendar, list[int]] = defaultdict(list)
    for pk, calendar in calendars_for_zones(zones).items():
        desa_by_calendar[calendar].append(pk)
    within_3, within_7 = [], []
    for calendar, pks in desa_by_calendar.items():
        cut_3, cut_7 = age_cutoffs(calendar, calendar.local_date(now))
        these = Q(desa_id__in=pks) if len(desa_by_calendar) > 1 else Q()
        within_3.append(these & Q(received_at__gte=calendar.at(cut_3, time.min)))
        within_7.append(these & Q(received_at__gte=calendar.at(cut_7, time.min)))
    # One scan of the waiting complaints (their partial index, `complaint_waiting_by_desa`),
    # joined to their clocks only where one runs.
    rows = (
        Complaint.objects.filter(desa_id__in=desa_ids, status__in=WAITING)
        .annotate(clock=FilteredRelation("sla", condition=Q(sla__state=ClockState.RUNNING)))
        .order_by()
        .values("desa_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(clock__deadline__lt=now)),
            escalated=Count("id", filter=Q(clock__escalated_at__isnull=False)),
            within_3=Count("id", filter=reduce(or_, within_3)),
            within_7=Count("id", filter=reduce(or_, within_7)),
            # Held complaints are waiting ones: the same scan counts them.
            unassignable=Count("id", filter=attention("unassignable", now)),
        )
    )
    for row in rows:
        found[row["desa_id"]].update(
            {
                "open": row["open"],
                "overdue": row["overdue"],
                "escalated": row["escalated"],
                "age_0_3": row["within_3"],
                "age_4_7": row["within_7"] - row["within_3"],
                "age_over_7": row["open"] - row["within_7"],
                "unassignable": row["unassignable"],
            }
        )
    return found


# --- suppression -----------------------------------------------------------------------
def suppress_group(values: list[int], total: int | None = None) -> list[int | str]:
    """Primary and complementary suppression of cells whose sum (`total`) is shown.

    A count of 1 to threshold − 1 becomes "< 5". If exactly one cell of the group is hidden
    while the total is shown, the smallest other non-zero cell is hidden too ("*"), so that
    the total minus the shown cells never reveals it.
    """
    limit = threshold()
    cells: list[int | str] = [SUPPRESSED if 0 < value < limit else value for value in values]
    total = sum(values) if total is None else total
    total_shown = not 0 < total < limit
    if total_shown and cells.count(SUPPRESSED) == 1:
        others = [(v, i) for i, v in enumerate(values) if v and cells[i] != SUPPRESSED]
        if others:
            cells[min(others)[1]] = COMPLEMENT
    return cells


def shown(value: int) -> int | str:
    return SUPPRESSED if 0 < value < threshold() else value


def _share(part: int, whole: int) -> float | None:
    """A percentage, unless it would reveal a small count (the part or its complement)."""
    limit = threshold()
    if whole < limit or 0 < part < limit or 0 < whole - part < limit:
        return None
    return round(100 * part / whole, 1)


def _days(days: Days) -> dict:
    enough = days.total >= threshold()
    return {
        "median": days.median if enough else None,
        "p90": days.p90 if enough else None,
    }


def _to_answer(counts: Counter) -> int:
    """Received complaints the desa answers itself: not forwarded, not joined to another."""
    return counts[Measure.RECEIVED] - counts[Measure.FORWARDED] - counts[Measure.DUPLICATE]


def measures(raw: Raw) -> dict:
    """The measures of one group, before group-level complementary suppression: counts stay
    integers here; `suppress_rows` turns them into cells."""
    counts = raw.counts
    ratings = raw.histograms[Measure.RATING]
    rated = sum(ratings.values())
    answers = raw.days(Measure.ANSWER_DAYS)
    mean = sum(k * n for k, n in ratings.items()) / rated if rated >= threshold() else None
    return {
        **{measure: counts[measure] for measure in COUNTS},
        # Of what the desa itself had to answer: forwarded and duplicates are counted apart.
        "answered_share": _share(counts[Measure.ANSWERED], _to_answer(counts)),
        "within_sla_share": _share(counts[Measure.WITHIN_SLA], counts[Measure.ANSWERED]),
        "within_7_days_share": _share(answers.within_7, answers.total),
        "reopened_share": _share(counts[Measure.REOPENED], counts[Measure.ANSWERED]),
        "answer_days": _days(answers),
        "response_days": _days(raw.days(Measure.RESPONSE_DAYS)),
        "rating": {
            "count": rated,
            "mean": None if mean is None else round(mean, 2),
            "distribution": [ratings[k] for k in range(1, 6)],
            "rated_share": _share(rated, counts[Measure.ANSWERED]),
        },
    }


def suppress_one(row: dict) -> dict:
    """Suppression inside one row: its counts, and the rating distribution against its count."""
    row = dict(row)
    for measure in COUNTS:
        row[measure] = shown(row[measure])
    rating = dict(row["rating"])
    rating["distribution"] = suppress_group(rating["distribution"], rating["count"])
    rating["count"] = shown(rating["count"])
    row["rating"] = rating
    return row


def suppress_rows(rows: list[dict], total: dict) -> tuple[list[dict], dict]:
    """Rows that add up to `total` (desa of a kecamatan, months, categories): each count
    column is suppressed as a group, so no hidden cell follows from the total."""
    columns = {measure: suppress_group([row[measure] for row in rows], total[measure])
               for measure in COUNTS}  # fmt: skip
    rated = suppress_group([row["rating"]["count"] for row in rows], total["rating"]["count"])
    out = []
    for index, row in enumerate(rows):
        cells = suppress_one(row)
        for measure in COUNTS:
            cells[measure] = columns[measure][index]
        cells["rating"]["count"] = rated[index]
        out.append(cells)
    return out, suppress_one(total)


def category_names(desa_ids: Iterable[int]) -> dict[str, str]:
    categories = Category.objects.filter(desa_id__in=list(desa_ids)).order_by("-pk")
    return dict(categories.values_list("slug", "name"))


# --- the reports -------------------------------------------------------------------------
REFERENCE = ("answered_share", "within_sla_share", "within_7_days_share", "reopened_share",
             "answer_days", "response_days")  # fmt: skip
NOW = ("open", "overdue", "escalated", "unassignable", "age_0_3", "age_4_7", "age_over_7")


def _merged(raws: Iterable[Raw]) -> Raw:
    total = Raw()
    for raw in raws:
        total.counts.update(raw.counts)
        for measure, histogram in raw.histograms.items():
            total.histograms[measure].update(histogram)
    return total


def _labels(by: str, keys: Iterable[str], desa_ids: Iterable[int]) -> dict[str, str]:
    from complaints.models import Channel, Kind, Priority

    if by == "category":
        return category_names(desa_ids)
    choices = {"channel": Channel, "kind": Kind, "priority": Priority}[by]
    return {value: str(label) for value, label in choices.choices}


def _now_cells(rows: list[Counter], total: Counter) -> tuple[list[dict], dict]:
    columns = {key: suppress_group([row[key] for row in rows], total[key]) for key in NOW}
    cells = [{key: columns[key][index] for key in NOW} for index in range(len(rows))]
    return cells, {key: shown(total[key]) for key in NOW}


def report(*, region: Region, period: Period, by: str | None = None) -> dict:
    """The staff report of a desa, kecamatan or kabupaten for a period.

    A desa's report carries its kecamatan's reference measures (medians, shares: no other
    desa named); a kecamatan's or kabupaten's carries one row per desa. Counts are cells
    (`suppressed`). A constant number of queries, whatever the number of desa.
    """
    desas = desa_ids_under(region)
    ids = list(desas)
    by_month = summed([region.pk], period, "month")
    total_raw = _merged(by_month.values())
    total = measures(total_raw)
    trend_rows, total_cells = suppress_rows(
        [measures(by_month.get(month, Raw())) for month in period.months()], total
    )
    result: dict = {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "period": {
            "kind": period.kind,
            "label": period.label,
            "first": period.first,
            "last": period_end(period),
        },
        "totals": total_cells,
        "trend": [
            {"month": month, "measures": row}
            for month, row in zip(period.months(), trend_rows, strict=True)
        ],
        "breakdown": None,
        "desa": [],
        "kecamatan_reference": None,
    }
    if by:
        by_key = grouped(ids, period, by)
        labels = _labels(by, by_key, ids)
        keys = sorted(by_key, key=lambda key: labels.get(key, key))
        rows, _ = suppress_rows([measures(by_key[key]) for key in keys], total)
        result["breakdown"] = {
            "by": by,
            "rows": [
                {"key": key, "label": labels.get(key, key), "measures": row}
                for key, row in zip(keys, rows, strict=True)
            ],
        }
    backlog = backlog_now(ids, {pk: desa.timezone for pk, desa in desas.items()})
    backlog_total = sum(backlog.values(), Counter())
    if region.level == Level.DESA:
        kecamatan = region.parent
        reference = measures(summed([kecamatan.pk], period, None).get(None, Raw()))
        result["kecamatan_reference"] = {
            "code": kecamatan.code,
            "name": kecamatan.name,
            **{key: reference[key] for key in REFERENCE},
            "rating_mean": reference["rating"]["mean"],
        }
        result["now"] = _now_cells([], backlog_total)[1]
        return result
    by_desa = digested(ids, period)
    desa_rows, _ = suppress_rows([measures(by_desa.get(pk, Raw())) for pk in ids], total)
    now_rows, now_total = _now_cells([backlog.get(pk, Counter()) for pk in ids], backlog_total)
    result["now"] = now_total
    result["desa"] = [
        {
            "code": desas[pk].code,
            "name": desas[pk].name,
            "kecamatan": {"code": desas[pk].kecamatan_code, "name": desas[pk].kecamatan_name},
            "measures": row,
            "now": now,
        }
        for pk, row, now in zip(ids, desa_rows, now_rows, strict=True)
    ]
    return result


def public_summary(*, desa: Region, year: int) -> dict:
    """What anyone may see of a desa's year: received and answered (by month and category),
    the share answered within 7 working days, the median working days to answer and
    satisfaction. Suppressed like every report; nothing about any complaint."""
    period = period_of(kind="year", year=year)
    full = report(region=desa, period=period, by="category")
    totals = full["totals"]

    def public(row: dict) -> dict:
        return {
            "received": row["received"],
            "answered": row["answered"],
            "within_7_days_share": row["within_7_days_share"],
            "answer_days_median": row["answer_days"]["median"],
        }

    return {
        "desa": {"code": desa.code, "name": desa.name},
        "year": year,
        **public(totals),
        "rating": {key: totals["rating"][key] for key in ("count", "mean", "distribution")},
        "by_month": [{"month": row["month"], **public(row["measures"])} for row in full["trend"]],
        "by_category": [
            {"label": row["label"], **public(row["measures"])} for row in full["breakdown"]["rows"]
        ],
    }


# At most this many entries under "What was done"; the file says how many more there were.
DONE_LISTED = 200


def what_was_done(*, desa: Region, period: Period) -> tuple[list[dict], int]:
    """The complaints of the desa closed in the period (its local months) whose title and
    one-line outcome the office approved for publication, oldest first: ([{title, outcome,
    closed_on}], how many in all). Only those texts: never the reporter's title, words or
    name (`complaints.services.public_outcome_set` screens them for the name)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(desa.timezone)
    start = datetime.combine(period.first, time.min, tzinfo=zone)
    end = datetime.combine(_next_month(period.last), time.min, tzinfo=zone)
    closed = Complaint.objects.filter(
        desa=desa, status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end,
        public_approved_at__isnull=False,
    ).exclude(public_outcome="")  # fmt: skip
    rows = closed.order_by("closed_at", "pk").values_list(
        "public_title", "public_outcome", "closed_at"
    )[:DONE_LISTED]
    listed = [
        {"title": title, "outcome": outcome, "closed_on": at.astimezone(zone).date()}
        for title, outcome, at in rows
    ]
    total = len(listed) if len(listed) < DONE_LISTED else closed.count()
    return listed, total


def report_file(*, region: Region, period: Period) -> tuple[dict, str]:
    """The report a file prints (categories and what was done for a desa) with the names of
    its ancestors, and the name for the signature block (the village head's; the camat
    signs by hand)."""
    from accounts.models import Role

    found = report(
        region=region, period=period, by="category" if region.level == Level.DESA else None
    )
    ancestors = {}
    parent = region.parent
    while parent is not None:
        ancestors[parent.level] = parent.name
        parent = parent.parent if parent.level != Level.KABUPATEN else None
    found["ancestors"] = ancestors
    signer = ""
    if region.level == Level.DESA:
        found["done"], found["done_total"] = what_was_done(desa=region, period=period)
        head = (
            User.objects.filter(
                memberships__region=region, memberships__role=Role.VILLAGE_HEAD, is_active=True
            )
            .order_by("-memberships__granted_at")
            .first()
        )
        signer = (head.full_name or head.username) if head else ""
    return found, signer

"""The reads that keep the reports fast stay exact: the open complaints' ages counted in SQL
against cutoff instants equal the working days counted one by one; the summary and the
desa's year rows the migrations backfill equal the ones the moves keep; the table of desa
digested by the database (percentiles included, from the year rows or the summary's months)
equals the summary cells added up in Python. That every report costs a fixed handful of
queries is tested in tests/reports/test_fast_reads_busy_kecamatan.py, where the complaints
it reads are made once."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from complaints.models import Channel
from reports.models import TAIL, UPTO, DesaYear, Measure, Span, Summary
from reports.rollup import summaries_stored, years_stored
from reports.selectors import (
    WAITING,
    Raw,
    age_cutoffs,
    backlog_now,
    digested,
    measures,
    period_of,
    summed,
)
from sla.selectors import calendar_for
from sla.services import calendar_day_set
from tests.accounts.factories import user_with
from tests.complaints.factories import advance, submit

NOW = datetime(2026, 10, 16, 8, 0, tzinfo=UTC)  # Friday 15:00 WIB, weeks without holidays


def _ages_one_by_one(desa) -> Counter:
    """The ages as the report counted them before: each complaint's working days."""
    from complaints.models import Complaint

    calendar = calendar_for(desa, fresh=True)
    today = calendar.local_date(NOW)
    found = Counter()
    for received in Complaint.objects.filter(desa=desa, status__in=WAITING).values_list(
        "received_at", flat=True
    ):
        age = calendar.working_days_between(calendar.local_date(received), today)
        found["age_0_3" if age <= 3 else "age_4_7" if age <= 7 else "age_over_7"] += 1
    return found


def test_the_backlog_s_ages_are_the_working_days_of_each_complaint(
    desa_a, desa_a2, operator_desa_a, pejabat_desa_a
):
    # Desa A takes a day off on Tuesday: its complaints of last Monday are a day younger
    # than desa A2's would be.
    calendar_day_set(actor=None, day=date(2026, 10, 13), kind="day_off", desa=desa_a)
    officer_a2 = user_with(Role.INTAKE_OFFICER, desa_a2, username="petugas.a2")
    officers = {desa_a: operator_desa_a, desa_a2: officer_a2}
    for back in range(16):
        # 06:00 and 23:30 WIB: the local day, not the UTC one, decides the age.
        for hour, minute in ((23, 0), (16, 30)):
            moment = NOW.replace(hour=hour, minute=minute) - timedelta(days=back + 1)
            with time_machine.travel(moment, tick=False):
                for desa in (desa_a, desa_a2):
                    submit(desa, actor=officers[desa], channel=Channel.WALK_IN)
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        advance(submit(desa_a).complaint, "answered", officer=operator_desa_a,
                handler=pejabat_desa_a)  # fmt: skip

    with time_machine.travel(NOW, tick=False):
        found = backlog_now([desa_a.pk, desa_a2.pk], {desa_a.pk: "Asia/Jakarta",
                                                      desa_a2.pk: "Asia/Jakarta"})  # fmt: skip

    for desa in (desa_a, desa_a2):
        expected = _ages_one_by_one(desa)
        ages = {key: found[desa.pk][key] for key in ("age_0_3", "age_4_7", "age_over_7")}
        assert ages == dict(expected), desa.code
        assert found[desa.pk]["open"] == 32
    assert found[desa_a.pk]["age_0_3"] != found[desa_a2.pk]["age_0_3"]


def test_the_cutoff_days_are_where_the_age_steps_over_3_and_7():
    from sla.calendar import WorkingCalendar

    calendar = WorkingCalendar.build(timezone="Asia/Jakarta", days_off=[date(2026, 10, 13)])
    today = date(2026, 10, 16)  # Friday
    cut_3, cut_7 = age_cutoffs(calendar, today)

    for cut, limit in ((cut_3, 3), (cut_7, 7)):
        assert calendar.working_days_between(cut, today) <= limit
        assert calendar.working_days_between(cut - timedelta(days=1), today) > limit
    # (Mon 12, Fri 16] holds 3 working days (Tuesday off), (Tue 6, Fri 16] holds 7.
    assert (cut_3, cut_7) == (date(2026, 10, 12), date(2026, 10, 6))


def test_the_migrations_backfill_the_summary_and_year_rows_the_moves_keep(
    desa_a, desa_a2, operator_desa_a, pejabat_desa_a
):
    import importlib

    for status in ("answered", "rejected", "needs_info"):
        advance(submit(desa_a).complaint, status, officer=operator_desa_a, handler=pejabat_desa_a)
    officer_a2 = user_with(Role.INTAKE_OFFICER, desa_a2, username="petugas.a2")
    advance(submit(desa_a2).complaint, "rejected", officer=officer_a2)
    regions = [desa_a.pk, desa_a2.pk, desa_a.parent_id, desa_a.parent.parent_id]
    kept = summaries_stored(regions)
    kept_years = years_stored([desa_a.pk, desa_a2.pk])
    Summary.objects.all().delete()
    DesaYear.objects.all().delete()

    class Editor:  # what RunPython hands over: the connection
        pass

    editor = Editor()
    editor.connection = connection
    for migration in ("0003_summary", "0005_desa_year"):
        importlib.import_module(f"reports.migrations.{migration}").backfill(None, editor)

    assert summaries_stored(regions) == kept
    assert all(kept[pk] for pk in regions)
    assert years_stored([desa_a.pk, desa_a2.pk]) == kept_years
    assert all(kept_years.values())


# Summary cells of one desa: (span, month, measure, bucket) → n, as the moves leave them
# (a year row is the sum of its months; a cell may be 0 after an objection took it back).
_COUNTERS = [m for m in Measure if m not in (Measure.ANSWER_DAYS, Measure.RESPONSE_DAYS,
                                             Measure.RATING)]  # fmt: skip
_cell = st.one_of(
    st.tuples(st.sampled_from(_COUNTERS), st.just(0)),
    st.tuples(st.sampled_from([Measure.ANSWER_DAYS, Measure.RESPONSE_DAYS]),
              st.integers(0, TAIL)),
    st.tuples(st.just(Measure.RATING), st.integers(1, 5)),
)  # fmt: skip
_months = st.sampled_from([date(2025, 11, 1), date(2026, 1, 1), date(2026, 2, 1),
                           date(2026, 7, 1), date(2026, 12, 1)])  # fmt: skip
_desa_cells = st.dictionaries(st.tuples(_months, _cell), st.integers(0, 12), max_size=40)


def _store(desa, cells: dict) -> None:
    years: Counter = Counter()
    rows = []
    for (month, (measure, bucket)), n in cells.items():
        rows.append(Summary(region=desa, span=Span.MONTH, month=month, measure=measure,
                            bucket=bucket, n=n))  # fmt: skip
        years[(month.replace(month=1), measure, bucket)] += n
    rows += [Summary(region=desa, span=Span.YEAR, month=year, measure=measure, bucket=bucket,
                     n=n) for (year, measure, bucket), n in years.items()]  # fmt: skip
    Summary.objects.bulk_create(rows)
    # The desa's year rows, as the moves keep them: bucket b counted in every column from b.
    year_rows: dict = {}
    for (year, measure, bucket), n in years.items():
        columns = year_rows.setdefault((year, measure), [0] * (TAIL + 1))
        for column in range(bucket, TAIL + 1):
            columns[column] += n
    DesaYear.objects.bulk_create(
        DesaYear(desa=desa, year=year, measure=measure, **dict(zip(UPTO, columns, strict=True)))
        for (year, measure), columns in year_rows.items()
    )


@pytest.mark.django_db
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(first=_desa_cells, second=_desa_cells)
# Running totals that reach exactly half and exactly 90 % at a bucket: the percentile is
# that bucket, not the next (`percentile_disc`'s "reaches", not "passes").
@example(
    first={(date(2026, 2, 1), (Measure.ANSWER_DAYS, 1)): 5,
           (date(2026, 7, 1), (Measure.ANSWER_DAYS, 3)): 5,
           (date(2026, 2, 1), (Measure.RESPONSE_DAYS, 2)): 9,
           (date(2026, 2, 1), (Measure.RESPONSE_DAYS, 4)): 1},
    second={(date(2026, 1, 1), (Measure.RATING, 4)): 6,
            (date(2026, 1, 1), (Measure.ANSWERED, 0)): 6},
)  # fmt: skip
def test_the_table_of_desa_digested_in_sql_equals_the_cells_added_up_here(
    first, second, desa_a, desa_a2
):
    periods = [
        period_of(kind="year", year=2026),  # the desa's year rows
        period_of(kind="quarter", year=2026, quarter=1),  # its months
        period_of(kind="range", year=2025, start=date(2025, 1, 1), end=date(2026, 12, 1)),
    ]
    with transaction.atomic():
        _store(desa_a, first)
        _store(desa_a2, second)
        ids = [desa_a.pk, desa_a2.pk]
        for period in periods:
            added_up = summed(ids, period, "region")
            in_sql = digested(ids, period)
            for pk in ids:
                assert measures(in_sql.get(pk, Raw())) == measures(added_up.get(pk, Raw()))
        transaction.set_rollback(True)

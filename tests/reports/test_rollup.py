"""The rollup is exact: after any history of moves (reopen, rejection, needs_info pauses,
public notes), its counters equal counts over the complaints, and the median and p90 read
from its histograms equal PostgreSQL's `percentile_disc` over the complaints' own days.
The coarse summary (no breakdown; the desa's months and years, its kecamatan's and
kabupaten's months) and the desa's year rows (`DesaYear`, cumulative) are the same cells
added up, and the percentiles the table of desa reads off the year rows equal
`percentile_disc` too. The nightly rebuild finds and repairs a tampered rollup, summary or
year row."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.models import Channel, Complaint, Note, Transition, Visibility
from complaints.services import complaint_transition, note_add
from complaints.state import TERMINAL, Action, Capacity, Status, moves_from
from reports.measures import percentile_disc
from reports.models import TAIL, UPTO, DesaYear, Measure, Span, Summary, Tally
from reports.rollup import (
    rollup_rebuild,
    summaries_from_tallies,
    summaries_of_desa_under,
    summaries_stored,
    tallies_from_complaints,
    tallies_stored,
    years_from_tallies,
    years_stored,
)
from reports.selectors import Raw, digested, period_of
from sla.models import ComplaintSla
from sla.selectors import calendar_for
from tests.complaints.factories import advance, submit

START = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB
CATEGORIES = ["infrastruktur", "keamanan-ketertiban"]  # both routed to the Kasi Pemerintahan


def _move(complaint, action, *, officer, handler, rating):
    """Make `action` as whoever the state table lets make it; False when refused."""
    fields = {
        Action.REQUEST_INFO: {"note": "Mohon foto lokasi."},
        Action.SUPPLY_INFO: {"note": "Foto terlampir."},
        Action.REJECT: {"reason": "Bukan kewenangan desa."},
        Action.ANSWER: {"answer": "Sudah ditangani."},
        Action.CONFIRM: {"rating": rating},
        Action.OBJECT: {"reason": "Belum selesai."},
        # Verifying sets the priority; a later change needs a reason.
        Action.VERIFY: {"urgency": complaint.urgency, "impact": complaint.impact},
        Action.PRIORITISE: {
            "urgency": "low" if complaint.urgency == "high" else "high",
            "impact": complaint.impact,
            "reason": "Dampak meluas.",
        },
        Action.FORWARD: {"agency_kind": "kecamatan", "reason": "Jalan kabupaten."},
    }.get(action, {})
    if action == Action.MARK_DUPLICATE:  # joined to a first report received just now
        first = submit(complaint.desa, actor=officer, channel=Channel.WALK_IN).complaint
        fields = {"duplicate_of": first.tracking_code}
    who = {
        Action.START: {"actor": handler},
        Action.ANSWER: {"actor": handler},
        Action.CONFIRM: {"actor": None, "as_capacity": Capacity.REPORTER},
        Action.OBJECT: {"actor": None, "as_capacity": Capacity.REPORTER},
        Action.SUPPLY_INFO: {"actor": None, "as_capacity": Capacity.REPORTER},
        Action.CLOSE: {"actor": None, "as_capacity": Capacity.SYSTEM},
    }.get(action, {"actor": officer})
    try:
        complaint_transition(complaint=complaint, action=action, **who, **fields)
    except Exception as refused:  # e.g. an objection after its window: a real refusal
        if type(refused).__name__ not in {"InvalidTransition"}:
            raise
        return False
    return True


# Moves in the order a history usually takes them: most steps take the first allowed one,
# so answers, objections and re-answers are common; the others pick any allowed move.
FORWARD = [
    Action.RECEIVE, Action.VERIFY, Action.ASSIGN, Action.START, Action.ANSWER, Action.OBJECT,
    Action.SUPPLY_INFO, Action.CONFIRM, Action.CLOSE,
]  # fmt: skip


def _pick(actions: list[Action], choice: int) -> Action:
    forward = [action for action in FORWARD if action in actions]
    if choice < 5 and forward:
        return forward[0]
    return actions[choice % len(actions)]


step = st.tuples(
    st.integers(0, 9),  # 0–4 the usual next move, 5–8 any allowed move, 9 a note
    st.integers(0, 9),  # calendar days before it
    st.integers(0, 10),  # hour after 08:00 local
    st.integers(1, 5),  # a rating, if it is a confirmation
)
history = st.tuples(
    st.sampled_from(CATEGORIES),
    st.sampled_from(["P1", "P3", "P4"]),
    st.booleans(),  # walk-in (received at once) or web (submitted)
    st.integers(0, 40),  # start offset in days
    st.lists(step, max_size=14),
)
PRIORITY_LEVELS = {"P1": ("high", "high"), "P3": ("medium", "medium"), "P4": ("low", "low")}


def _play(desa, officer, handler, spec) -> None:
    category, priority, walk_in, offset, steps = spec
    urgency, impact = PRIORITY_LEVELS[priority]
    now = START + timedelta(days=offset)
    with time_machine.travel(now, tick=False):
        complaint = submit(
            desa,
            actor=officer if walk_in else None,
            channel=Channel.WALK_IN if walk_in else Channel.WEB,
            category_slug=category,
            urgency=urgency,
            impact=impact,
        ).complaint
    for choice, days, hour, rating in steps:
        # Time only moves on: a step at an earlier hour of the same day would receive a
        # complaint "before" a note written while it waited, which no office can do.
        planned = now.replace(hour=1) + timedelta(days=days, hours=hour)
        now = max(now + timedelta(minutes=1), planned)
        complaint.refresh_from_db()
        actions = moves_from(complaint.status)
        if complaint.status in TERMINAL:
            return
        with time_machine.travel(now, tick=False):
            if choice == 9 or not actions:
                note_add(
                    complaint=Complaint.objects.select_related("desa").get(pk=complaint.pk),
                    actor=officer,
                    body="Sedang dikerjakan.",
                    visibility=Visibility.PUBLIC if hour % 2 else Visibility.STAFF,
                )
                continue
            _move(complaint, _pick(actions, choice), officer=officer, handler=handler,
                  rating=rating)  # fmt: skip


def _direct_days(desa) -> dict[str, list[int]]:
    """Each complaint's working days to answer and to first response, from its rows."""
    calendar = calendar_for(desa)
    found: dict[str, list[int]] = {"answer": [], "response": []}

    def days(start, end):
        count = calendar.working_days_between(calendar.local_date(start), calendar.local_date(end))
        return min(count, TAIL)

    for complaint in Complaint.objects.filter(desa=desa, received_at__isnull=False):
        if complaint.answered_at:
            found["answer"].append(days(complaint.received_at, complaint.answered_at))
        moments = list(
            Transition.objects.filter(
                complaint=complaint, action__in=[Action.REQUEST_INFO, Action.ANSWER]
            ).values_list("at", flat=True)
        ) + list(
            Note.objects.filter(
                complaint=complaint, visibility=Visibility.PUBLIC, at__gte=complaint.received_at
            ).values_list("at", flat=True)
        )
        if moments:
            found["response"].append(days(complaint.received_at, min(moments)))
    return found


def _pg_percentile(values: list[int], fraction: float) -> int | None:
    if not values:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_disc(%s) WITHIN GROUP (ORDER BY v) FROM unnest(%s::int[]) v",
            [fraction, values],
        )
        return cursor.fetchone()[0]


def _histogram(desa, measure) -> Counter:
    found = Counter()
    for bucket, n in Tally.objects.filter(desa=desa, measure=measure).values_list("bucket", "n"):
        found[bucket] += n
    return +found


def _summary_histogram(region, measure, span=Span.MONTH) -> Counter:
    found = Counter()
    rows = Summary.objects.filter(region=region, span=span, measure=measure)
    for bucket, n in rows.values_list("bucket", "n"):
        found[bucket] += n
    return +found


def _year_histogram(desa, measure, year: date) -> Counter:
    """The histogram a `DesaYear` row holds: its cumulative columns taken apart."""
    row = DesaYear.objects.filter(desa=desa, year=year, measure=measure).values_list(*UPTO)
    columns = row.first() or (0,) * (TAIL + 1)
    found = Counter({0: columns[0]})
    for bucket in range(1, TAIL + 1):
        found[bucket] = columns[bucket] - columns[bucket - 1]
    return +found


def _moved_up(cells: Counter, region) -> Counter:
    """A desa's month cells as its kecamatan's or kabupaten's would count them."""
    found = Counter()
    for (_desa, span, month, measure, bucket), n in cells.items():
        if span == Span.MONTH:
            found[(region.pk, span, month, measure, bucket)] += n
    return found


@pytest.mark.slow  # dozens of generated histories through the services
@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories=st.lists(history, min_size=1, max_size=4))
def test_the_rollup_equals_the_complaints_after_any_history(
    histories, desa_a, operator_desa_a, pejabat_desa_a
):
    with transaction.atomic():
        for spec in histories:
            _play(desa_a, operator_desa_a, pejabat_desa_a, spec)

        stored = tallies_stored([desa_a.pk])[desa_a.pk]
        direct_cells = tallies_from_complaints([desa_a.pk])[desa_a.pk]
        assert stored == direct_cells
        # The summary: the desa's, and (the only desa with complaints) its kecamatan's and
        # kabupaten's, all the same cells without the breakdown.
        summary = summaries_from_tallies(direct_cells)
        assert summaries_stored([desa_a.pk])[desa_a.pk] == summary
        for region in (desa_a.parent, desa_a.parent.parent):
            assert summaries_stored([region.pk])[region.pk] == _moved_up(summary, region)
        assert years_stored([desa_a.pk])[desa_a.pk] == years_from_tallies(direct_cells)
        # Every complaint falls in 2026 (START plus at most a few months of steps), so one
        # year row per measure holds them all.
        assert {month.year for (_, month, *_rest) in stored} <= {2026}
        year = date(2026, 1, 1)
        table_of_desa = digested([desa_a.pk], period_of(kind="year", year=2026))
        table_of_desa = table_of_desa.get(desa_a.pk, Raw())
        complaints = Complaint.objects.filter(desa=desa_a)
        totals = Counter()
        for (*_, measure, _bucket), n in stored.items():
            totals[measure] += n
        assert totals[Measure.RECEIVED] == complaints.filter(received_at__isnull=False).count()
        assert totals[Measure.REJECTED] == complaints.filter(status=Status.REJECTED).count()
        assert totals[Measure.CLOSED] == complaints.filter(status=Status.CLOSED).count()
        assert totals[Measure.ANSWERED] == complaints.filter(answered_at__isnull=False).count()
        assert totals[Measure.RATING] == complaints.filter(rating__isnull=False).count()
        reopened = Transition.objects.filter(complaint__desa=desa_a, action=Action.OBJECT)
        assert totals[Measure.REOPENED] == reopened.values("complaint").distinct().count()
        on_time = sum(
            1
            for answered, deadline in ComplaintSla.objects.filter(
                complaint__desa=desa_a, complaint__answered_at__isnull=False
            ).values_list("complaint__answered_at", "deadline")
            if answered <= deadline
        )
        assert totals[Measure.WITHIN_SLA] == on_time

        direct = _direct_days(desa_a)
        for measure, values in ((Measure.ANSWER_DAYS, direct["answer"]),
                                (Measure.RESPONSE_DAYS, direct["response"])):  # fmt: skip
            for histogram in (
                _histogram(desa_a, measure),
                _summary_histogram(desa_a, measure),
                _summary_histogram(desa_a, measure, Span.YEAR),
                _summary_histogram(desa_a.parent.parent, measure),
                _year_histogram(desa_a, measure, year),
            ):
                assert sum(histogram.values()) == len(values)
                assert percentile_disc(histogram, 50) == _pg_percentile(values, 0.5)
                assert percentile_disc(histogram, 90) == _pg_percentile(values, 0.9)
            # What the table of desa shows, read off the year rows in SQL.
            days = table_of_desa.days(measure)
            assert days.total == len(values)
            assert days.within_7 == sum(1 for value in values if value <= 7)
            assert days.median == _pg_percentile(values, 0.5)
            assert days.p90 == _pg_percentile(values, 0.9)
        transaction.set_rollback(True)


def test_a_move_adds_one_statement_to_its_transaction(desa_a, operator_desa_a, pejabat_desa_a):
    complaint = advance(submit(desa_a).complaint, "in_progress", officer=operator_desa_a,
                        handler=pejabat_desa_a)  # fmt: skip
    calendar_for(desa_a)  # the calendar is cached, as on any working server

    with CaptureQueriesContext(connection) as answered:
        complaint_transition(
            complaint=complaint, action=Action.ANSWER, actor=pejabat_desa_a, answer="Selesai."
        )
    with CaptureQueriesContext(connection) as noted:
        note_add(
            complaint=Complaint.objects.select_related("desa").get(pk=complaint.pk),
            actor=operator_desa_a,
            body="Sudah dicek ke lokasi.",
            visibility=Visibility.PUBLIC,
        )

    for captured in (answered, noted):
        touching = [
            q["sql"]
            for q in captured.captured_queries
            if any(table in q["sql"] for table in ("reports_tally", "reports_summary",
                                                     "reports_desayear"))
        ]  # fmt: skip
        assert len(touching) == 1
        assert touching[0].startswith("WITH delta")
        assert "INSERT INTO reports_tally" in touching[0]
        assert "INSERT INTO reports_summary" in touching[0]
        assert "INSERT INTO reports_desayear" in touching[0]
    assert Tally.objects.filter(desa=desa_a, measure=Measure.ANSWERED).get().n == 1
    answered_cells = Summary.objects.filter(measure=Measure.ANSWERED).values_list("region", "span")
    assert sorted(answered_cells) == sorted(
        [(desa_a.pk, Span.MONTH), (desa_a.pk, Span.YEAR), (desa_a.parent_id, Span.MONTH),
         (desa_a.parent.parent_id, Span.MONTH)]
    )  # fmt: skip
    assert set(Summary.objects.filter(measure=Measure.ANSWERED).values_list("n", flat=True)) == {1}
    # The desa's year: answered is a counter (bucket 0, so every column); the days to answer
    # and to first response (0 working days) are counted from bucket 0 on as well.
    for measure in (Measure.ANSWERED, Measure.ANSWER_DAYS, Measure.RESPONSE_DAYS):
        row = DesaYear.objects.filter(desa=desa_a, measure=measure).values_list(*UPTO).get()
        assert set(row) == {1}, measure


def test_the_nightly_rebuild_repairs_a_tampered_rollup(
    desa_a, desa_a2, operator_desa_a, pejabat_desa_a, caplog
):
    for status in ("answered", "rejected", "needs_info"):
        advance(submit(desa_a).complaint, status, officer=operator_desa_a, handler=pejabat_desa_a)
    right = tallies_stored([desa_a.pk])[desa_a.pk]
    Tally.objects.filter(desa=desa_a, measure=Measure.RECEIVED).update(n=7)
    Tally.objects.filter(desa=desa_a, measure=Measure.REJECTED).delete()

    with caplog.at_level("WARNING", logger="reports.rollup"):
        outcome = rollup_rebuild(desa_ids=[desa_a.pk, desa_a2.pk])

    assert outcome == {"desa": 2, "desa_repaired": 1, "cells_wrong": 2,
                       "summary_cells_wrong": 0, "year_rows_wrong": 0,
                       "regions_repaired": 0}  # fmt: skip
    assert tallies_stored([desa_a.pk])[desa_a.pk] == right
    assert [r.desa_id for r in caplog.records] == [desa_a.pk]
    assert rollup_rebuild(desa_ids=[desa_a.pk]) == {
        "desa": 1, "desa_repaired": 0, "cells_wrong": 0, "summary_cells_wrong": 0,
        "year_rows_wrong": 0, "regions_repaired": 0,
    }  # fmt: skip


def test_the_nightly_rebuild_repairs_a_tampered_summary(
    desa_a, desa_a2, operator_desa_a, pejabat_desa_a, caplog
):
    for status in ("answered", "rejected", "needs_info"):
        advance(submit(desa_a).complaint, status, officer=operator_desa_a, handler=pejabat_desa_a)
    kecamatan, kabupaten = desa_a.parent, desa_a.parent.parent
    regions = [desa_a.pk, kecamatan.pk, kabupaten.pk]
    right = summaries_stored(regions)
    Summary.objects.filter(region=desa_a, span=Span.YEAR, measure=Measure.RECEIVED).update(n=9)
    Summary.objects.filter(region=kabupaten, measure=Measure.REJECTED).delete()
    Summary.objects.create(
        region=kecamatan, span=Span.MONTH, month=date(2020, 1, 1), measure=Measure.CLOSED, n=4
    )

    with caplog.at_level("WARNING", logger="reports.rollup"):
        outcome = rollup_rebuild(desa_ids=[desa_a.pk, desa_a2.pk])

    assert outcome == {"desa": 2, "desa_repaired": 1, "cells_wrong": 0,
                       "summary_cells_wrong": 3, "year_rows_wrong": 0,
                       "regions_repaired": 2}  # fmt: skip
    assert summaries_stored(regions) == right
    assert summaries_of_desa_under(kabupaten) == right[kabupaten.pk]
    logged = [getattr(r, "desa_id", None) or r.region_id for r in caplog.records]
    assert sorted(logged) == sorted(regions)
    assert rollup_rebuild(desa_ids=[desa_a.pk])["summary_cells_wrong"] == 0


def test_the_nightly_rebuild_repairs_tampered_year_rows(
    desa_a, desa_a2, operator_desa_a, pejabat_desa_a, caplog
):
    for status in ("answered", "answered", "rejected", "needs_info"):
        advance(submit(desa_a).complaint, status, officer=operator_desa_a, handler=pejabat_desa_a)
    right = years_stored([desa_a.pk])[desa_a.pk]
    year = next(iter(right))[1]
    rows = DesaYear.objects.filter(desa=desa_a, year=year)
    # A count moved to another bucket (the total unchanged: only the percentiles would
    # show it), a row lost, and a row of a year without complaints.
    rows.filter(measure=Measure.ANSWER_DAYS).update(upto_0=0, upto_1=0)
    rows.filter(measure=Measure.REJECTED).delete()
    DesaYear.objects.create(desa=desa_a, year=date(2020, 1, 1), measure=Measure.CLOSED,
                            **dict.fromkeys(UPTO, 4))  # fmt: skip

    with caplog.at_level("WARNING", logger="reports.rollup"):
        outcome = rollup_rebuild(desa_ids=[desa_a.pk, desa_a2.pk])

    assert outcome == {"desa": 2, "desa_repaired": 1, "cells_wrong": 0,
                       "summary_cells_wrong": 0, "year_rows_wrong": 3,
                       "regions_repaired": 0}  # fmt: skip
    assert years_stored([desa_a.pk])[desa_a.pk] == right
    assert [(r.desa_id, r.year_rows_wrong) for r in caplog.records] == [(desa_a.pk, 3)]
    assert rollup_rebuild(desa_ids=[desa_a.pk])["year_rows_wrong"] == 0

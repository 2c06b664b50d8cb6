"""Working days of Indonesian desa: weekends, national holidays, cuti bersama, days off."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from sla.calendar import WorkingCalendar, deadline_from, remaining_working_days

WIB = ZoneInfo("Asia/Jakarta")
NATIONAL = WorkingCalendar.build()


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def test_idul_fitri_2026_and_its_cuti_bersama_are_not_working_days():
    # Nyepi 19 March with cuti 18, Idul Fitri 21–22 March with cuti 20, 23 and 24.
    for day in [18, 19, 20, 23, 24]:
        assert not NATIONAL.is_working_day(date(2026, 3, day)), day
    assert NATIONAL.is_working_day(date(2026, 3, 17))
    assert NATIONAL.is_working_day(date(2026, 3, 25))


def test_seven_working_days_across_lebaran_2026():
    received = wib(2026, 3, 17, 10, 0)

    computed = deadline_from(NATIONAL, start=received, working_days=7)

    # 25, 26, 27, 30, 31 March, 1 and 2 April (3 April is Good Friday, after it).
    assert computed.due_on == date(2026, 4, 2)
    assert computed.deadline == wib(2026, 4, 3, 0, 0)
    assert computed.remind_1_at == wib(2026, 4, 1, 7, 0)
    assert computed.remind_2_at == wib(2026, 3, 31, 7, 0)


def test_christmas_2026_and_its_cuti_bersama_are_skipped():
    computed = deadline_from(NATIONAL, start=wib(2026, 12, 22, 9, 0), working_days=3)

    # 23 December, then 24 (cuti bersama), 25 (Natal) and the weekend are skipped.
    assert computed.due_on == date(2026, 12, 29)


def test_christmas_2025_deadline_crosses_into_the_new_year():
    computed = deadline_from(NATIONAL, start=wib(2025, 12, 24, 9, 0), working_days=5)

    # 25–26 Dec (Natal, cuti), weekend, 29, 30, 31 Dec, 1 Jan (holiday), 2 Jan, 5 Jan.
    assert computed.due_on == date(2026, 1, 5)


def test_independence_day_is_skipped():
    computed = deadline_from(NATIONAL, start=wib(2026, 8, 14, 15, 0), working_days=2)

    assert computed.due_on == date(2026, 8, 19)


def test_a_desa_day_off_pushes_its_deadline_only():
    klero = WorkingCalendar.build(days_off=[date(2026, 8, 19)])

    computed = deadline_from(klero, start=wib(2026, 8, 14, 15, 0), working_days=2)

    assert computed.due_on == date(2026, 8, 20)
    assert deadline_from(NATIONAL, start=wib(2026, 8, 14), working_days=2).due_on == date(
        2026, 8, 19
    )


def test_admin_overrides_add_and_remove_national_days():
    # A late SKB adds a cuti bersama on 18 Aug 2026 and cancels the one on 24 Dec 2026.
    changed = WorkingCalendar.build(added=[date(2026, 8, 18)], removed=[date(2026, 12, 24)])

    assert not changed.is_working_day(date(2026, 8, 18))
    assert changed.is_working_day(date(2026, 12, 24))
    assert not changed.is_working_day(date(2026, 12, 25))  # Natal itself stays


def test_a_receipt_late_in_the_day_counts_in_the_desa_time_zone():
    # 23:30 WIB on Friday is already Saturday 01:30 WIT in Papua.
    papua = WorkingCalendar.build(timezone="Asia/Jayapura")
    received = wib(2026, 7, 3, 23, 30)

    assert deadline_from(NATIONAL, start=received, working_days=1).due_on == date(2026, 7, 6)
    assert deadline_from(papua, start=received, working_days=1).due_on == date(2026, 7, 6)
    assert papua.local_date(received) == date(2026, 7, 4)
    assert deadline_from(papua, start=received, working_days=1).deadline == datetime(
        2026, 7, 7, tzinfo=ZoneInfo("Asia/Jayapura")
    )


def test_a_reminder_before_the_receipt_is_dropped():
    computed = deadline_from(NATIONAL, start=wib(2026, 3, 2, 10, 0), working_days=2)

    assert computed.due_on == date(2026, 3, 4)
    assert computed.remind_2_at is None  # would have been 07:00 on the day of receipt
    assert computed.remind_1_at == wib(2026, 3, 3, 7, 0)


def test_remaining_working_days_count_after_today():
    due = date(2026, 3, 31)

    assert remaining_working_days(NATIONAL, due_on=due, now=wib(2026, 3, 17, 10)) == 5
    assert remaining_working_days(NATIONAL, due_on=due, now=wib(2026, 3, 30, 10)) == 1
    assert remaining_working_days(NATIONAL, due_on=due, now=wib(2026, 3, 31, 10)) == 0
    assert remaining_working_days(NATIONAL, due_on=due, now=wib(2026, 4, 2, 10)) == 0


@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 10, 31)),
    working_days=st.integers(min_value=1, max_value=30),
    days_off=st.sets(st.dates(date(2025, 1, 1), date(2027, 12, 31)), max_size=20),
)
def test_deadline_is_a_working_day_exactly_n_working_days_on(start, working_days, days_off):
    calendar = WorkingCalendar.build(days_off=days_off)
    start = start.replace(tzinfo=WIB)

    computed = deadline_from(calendar, start=start, working_days=working_days)

    assert calendar.is_working_day(computed.due_on)
    assert calendar.working_days_between(start.date(), computed.due_on) == working_days
    assert computed.deadline > start + timedelta(days=working_days)

"""Opening register entries: numbering per desa and year, and what the book shows."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import transaction

from complaints.services import complaint_transition
from complaints.state import Action, Status
from register.models import RegisterEntry, RegisterSettings
from register.selectors import RegisterFilters, register_entries, register_rows
from tests.complaints.factories import REPORTER, complaint_in, submit
from tests.register.factories import received

pytestmark = pytest.mark.django_db


def numbers(desa, year=None):
    entries = RegisterEntry.objects.filter(desa=desa)
    if year:
        entries = entries.filter(year=year)
    return list(entries.order_by("year", "number").values_list("year", "number"))


def rows(desa, keeps=True, names=None):
    entries = register_entries(desa=desa, filters=RegisterFilters())
    return list(register_rows(entries, desa=desa, viewer_keeps=keeps, names=names))


@time_machine.travel(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), tick=False)
def test_receiving_complaints_numbers_them_from_one_per_desa(
    desa_a, desa_b, operator_desa_a, operator_desa_b
):
    received(desa_a, operator_desa_a, count=3)
    received(desa_b, operator_desa_b, count=2)

    assert numbers(desa_a) == [(2026, 1), (2026, 2), (2026, 3)]
    assert numbers(desa_b) == [(2026, 1), (2026, 2)]


def test_a_complaint_typed_in_by_the_officer_is_received_and_registered_at_once(
    desa_a, operator_desa_a
):
    complaint = submit(desa_a, actor=operator_desa_a, channel="walk_in").complaint

    entry = RegisterEntry.objects.get(complaint=complaint)
    assert (entry.number, entry.received_by) == (1, operator_desa_a)
    assert entry.received_at == complaint.received_at


def test_the_first_complaint_received_on_1_january_wib_opens_the_new_year_at_number_one(
    desa_a, operator_desa_a
):
    with time_machine.travel(datetime(2026, 12, 31, 10, 0, tzinfo=UTC), tick=False):
        received(desa_a, operator_desa_a, count=2)
    # 17:30 UTC on 31 December is 00:30 WIB on 1 January.
    with time_machine.travel(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), tick=False):
        (complaint,) = received(desa_a, operator_desa_a)

    entry = complaint.register_entry
    assert (entry.year, entry.number) == (2027, 1)
    assert numbers(desa_a) == [(2026, 1), (2026, 2), (2027, 1)]


def test_a_desa_in_another_time_zone_counts_its_own_new_year(desa_b, operator_desa_b):
    desa_b.timezone = "Asia/Jayapura"  # WIT, UTC+9
    desa_b.save()
    with time_machine.travel(datetime(2026, 12, 31, 15, 30, tzinfo=UTC), tick=False):
        (complaint,) = received(desa_b, operator_desa_b)

    assert complaint.register_entry.year == 2027


def test_a_rolled_back_receive_gives_its_number_back(desa_a, operator_desa_a):
    first = submit(desa_a).complaint
    second = submit(desa_a).complaint

    with pytest.raises(RuntimeError), transaction.atomic():
        complaint_transition(complaint=first, action=Action.RECEIVE, actor=operator_desa_a)
        raise RuntimeError("the request failed after the receive")
    complaint_transition(complaint=second, action=Action.RECEIVE, actor=operator_desa_a)

    assert not RegisterEntry.objects.filter(complaint=first).exists()
    assert RegisterEntry.objects.get(complaint=second).number == 1


def test_a_complaint_rejected_after_receipt_keeps_its_entry_with_the_reason(
    desa_a, operator_desa_a
):
    complaint = complaint_in(Status.REJECTED, desa_a, officer=operator_desa_a)

    (row,) = rows(desa_a)
    assert row.number == 1
    assert row.status == Status.REJECTED
    assert row.remarks.startswith("Rejected: Ganda")
    assert row.finished_at is not None
    assert complaint.register_entry.number == 1


def test_a_complaint_turned_away_before_receipt_takes_no_number(desa_a, operator_desa_a):
    complaint = submit(desa_a).complaint
    complaint_transition(
        complaint=complaint, action=Action.REJECT, actor=operator_desa_a, reason="Spam"
    )

    assert numbers(desa_a) == []


def test_the_default_number_reads_like_the_paper_book(desa_a, operator_desa_a):
    with time_machine.travel(datetime(2026, 5, 4, 3, 0, tzinfo=UTC), tick=False):
        received(desa_a, operator_desa_a, count=12)

    assert rows(desa_a)[-1].display_number == "012/PGD/JGB/2026"


def test_a_desa_may_write_its_numbers_in_its_own_format(desa_a, operator_desa_a):
    RegisterSettings.objects.create(
        desa=desa_a, number_format="{code}.{desa}/{year}/{number}", fixed_code="ADU", number_width=4
    )
    with time_machine.travel(datetime(2026, 5, 4, 3, 0, tzinfo=UTC), tick=False):
        received(desa_a, operator_desa_a)

    assert rows(desa_a)[0].display_number == "ADU.JGB/2026/0001"


def test_distribution_follow_up_and_finish_come_from_the_history(
    desa_a, operator_desa_a, pejabat_desa_a
):
    complaint_in(Status.CLOSED, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)

    (row,) = rows(desa_a)
    assert "Kasi Pemerintahan" in row.distributed_to
    assert row.follow_up == "Sudah diperbaiki."
    assert row.finished_at is not None
    assert row.status == Status.CLOSED


def test_the_reporter_column_shows_a_name_only_with_names_given_and_never_to_overseers(
    desa_a, operator_desa_a
):
    named = received(desa_a, operator_desa_a)[0]
    received(desa_a, operator_desa_a, anonymous=True)

    with_names = rows(desa_a, names={named.pk: REPORTER.name})
    without = rows(desa_a)
    overseen = rows(desa_a, keeps=False, names={named.pk: REPORTER.name})

    assert [r.reporter for r in with_names] == [REPORTER.name, "Anonymous"]
    assert [r.reporter for r in without] == ["Confidential", "Anonymous"]
    assert [r.reporter for r in overseen] == ["Confidential", "Confidential"]

"""The project's clock (`common/clock.py`): `set_time` holds for its block and its context
only, and the services and the rows they write follow it."""

import contextvars
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from common.clock import current_time, set_time
from complaints.state import Status
from tests.complaints.factories import complaint_in

STORY_DAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LATER_DAY = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
BACKEND = Path(__file__).resolve().parents[2] / "backend"


def is_real_time(moment: datetime) -> bool:
    return abs((moment - datetime.now(UTC)).total_seconds()) < 60


def test_within_the_block_the_time_is_the_one_set_and_the_real_one_after():
    with set_time(STORY_DAY):
        inside = current_time()

    assert inside == STORY_DAY
    assert is_real_time(current_time())


def test_a_function_as_the_time_is_read_at_each_reading():
    readings = iter([STORY_DAY, LATER_DAY])

    with set_time(lambda: next(readings)):
        first, second = current_time(), current_time()

    assert (first, second) == (STORY_DAY, LATER_DAY)


def test_blocks_nest_and_each_end_restores_the_time_before_it():
    with set_time(STORY_DAY):
        with set_time(LATER_DAY):
            inner = current_time()
        outer_again = current_time()

    assert inner == LATER_DAY
    assert outer_again == STORY_DAY
    assert is_real_time(current_time())


def test_the_time_is_real_again_after_a_block_that_failed():
    with pytest.raises(LookupError), set_time(STORY_DAY):
        raise LookupError("a step failed")

    assert is_real_time(current_time())


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError), set_time(datetime(2026, 1, 5, 9, 0)):
        pass


def test_a_thread_started_inside_reads_the_real_time_unless_given_the_context():
    """Chosen: the setting is not inherited by a new thread (Python starts one in an empty
    context), so a worker thread never acts on another's time by accident; whoever wants it
    carried runs the thread in a copy of the context."""
    seen: dict[str, datetime] = {}

    def read(name: str) -> None:
        seen[name] = current_time()

    with set_time(STORY_DAY):
        plain = threading.Thread(target=read, args=("plain",))
        carried = threading.Thread(target=contextvars.copy_context().run, args=(read, "carried"))
        plain.start()
        carried.start()
        plain.join()
        carried.join()

    assert is_real_time(seen["plain"])
    assert seen["carried"] == STORY_DAY


def test_time_travel_in_tests_moves_the_clock_too():
    with time_machine.travel(LATER_DAY, tick=False):
        assert current_time() == LATER_DAY


def test_receiving_a_complaint_stamps_the_time_set(db, desa_a, operator_desa_a):
    with set_time(STORY_DAY):
        complaint = complaint_in(Status.RECEIVED, desa_a, officer=operator_desa_a)

    moves = list(complaint.transitions.values_list("at", flat=True))
    assert complaint.submitted_at == STORY_DAY
    assert complaint.received_at == STORY_DAY
    assert moves and set(moves) == {STORY_DAY}
    assert complaint.register_entry.received_at == STORY_DAY
    assert complaint.register_entry.year == 2026
    # The SLA clock starts on the story's day: its deadline lies days after it, not after today.
    assert STORY_DAY < complaint.sla.deadline < STORY_DAY + timedelta(days=30)


def test_no_backend_module_reads_the_local_time_without_a_value():
    """`timezone.localtime()`/`localdate()` without a value read Django's clock, past the
    project's; ruff's ban on `timezone.now` cannot see that call, this test does."""
    unvalued = re.compile(r"\blocal(time|date)\((timezone=[^)]*)?\)")
    found = [
        f"{path.relative_to(BACKEND)}:{number}"
        for path in BACKEND.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if unvalued.search(line)
    ]

    assert found == []

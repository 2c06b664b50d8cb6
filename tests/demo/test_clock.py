"""The demo's time travel (`demo/clock.py`): the services write on the story's day while the
stories play, and on the real day again as soon as the block ends, however it ends."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from common.clock import current_time
from demo.clock import story_time

STORY_DAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_within_a_story_the_time_is_the_storys_and_moves_forward():
    with story_time(STORY_DAY) as clock:
        first, second = current_time(), current_time()
        clock.at = datetime(2026, 1, 9, 14, 0, tzinfo=UTC)
        later = current_time()

    assert STORY_DAY < first < second < datetime(2026, 1, 5, 9, 1, tzinfo=UTC)
    assert later.date().isoformat() == "2026-01-09"


def real_time_again() -> bool:
    return abs((current_time() - datetime.now(UTC)).total_seconds()) < 60


def test_after_a_story_even_a_failed_one_the_time_is_real_again():
    with pytest.raises(LookupError), story_time(STORY_DAY):
        raise LookupError("a step failed")

    assert real_time_again()


def test_a_story_cannot_start_inside_another():
    with story_time(STORY_DAY), pytest.raises(RuntimeError), story_time(STORY_DAY):
        pass

    assert real_time_again()


def test_a_story_leaves_djangos_own_clock_alone():
    """Only the project's clock plays the story: nothing of the process is replaced."""
    with story_time(STORY_DAY):
        django_now = timezone.now()

    assert abs((django_now - datetime.now(UTC)).total_seconds()) < 60

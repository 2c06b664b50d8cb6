"""The demo's time travel (`demo/clock.py`): the services write on the story's day while the
stories play, and on the real day again as soon as the block ends, however it ends."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from demo.clock import story_time

STORY_DAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_within_a_story_the_time_is_the_storys_and_moves_forward():
    with story_time(STORY_DAY) as clock:
        first, second = timezone.now(), timezone.now()
        clock.at = datetime(2026, 1, 9, 14, 0, tzinfo=UTC)
        later = timezone.now()

    assert STORY_DAY < first < second < datetime(2026, 1, 5, 9, 1, tzinfo=UTC)
    assert later.date().isoformat() == "2026-01-09"


def real_time_again() -> bool:
    return abs((timezone.now() - datetime.now(UTC)).total_seconds()) < 60


def test_after_a_story_even_a_failed_one_the_time_is_real_again():
    with pytest.raises(LookupError), story_time(STORY_DAY):
        raise LookupError("a step failed")

    assert real_time_again()


def test_a_story_cannot_start_inside_another():
    with story_time(STORY_DAY), pytest.raises(RuntimeError), story_time(STORY_DAY):
        pass

    assert real_time_again()

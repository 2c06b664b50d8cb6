"""Indonesian phone numbers as people type them all become one E.164 number, so a login, a
throttle and a reporter's lookup by phone agree on who is who (`common/phone.py`)."""

import pytest
from django.core.exceptions import ValidationError

from common.phone import phone_normalise, phone_or_none


@pytest.mark.parametrize(
    "typed",
    ["0812-3456-7890", "081234567890", "62812 3456 7890", "6281234567890", "+62 812-3456-7890"],
)
def test_the_ways_people_write_one_mobile_number_give_the_same_number(typed):
    assert phone_normalise(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", ["12345", "bukan nomor", "+60 12-345 6789", ""])
def test_a_number_that_is_not_an_indonesian_phone_is_refused_with_a_field_code(typed):
    with pytest.raises(ValidationError) as refused:
        phone_normalise(typed)

    assert refused.value.code == "invalid_phone"
    assert phone_or_none(typed) is None

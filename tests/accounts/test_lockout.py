"""Failed logins: a stranger can slow an account down, never lock its owner out."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.accounts.factories import PASSWORD

WRONG = "salah-sandi-123"
STRANGER = "203.0.113.7"
OWNER = "198.51.100.20"


def login(api, username, password=PASSWORD, address="192.0.2.1", language=None, **extra):
    return api(language=language).post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_twelve_wrong_passwords_from_one_address_leave_the_owner_free(api, kades_desa_a):
    answers = [login(api, "kades.a", WRONG, STRANGER).status_code for _ in range(12)]

    from_elsewhere = login(api, "kades.a", address=OWNER)
    from_the_guesser = login(api, "kades.a", address=STRANGER)

    # The tenth failure locks this (account, address) pair: it and what follows get 429.
    assert answers[:9] == [401] * 9 and answers[9:] == [429, 429, 429]
    assert from_elsewhere.status_code == 200, from_elsewhere.json()
    assert from_the_guesser.status_code == 429, from_the_guesser.json()
    assert from_the_guesser.json()["code"] == "throttled"
    assert int(from_the_guesser["Retry-After"]) == 15 * 60
    assert from_the_guesser.json()["retry_after"] == 15 * 60


def test_the_lockout_message_is_indonesian_first_and_english_on_request(api, kades_desa_a):
    for _ in range(10):
        login(api, "kades.a", WRONG, STRANGER)

    r_id = login(api, "kades.a", address=STRANGER)
    r_en = login(api, "kades.a", address=STRANGER, language="en")

    assert r_id.json()["message"].startswith("Terlalu banyak percobaan masuk yang gagal.")
    assert r_en.json()["message"].startswith("Too many failed logins.")


@pytest.mark.slow  # waits for Redis to expire a key
def test_the_lockout_ends_when_redis_expires_it_after_the_cool_off(api, kades_desa_a, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for _ in range(10):
        login(api, "kades.a", WRONG, STRANGER)
    assert login(api, "kades.a", address=STRANGER).status_code == 429

    # Every refused attempt starts the cool-off again, so nothing is tried meanwhile.
    time.sleep(1.5)
    r = login(api, "kades.a", address=STRANGER)

    assert r.status_code == 200, r.json()


def test_a_success_clears_the_failures_of_that_address(api, kades_desa_a):
    for _ in range(9):
        login(api, "kades.a", WRONG, OWNER)
    assert login(api, "kades.a", address=OWNER).status_code == 200

    answers = [login(api, "kades.a", WRONG, OWNER).status_code for _ in range(9)]

    assert answers == [401] * 9  # counting starts again from zero


def test_the_phone_number_in_any_form_is_one_login_name(api, warga):
    forms = ["081200001234", "+62 812-0000-1234", "6281200001234", "0812-0000-1234"]
    for n in range(10):
        login(api, forms[n % 4], WRONG, STRANGER)

    assert login(api, "0812 0000 1234", address=STRANGER).status_code == 429


def test_a_burst_from_many_addresses_slows_the_account_but_never_locks_the_owner(
    api, kades_desa_a, settings
):
    settings.LOGIN_BACKOFF_AFTER = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(5):
            assert login(api, "kades.a", WRONG, f"10.9.0.{n}").status_code == 401

        slowed = login(api, "kades.a", WRONG, "10.9.0.99")  # within the first second
        clock.shift(2)
        guessed_again = login(api, "kades.a", WRONG, "10.9.0.100")  # 6th failure: next wait 2 s
        clock.shift(1)
        owner_too_soon = login(api, "kades.a", address=OWNER)
        clock.shift(2)
        owner = login(api, "kades.a", address=OWNER)

    assert slowed.status_code == 429 and int(slowed["Retry-After"]) == 1
    assert guessed_again.status_code == 401
    assert owner_too_soon.status_code == 429 and int(owner_too_soon["Retry-After"]) <= 2
    assert owner.status_code == 200, owner.json()


def test_the_backoff_never_exceeds_its_cap(api, kades_desa_a, settings):
    settings.LOGIN_BACKOFF_AFTER = 0
    settings.LOGIN_BACKOFF_MAX_SECONDS = 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(12):
            login(api, "kades.a", WRONG, f"10.8.0.{n}")
            clock.shift(61)
        login(api, "kades.a", WRONG, "10.8.1.1")

        r = login(api, "kades.a", address=OWNER)

    assert r.status_code == 429
    assert 0 < int(r["Retry-After"]) <= 60


def test_one_address_failing_for_many_accounts_is_capped(api, kades_desa_a, settings):
    settings.LOGIN_FAILURES_PER_IP = 5
    for n in range(5):
        login(api, f"tebakan{n}", WRONG, STRANGER)

    refused = login(api, "kades.a", address=STRANGER)
    elsewhere = login(api, "kades.a", address=OWNER)

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert elsewhere.status_code == 200


def test_behind_one_proxy_the_address_is_the_last_forwarded_one(api, kades_desa_a, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The client may write anything at the left of X-Forwarded-For; the proxy appends the
    # real address at the right.
    for n in range(10):
        login(api, "kades.a", WRONG, "10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, {STRANGER}")

    spoofing = login(
        api, "kades.a", address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"9.9.9.9, {STRANGER}"
    )
    owner = login(api, "kades.a", address="10.0.0.1", HTTP_X_FORWARDED_FOR=OWNER)

    assert spoofing.status_code == 429
    assert owner.status_code == 200, owner.json()

"""Public submission and tracking behind a shared address (CGNAT): each phone, with the
token the app keeps, has its own budget; the address a generous one; the reporter's number
its own. Without a token the address's tight budget applies, as before."""

import pytest

from complaints.models import Complaint
from tests.complaints.test_lifecycle_api import BODY

CARRIER = "36.68.0.1"  # one public address for many phones


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **rates,
            },
        }

    return set_rates


def device(n: int) -> str:
    return f"device-token-{n:08d}"


def submit(api, device_id=None, phone="0812-3456-7890", anonymous=False):
    headers = {"HTTP_X_DEVICE_ID": device_id} if device_id else {}
    body = {**BODY, "reporter": {**BODY["reporter"], "phone": phone}}
    if anonymous:
        body = {key: value for key, value in BODY.items() if key != "reporter"}
        body["anonymous"] = True
    return api().post("/api/v1/complaints/", body, REMOTE_ADDR=CARRIER, **headers)


def test_many_phones_behind_one_address_are_not_refused_by_its_tight_budget(api, desa_a, rates):
    rates(submit_ip="2/hour", submit_ip_devices="100/hour", submit_device="5/hour")

    answers = [submit(api, device(n), phone=f"0812-3456-70{n:02d}").status_code for n in range(6)]

    assert answers == [201] * 6
    assert Complaint.objects.count() == 6


def test_without_a_device_token_the_address_budget_applies(api, desa_a, rates):
    rates(submit_ip="2/hour")

    answers = [submit(api, phone=f"0812-3456-71{n:02d}").status_code for n in range(3)]

    assert answers == [201, 201, 429]


def test_one_device_has_its_own_budget(api, desa_a, rates):
    rates(submit_device="2/hour")

    answers = [submit(api, device(1), anonymous=True).status_code for _ in range(3)]
    other_phone = submit(api, device(2), anonymous=True)

    assert answers == [201, 201, 429]
    assert other_phone.status_code == 201


def test_the_address_keeps_a_generous_ceiling_when_tokens_rotate(api, desa_a, rates):
    rates(submit_ip_devices="3/hour")

    answers = [submit(api, device(n), anonymous=True).status_code for n in range(4)]

    assert answers == [201, 201, 201, 429]


def test_one_reporter_number_has_its_own_budget_however_typed(api, desa_a, rates):
    rates(submit_phone="2/hour")

    first = submit(api, device(1), phone="0812-3456-7890")
    second = submit(api, device(2), phone="+62 812 3456 7890")
    third = submit(api, device(3), phone="6281234567890")

    assert (first.status_code, second.status_code) == (201, 201)
    assert third.status_code == 429 and int(third["Retry-After"]) > 0


def test_a_malformed_device_token_counts_as_none(api, desa_a, rates):
    rates(submit_ip="1/hour")

    assert submit(api, "short", anonymous=True).status_code == 201
    assert submit(api, "x" * 65, anonymous=True).status_code == 429


def test_tracking_behind_one_address_is_counted_per_device(api, desa_a, rates):
    rates(track_ip="2/minute", track_device="2/minute", track_ip_devices="100/minute")

    def track(device_id=None):
        headers = {"HTTP_X_DEVICE_ID": device_id} if device_id else {}
        return api().post(
            "/api/v1/track/",
            {"code": "ZZZZZZZZZZ", "pin": "123456"},
            REMOTE_ADDR=CARRIER,
            **headers,
        )

    by_devices = [track(device(n)).status_code for n in range(5)]
    one_device = [track(device(9)).status_code for _ in range(3)]
    no_token = [track().status_code for _ in range(3)]

    assert by_devices == [404] * 5
    assert one_device == [404, 404, 429]
    assert no_token == [404, 404, 429]

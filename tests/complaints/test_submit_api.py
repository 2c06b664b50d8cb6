"""Submitting: bad input gets a 400 naming the field, and nothing is saved."""

import time

import pytest

from complaints.models import Complaint
from tests.complaints.test_lifecycle_api import BODY


def submit_body(api, user=None, **changes):
    body = {**BODY, **changes}
    return api(user).post("/api/v1/complaints/", body)


def reporter(**changes):
    return {**BODY["reporter"], **changes}


def test_anyone_can_submit_without_an_account_and_gets_code_and_pin(api, desa_a):
    r = submit_body(api)

    assert r.status_code == 201, r.json()
    assert len(r.json()["tracking_code"]) == 10
    assert r.json()["pin"].isdigit() and len(r.json()["pin"]) == 6
    complaint = Complaint.objects.get()
    assert complaint.reporter_account is None
    assert r.json()["pin"] not in complaint.pin_hash


def test_a_tracking_code_already_taken_is_drawn_again(api, desa_a, monkeypatch):
    from complaints.services import submission

    first = submit_body(api).json()["tracking_code"]
    drawn = iter([first, first, "K7M2QX9HAT"])  # the first two draws collide
    monkeypatch.setattr(submission, "tracking_code_new", lambda: next(drawn))

    r = submit_body(api)

    assert r.status_code == 201, r.json()
    assert r.json()["tracking_code"] == "K7M2QX9HAT"
    assert Complaint.objects.count() == 2  # the failed attempts left nothing behind


def test_an_insert_refused_for_another_reason_is_raised_not_retried(desa_a, monkeypatch):
    from django.db import IntegrityError

    from tests.complaints.factories import submit

    attempts = []

    def refuse(complaint, *args, **kwargs):
        attempts.append(complaint.tracking_code)
        raise IntegrityError("insert or update violates foreign key constraint")

    monkeypatch.setattr(Complaint, "save", refuse)

    with pytest.raises(IntegrityError, match="foreign key"):
        submit(desa_a, anonymous=True)
    assert len(attempts) == 1


def test_priority_comes_from_urgency_and_impact(api, desa_a):
    r = submit_body(api, urgency="high", impact="high")

    assert r.status_code == 201
    assert Complaint.objects.get().priority == "P1"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reporter": reporter(nik="32071055059")}, "nik"),
        ({"reporter": reporter(nik="3207109913900001")}, "nik"),  # month 13
        ({"reporter": reporter(nik="9907105505900001")}, "nik"),  # no such province
        ({"reporter": reporter(phone="12345")}, "phone"),
    ],
)
def test_bad_identity_fields_are_named_under_reporter(api, desa_a, changes, field):
    r = submit_body(api, **changes)

    assert r.status_code == 400, r.json()
    assert f"reporter.{field}" in r.json()["fields"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "pajak-bumi"}, "category"),
        ({"kind": "pujian"}, "kind"),
        ({"desa": "99.99.99.9999"}, "desa"),
        ({"desa": "32.07.10"}, "desa"),  # a kecamatan, not a desa
        ({"desa": "jagabaya"}, "desa"),  # not a Kemendagri code at all
        ({"title": ""}, "title"),
        ({"title": "x" * 161}, "title"),
        ({"latitude": "91"}, "latitude"),
        ({"anonymous": True}, "reporter"),  # anonymous but identity given
    ],
)
def test_bad_fields_get_a_400_naming_them(api, desa_a, changes, field):
    r = submit_body(api, **changes)

    assert r.status_code == 400, r.json()
    assert field in r.json()["fields"]
    assert not Complaint.objects.exists()


def test_named_complaint_without_identity_is_refused(api, desa_a):
    body = {key: value for key, value in BODY.items() if key != "reporter"}

    r = api().post("/api/v1/complaints/", body)

    assert r.status_code == 400
    assert "reporter" in r.json()["fields"]


def test_category_of_another_desa_is_refused(api, desa_a, desa_b):
    from complaints.models import Category

    Category.objects.create(desa=desa_b, slug="irigasi", name="Irigasi")

    r = submit_body(api, category="irigasi")

    assert r.status_code == 400
    assert "category" in r.json()["fields"]


def test_categories_of_a_desa_are_public(api, desa_a):
    from complaints.services import category_ensure_defaults

    category_ensure_defaults(desa=desa_a)

    r = api().get("/api/v1/desa/32.07.10.2010/categories/")

    assert r.status_code == 200
    assert [c["slug"] for c in r.json()][:2] == ["infrastruktur", "bantuan-sosial"]
    assert len(r.json()) == 7


def test_submission_is_free_no_fee_field_exists(api, desa_a):
    r = submit_body(api, fee="10000", payment="transfer")

    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"fee", "payment"}
    assert not Complaint.objects.exists()


def test_a_misspelt_field_is_refused_rather_than_dropped(api, desa_a):
    r = api(language="en").post(
        "/api/v1/complaints/",
        {**BODY, "reporter": {**BODY["reporter"], "adress": "Dusun Cikupa"}},
    )

    assert r.status_code == 400
    assert r.json()["fields"]["reporter.adress"] == ["This field is not part of this request."]
    assert not Complaint.objects.exists()


def test_anonymous_submissions_are_throttled_per_ip(api, settings, desa_a):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submit_ip": "2/hour",
        },
    }
    assert submit_body(api).status_code == 201
    assert submit_body(api).status_code == 201

    r = submit_body(api)

    assert r.status_code == 429
    assert 0 < int(r["Retry-After"]) <= 3600  # what is left of the IP's hour
    assert Complaint.objects.count() == 2


@pytest.mark.slow  # waits for Redis to expire a key
def test_the_submission_limit_opens_again_when_its_window_ends(api, settings, desa_a):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submit_ip": "1/second",
        },
    }
    assert submit_body(api).status_code == 201

    time.sleep(2.1)  # Redis expires the counter (its TTL has one-second steps)

    # A counter that never expired would refuse this one (the limit itself is tested above).
    assert submit_body(api).status_code == 201
    assert Complaint.objects.count() == 2

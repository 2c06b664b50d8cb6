"""Recording a complaint for a reporter: the code and PIN come back once, a social-media
complaint keeps its post and account for the office only, and the reporter can be sent
the code and PIN through the outbox (test_walk_in_pin_messages.py).

The office's people are made once for the module (`built_once`); no complaint is: each test
records its own, which rolls back at its end, so "no complaint exists" still means none.
"""

from django.test import Client

from complaints.models import Complaint
from tests.complaints.test_lifecycle_api import BODY
from tests.complaints.walk_in import moved, recorded
from tests.conftest import handed_out, make_personas
from tests.integrations.factories import application, keyed

POST = "https://www.facebook.com/groups/wargajagabaya/posts/123456789"
ACCOUNT = "Akun Ujang Cikupa"


def walk_in(api, officer, **changes):
    body = {**BODY, "channel": "walk_in", **changes}
    return api(officer).post("/api/v1/complaints/", body)


PERSONAS = ("warga", "operator_desa_a", "pejabat_desa_a", "camat_x")


def build_module() -> dict:
    """The personas the tests call as. Every test calls as some of these people and rolls
    back what it writes: they are made once for the module."""
    return make_personas(*PERSONAS)


warga, operator_desa_a, pejabat_desa_a, camat_x = handed_out(*PERSONAS)


def test_a_walk_in_returns_code_and_pin_once_and_later_views_never_show_the_pin(
    api, operator_desa_a
):
    r = walk_in(api, operator_desa_a)

    assert r.status_code == 201, r.json()
    pin, code = r.json()["pin"], r.json()["tracking_code"]
    assert pin.isdigit() and len(pin) == 6
    assert r.json()["complaint"]["status"] == "received"  # the officer received it
    assert r.json()["complaint"]["register_number"]
    detail = api(operator_desa_a).get(f"/api/v1/complaints/{code}/")
    assert detail.status_code == 200
    assert "pin" not in detail.json() and pin not in detail.content.decode()
    assert pin not in Complaint.objects.get(tracking_code=code).pin_hash


def test_a_social_media_complaint_keeps_its_post_and_account_for_the_office(
    api, operator_desa_a, pejabat_desa_a
):
    r = walk_in(
        api, operator_desa_a, channel="social_media", social_post_url=POST, social_account=ACCOUNT
    )
    assert r.status_code == 201, r.json()
    code = r.json()["tracking_code"]
    assert POST not in r.content.decode()  # the submission answer is the reporter's view

    detail = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()

    assert detail["social_source"] == {"url": POST, "account": ACCOUNT}


def test_a_social_link_must_be_a_url_and_belongs_only_to_social_media(api, operator_desa_a):
    bad = walk_in(api, operator_desa_a, channel="social_media", social_post_url="bukan tautan")
    wrong_channel = walk_in(api, operator_desa_a, channel="phone", social_post_url=POST)

    assert bad.status_code == 400 and "social_post_url" in bad.json()["fields"]
    assert wrong_channel.status_code == 400, wrong_channel.json()
    assert "social_post_url" in wrong_channel.json()["fields"]
    assert not Complaint.objects.exists()


def test_the_social_source_stays_out_of_every_view_outside_the_office(
    api, desa_a, operator_desa_a, pejabat_desa_a, camat_x, warga
):
    submitted = recorded(
        desa_a,
        operator_desa_a,
        channel="social_media",
        social_post_url=POST,
        social_account=ACCOUNT,
    )
    complaint = moved(
        submitted.complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a
    )
    code = complaint.tracking_code
    _, key = application(desa_a, "complaints:read", "register:read")
    responses = {
        "tracking": api().post("/api/v1/track/", {"code": code, "pin": submitted.pin}),
        "handler": api(pejabat_desa_a).get(f"/api/v1/complaints/{code}/"),
        "kecamatan detail": api(camat_x).get(f"/api/v1/complaints/{code}/"),
        "kecamatan register": api(camat_x).get(f"/api/v1/desa/{desa_a.code}/register/"),
        "kecamatan report": api(camat_x).get(f"/api/v1/reports/kecamatan/{desa_a.parent.code}/"),
        "resident": api(warga).get(f"/api/v1/complaints/{code}/"),
        "client api": keyed(key).get(f"/api/v1/client/complaints/{code}/"),
        "client register": keyed(key).get(f"/api/v1/client/desa/{desa_a.code}/register/"),
        "open311": Client().get("/open311/v2/requests.json", {"jurisdiction_id": desa_a.code}),
    }

    assert responses["tracking"].status_code == 200
    assert responses["kecamatan register"].status_code == 200
    assert responses["client api"].status_code == 200
    assert responses["open311"].status_code == 200
    assert responses["kecamatan detail"].status_code == 404
    assert responses["handler"].json()["social_source"] == {"url": POST, "account": ACCOUNT}
    for name, response in responses.items():
        if name == "handler":
            continue
        text = response.content.decode()
        assert POST not in text and ACCOUNT not in text and "wargajagabaya" not in text, name


def test_the_answer_of_a_social_media_complaint_records_where_it_was_posted_back(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    submitted = recorded(desa_a, operator_desa_a, channel="social_media", social_post_url=POST)
    complaint = moved(
        submitted.complaint, "in_progress", officer=operator_desa_a, handler=pejabat_desa_a
    )
    reply = f"{POST}?comment_id=99"

    r = api(pejabat_desa_a).post(
        f"/api/v1/complaints/{complaint.tracking_code}/transitions/",
        {"action": "answer", "answer": "Sudah diperbaiki.", "published_to": reply},
    )

    assert r.status_code == 200, r.json()
    [entry] = [e for e in r.json()["timeline"] if e["action"] == "answer"]
    assert entry["published_to"] == reply
    tracked = api().post("/api/v1/track/", {"code": complaint.tracking_code, "pin": submitted.pin})
    [public] = [e for e in tracked.json()["timeline"] if e["action"] == "answer"]
    assert public["published_to"] is None and reply not in tracked.content.decode()


def test_only_a_social_media_answer_has_a_place_it_was_posted_back(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    complaint = moved(
        recorded(desa_a, operator_desa_a, channel="phone").complaint,
        "in_progress",
        officer=operator_desa_a,
        handler=pejabat_desa_a,
    )

    r = api(pejabat_desa_a).post(
        f"/api/v1/complaints/{complaint.tracking_code}/transitions/",
        {"action": "answer", "answer": "Sudah.", "published_to": POST},
    )

    assert r.status_code == 400 and "published_to" in r.json()["fields"]

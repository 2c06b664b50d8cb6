"""The intake officer records a reporter's confirmation, objection or information for them,
on complaints staff typed in; web complaints stay the reporter's to answer.

The answered phoned-in complaint and everyone who tries to move it are made once for the
module: each test's moves are rolled back at its end, so the next one finds it answered."""

import pytest

from complaints.models import Complaint, Transition
from tests.complaints.factories import advance, submit
from tests.complaints.walk_in import moved, recorded
from tests.conftest import AROUND_A_COMPLAINT, handed_out, make_desa_a, make_personas


def on_behalf(client, complaint, **body):
    return client.post(f"/api/v1/complaints/{complaint.tracking_code}/on-behalf/", body)


def build_module() -> dict:
    """The answered complaint and the personas, made once for the module."""
    desa_a = make_desa_a()
    people = make_personas(*AROUND_A_COMPLAINT)
    submitted = recorded(desa_a, people["operator_desa_a"], channel="phone")
    complaint = moved(
        submitted.complaint,
        "answered",
        officer=people["operator_desa_a"],
        handler=people["pejabat_desa_a"],
    )
    return {"answered": (complaint, submitted.pin), **people}


@pytest.fixture
def answered(built):
    """A phoned-in complaint, answered; and its PIN."""
    return built["answered"]


# `pejabat_desa_a`: the official the answered complaint is assigned to.
warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x = handed_out(
    *AROUND_A_COMPLAINT
)


def test_the_officer_records_a_confirmation_with_rating_and_it_closes(
    api, answered, operator_desa_a
):
    complaint, pin = answered
    client = api(operator_desa_a)
    assert client.get(f"/api/v1/complaints/{complaint.tracking_code}/").json()[
        "on_behalf_actions"
    ] == ["confirm", "object"]

    r = on_behalf(
        client,
        complaint,
        action="confirm",
        conveyed="in_person",
        rating=5,
        comment="Terima kasih, cepat.",
    )

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "closed" and body["rating"] == 5
    assert body["rating_comment"] == "Terima kasih, cepat."
    assert body["on_behalf_actions"] == []
    [entry] = [e for e in body["timeline"] if e["action"] == "confirm"]
    assert entry["on_behalf_via"] == "in_person"
    assert entry["on_behalf_via_label"] == "Disampaikan langsung di kantor desa"
    assert entry["actor_name"] == (operator_desa_a.full_name or operator_desa_a.username)
    move = Transition.objects.get(complaint=complaint, action="confirm")
    assert (move.actor, move.capacity) == (operator_desa_a, "on_behalf")
    assert move.data["on_behalf_via"] == "in_person"
    stored = Complaint.objects.select_related("sla").get(pk=complaint.pk)
    assert stored.closed_at is not None and stored.sla.state == "stopped"

    # The reporter reads it on their timeline, how it was conveyed, without the officer.
    tracked = api().post("/api/v1/track/", {"code": complaint.tracking_code, "pin": pin}).json()
    [public] = [e for e in tracked["timeline"] if e["action"] == "confirm"]
    assert public["on_behalf_via"] == "in_person" and public["actor_name"] is None


def test_an_objection_on_behalf_reopens_the_complaint(api, answered, operator_desa_a):
    complaint, _pin = answered

    r = on_behalf(
        api(operator_desa_a),
        complaint,
        action="object",
        conveyed="phone",
        reason="Lampu jalan masih mati.",
    )

    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "reopened"
    [entry] = [e for e in r.json()["timeline"] if e["action"] == "object"]
    assert entry["on_behalf_via"] == "phone" and entry["note"] == "Lampu jalan masih mati."


def test_information_supplied_on_behalf_returns_the_complaint_to_received(
    api, desa_a, operator_desa_a
):
    complaint = moved(
        recorded(desa_a, operator_desa_a, channel="whatsapp").complaint,
        "needs_info",
        officer=operator_desa_a,
    )

    r = on_behalf(
        api(operator_desa_a),
        complaint,
        action="supply_info",
        conveyed="whatsapp",
        note="Fotonya dikirim lewat WA.",
    )

    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "received"
    assert Transition.objects.get(action="supply_info").data == {"on_behalf_via": "whatsapp"}


def test_the_reporter_still_confirms_with_code_and_pin(api, answered):
    complaint, pin = answered

    r = api().post(
        "/api/v1/track/transitions/",
        {"code": complaint.tracking_code, "pin": pin, "action": "confirm", "rating": 4},
    )

    assert r.status_code == 200, r.json()
    assert Transition.objects.get(action="confirm").capacity == "reporter"


def test_a_web_complaint_is_the_reporter_s_to_confirm(api, desa_a, operator_desa_a, pejabat_desa_a):
    complaint = advance(
        submit(desa_a).complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a
    )
    client = api(operator_desa_a)
    assert (
        client.get(f"/api/v1/complaints/{complaint.tracking_code}/").json()["on_behalf_actions"]
        == []
    )

    r = on_behalf(client, complaint, action="confirm", conveyed="in_person", rating=5)

    assert r.status_code == 409, r.json()
    complaint.refresh_from_db()
    assert complaint.status == "answered"


def test_a_move_the_state_does_not_allow_is_refused(api, desa_a, operator_desa_a):
    complaint = recorded(desa_a, operator_desa_a).complaint  # received, not answered

    r = on_behalf(api(operator_desa_a), complaint, action="confirm", conveyed="phone", rating=5)

    assert r.status_code == 409, r.json()
    assert r.json()["allowed_actions"] == []


def test_only_the_reporter_s_moves_can_be_recorded_and_how_must_be_said(
    api, answered, operator_desa_a
):
    complaint, _pin = answered
    client = api(operator_desa_a)

    other = on_behalf(client, complaint, action="answer", conveyed="phone")
    no_how = on_behalf(client, complaint, action="confirm", rating=5)
    no_rating = on_behalf(client, complaint, action="confirm", conveyed="phone")

    assert other.status_code == 400 and "action" in other.json()["fields"]
    assert no_how.status_code == 400 and "conveyed" in no_how.json()["fields"]
    assert no_rating.status_code == 400 and "rating" in no_rating.json()["fields"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("operator_desa_a", 200),
        ("kades_desa_a", 403),
        ("pejabat_desa_a", 403),  # the official it is assigned to
        ("operator_desa_b", 404),
        ("camat_x", 404),
        ("warga", 404),
        (None, 401),
    ],
)
def test_who_may_record_a_move_on_the_reporter_s_behalf(request, api, answered, who, expected):
    complaint, _pin = answered
    user = request.getfixturevalue(who) if who else None

    r = on_behalf(api(user), complaint, action="confirm", conveyed="phone", rating=3)

    assert r.status_code == expected, r.content
    complaint.refresh_from_db()
    assert complaint.status == ("closed" if expected == 200 else "answered")

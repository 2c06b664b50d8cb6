"""Each move takes its own fields: a request is checked by the input of the action it names
(the contract's `oneOf` over `action`), and the service takes each action's typed input."""

import pytest

from complaints.models import Complaint
from complaints.services import complaint_transition
from tests.complaints.factories import advance, submit
from tests.complaints.walk_in import moved, recorded


def move(client, code, **body):
    return client.post(f"/api/v1/complaints/{code}/transitions/", body, format="json")


def test_an_action_the_state_machine_does_not_know_is_refused_on_action(
    api, operator_desa_a, desa_a
):
    complaint = submit(desa_a).complaint

    r = move(api(operator_desa_a), complaint.tracking_code, action="approve", reason="x")

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["action"]


def test_a_body_without_an_action_is_refused_on_action(api, operator_desa_a, desa_a):
    complaint = submit(desa_a).complaint

    r = move(api(operator_desa_a), complaint.tracking_code, note="Diterima.")

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["action"]


def test_a_field_of_another_move_is_refused_not_dropped(api, operator_desa_a, desa_a):
    complaint = submit(desa_a).complaint

    r = move(api(operator_desa_a), complaint.tracking_code, action="receive", rating=5)

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["rating"]
    complaint.refresh_from_db()
    assert complaint.status == "submitted"


@pytest.mark.parametrize("reason", [None, "   "])
def test_a_required_field_left_out_or_blank_gets_the_moves_own_message(
    api, operator_desa_a, desa_a, reason
):
    complaint = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)
    body = {"action": "reject"} if reason is None else {"action": "reject", "reason": reason}

    r = move(api(operator_desa_a, language="en"), complaint.tracking_code, **body)

    assert r.status_code == 400, r.json()
    assert r.json()["fields"] == {"reason": ["Tell the reporter why it is rejected."]}


def test_a_rating_out_of_range_is_refused_before_the_move(
    api, warga, operator_desa_a, pejabat_desa_a, desa_a
):
    complaint = submit(desa_a, actor=warga).complaint
    advance(complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a)

    r = move(api(warga, language="en"), complaint.tracking_code, action="confirm", rating=6)

    assert r.status_code == 400, r.json()
    assert r.json()["fields"] == {"rating": ["Give a rating from 1 to 5."]}
    assert Complaint.objects.get(pk=complaint.pk).status == "answered"


def test_a_valid_body_for_a_move_the_role_may_not_make_is_still_403(
    api, kades_desa_a, desa_a, operator_desa_a
):
    complaint = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)

    r = move(api(kades_desa_a), complaint.tracking_code, action="reject", reason="Ganda.")

    assert r.status_code == 403, r.json()
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_the_reporters_moves_with_code_and_pin_refuse_the_offices_forwarding_fields(
    api, operator_desa_a, pejabat_desa_a, desa_a
):
    submitted = submit(desa_a)
    advance(submitted.complaint, "answered", officer=operator_desa_a, handler=pejabat_desa_a)
    body = {
        "code": submitted.complaint.tracking_code,
        "pin": submitted.pin,
        "action": "object",
        "reason": "Masih tersumbat.",
        "agency_kind": "kecamatan",
        "duplicate_of": "K7M2QX9HAT",
    }

    r = api().post("/api/v1/track/transitions/", body, format="json")

    assert r.status_code == 400, r.json()
    assert set(r.json()["fields"]) == {"agency_kind", "duplicate_of"}
    submitted.complaint.refresh_from_db()
    assert submitted.complaint.status == "answered"


def test_on_behalf_a_confirmation_takes_no_objection_reason(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    complaint = moved(
        recorded(desa_a, operator_desa_a, channel="phone").complaint,
        "answered",
        officer=operator_desa_a,
        handler=pejabat_desa_a,
    )
    body = {"action": "confirm", "conveyed": "phone", "rating": 5, "reason": "x"}

    r = api(operator_desa_a).post(
        f"/api/v1/complaints/{complaint.tracking_code}/on-behalf/", body, format="json"
    )

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["reason"]


def test_the_service_refuses_a_field_the_action_does_not_take(operator_desa_a, desa_a):
    complaint = submit(desa_a).complaint

    with pytest.raises(TypeError, match="rating"):
        complaint_transition(complaint=complaint, action="receive", actor=operator_desa_a, rating=5)

    complaint.refresh_from_db()
    assert complaint.status == "submitted"

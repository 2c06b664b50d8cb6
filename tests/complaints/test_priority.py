"""Priority someone actually sets: urgency × impact at verify, changed later with a reason,
each change in the history, the deadline recomputed keeping the days already spent."""

import pytest

from complaints.models import Complaint, Transition
from sla.calendar import deadline_from
from sla.models import ComplaintSla
from sla.selectors import calendar_for, working_days_for
from tests.complaints.factories import complaint_in, submit

pytestmark = pytest.mark.django_db


def move(client, code, action, **fields):
    return client.post(
        f"/api/v1/complaints/{code}/transitions/", {"action": action, **fields}, format="json"
    )


def expected_due_on(complaint, priority):
    clock = ComplaintSla.objects.get(complaint=complaint)
    days = working_days_for(desa=complaint.desa, priority=priority)
    return deadline_from(calendar_for(complaint.desa), start=clock.anchor_at, working_days=days)


def test_verify_needs_urgency_and_impact(api, desa_a, operator_desa_a):
    complaint = complaint_in("received", desa_a, officer=operator_desa_a)

    r = move(api(operator_desa_a), complaint.tracking_code, "verify")

    assert r.status_code == 400
    assert sorted(r.json()["fields"]) == ["impact", "urgency"]
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_verify_sets_the_priority_and_the_deadline_follows_it(api, desa_a, operator_desa_a):
    complaint = complaint_in("received", desa_a, officer=operator_desa_a)
    before = ComplaintSla.objects.get(complaint=complaint)
    assert before.policy_days == working_days_for(desa=desa_a, priority="P3")

    r = move(api(operator_desa_a), complaint.tracking_code, "verify", urgency="high", impact="high")

    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["urgency"], body["impact"], body["priority"]) == ("high", "high", "P1")
    clock = ComplaintSla.objects.get(complaint=complaint)
    assert clock.policy_days == working_days_for(desa=desa_a, priority="P1")
    assert clock.policy_days < before.policy_days
    assert clock.anchor_at == before.anchor_at  # counted from receipt, not from now
    assert clock.due_on == expected_due_on(complaint, "P1").due_on
    assert body["sla"]["due_on"] == clock.due_on.isoformat()
    verify = Transition.objects.get(complaint=complaint, action="verify")
    assert verify.data == {
        "urgency": "high", "impact": "high", "priority": "P1", "from_priority": "P3"
    }  # fmt: skip


def test_a_later_change_needs_a_reason_is_a_history_row_and_moves_the_deadline(
    api, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a, warga
):
    complaint = complaint_in("assigned", desa_a, officer=operator_desa_a, reporter=warga)
    code = complaint.tracking_code
    anchor = ComplaintSla.objects.get(complaint=complaint).anchor_at

    no_reason = move(api(operator_desa_a), code, "prioritise", urgency="low", impact="low")
    assert no_reason.status_code == 400 and list(no_reason.json()["fields"]) == ["reason"]
    handler = move(
        api(pejabat_desa_a), code, "prioritise", urgency="low", impact="low", reason="Tidak."
    )
    assert handler.status_code == 403

    r = move(
        api(operator_desa_a), code, "prioritise", urgency="low", impact="low",
        reason="Hanya satu rumah terdampak.",
    )  # fmt: skip

    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["priority"]) == ("assigned", "P4")
    clock = ComplaintSla.objects.get(complaint=complaint)
    assert clock.anchor_at == anchor
    assert clock.policy_days == working_days_for(desa=desa_a, priority="P4")
    assert clock.due_on == expected_due_on(complaint, "P4").due_on
    # The village head reads the change and why; the reporter's timeline leaves it out.
    head = api(kades_desa_a).get(f"/api/v1/complaints/{code}/").json()
    change = head["timeline"][-1]
    assert (change["action"], change["note"]) == ("prioritise", "Hanya satu rumah terdampak.")
    mine = api(warga).get(f"/api/v1/complaints/{code}/").json()
    assert "prioritise" not in [e["action"] for e in mine["timeline"]]
    assert "Hanya satu rumah" not in str(mine)


def test_unknown_fields_on_a_transition_are_a_400(api, desa_a, operator_desa_a, warga):
    complaint = complaint_in("received", desa_a, officer=operator_desa_a)

    r = move(
        api(operator_desa_a), complaint.tracking_code, "verify",
        urgency="high", impact="low", urgensi="tinggi",
    )  # fmt: skip

    assert r.status_code == 400
    assert list(r.json()["fields"]) == ["urgensi"]
    submitted = submit(desa_a)
    tracked = api().post(
        "/api/v1/track/transitions/",
        {"code": submitted.complaint.tracking_code, "pin": submitted.pin, "action": "confirm",
         "rating": 5, "urgency": "high"},
        format="json",
    )  # fmt: skip
    assert tracked.status_code == 400 and list(tracked.json()["fields"]) == ["urgency"]

"""Every delivered answer is kept: an objection and a second answer leave the first one
readable to the reporter, to staff and in the register's follow-up column."""

import pytest

from complaints.models import Complaint
from complaints.services import complaint_transition
from register.selectors import RegisterFilters, register_entries, register_rows
from tests.complaints.factories import complaint_in

pytestmark = pytest.mark.django_db

FIRST = "Gorong-gorong sudah dibersihkan."
SECOND = "Ujung gang juga sudah dibersihkan dan diberi saringan."


def answered_twice(desa, officer, handler, reporter):
    complaint = complaint_in("reopened", desa, officer=officer, handler=handler, reporter=reporter)
    # `complaint_in` answers with the factory's text; object, then answer again.
    for action, actor, fields in [
        ("assign", officer, {}),
        ("start", handler, {}),
        ("answer", handler, {"answer": SECOND}),
    ]:
        complaint_transition(
            complaint=Complaint.objects.get(pk=complaint.pk), action=action, actor=actor, **fields
        )
    return complaint


def test_answer_object_answer_keeps_both_texts_for_the_reporter_and_staff(
    api, desa_a, operator_desa_a, pejabat_desa_a, warga
):
    complaint = answered_twice(desa_a, operator_desa_a, pejabat_desa_a, warga)
    code = complaint.tracking_code

    mine = api(warga).get(f"/api/v1/complaints/{code}/").json()
    staff = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()

    assert mine["answer"] == SECOND
    assert [a["text"] for a in mine["answers"]] == ["Sudah diperbaiki.", SECOND]
    assert [a["position"] for a in mine["answers"]] == ["kasi_pemerintahan"] * 2
    assert all(a["by"] is None for a in mine["answers"])  # positions, never names
    assert [a["by"] for a in staff["answers"]] == [pejabat_desa_a.full_name] * 2
    # The objection sits between the two answers on the reporter's timeline.
    moves = [e["action"] for e in mine["timeline"] if e["action"] in ("answer", "object")]
    assert moves == ["answer", "object", "answer"]
    assert "Masih tersumbat." in str(mine["timeline"])


def test_the_reporter_tracking_sees_the_first_answer_while_the_objection_is_handled(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    from tests.complaints.factories import advance, submit

    submitted = submit(desa_a)
    advance(submitted.complaint, "reopened", officer=operator_desa_a, handler=pejabat_desa_a)

    tracked = (
        api()
        .post("/api/v1/track/", {"code": submitted.complaint.tracking_code, "pin": submitted.pin})
        .json()
    )

    assert tracked["answer"] == ""  # no answer stands while the objection is handled
    assert [a["text"] for a in tracked["answers"]] == ["Sudah diperbaiki."]


def test_the_registers_follow_up_column_lists_every_answer(
    desa_a, operator_desa_a, pejabat_desa_a, warga
):
    answered_twice(desa_a, operator_desa_a, pejabat_desa_a, warga)

    entries = register_entries(desa=desa_a, filters=RegisterFilters())
    [row] = register_rows(entries, desa=desa_a, viewer_keeps=True)

    assert "Sudah diperbaiki." in row.follow_up and SECOND in row.follow_up
    assert row.follow_up.index("Sudah diperbaiki.") < row.follow_up.index(SECOND)

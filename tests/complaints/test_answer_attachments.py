"""Files attached to an answer: staff-only while the answer is written, then public with
that answer, kept with it when an objection brings a second answer.

The complaint in progress and the people around it are made once for the module: each
test's files and moves are rolled back at its end (its files land in its own folder). The
register test that counts desa A's rows with a complaint of its own, without this one, is
in test_answer_register.py."""

import pytest
from django.utils import translation

from complaints.models import Attachment, Complaint
from complaints.services import complaint_transition
from complaints.state import Status
from register.selectors import RegisterFilters, register_entries, register_rows
from tests.complaints import files
from tests.complaints.factories import complaint_in
from tests.conftest import AROUND_A_COMPLAINT, handed_out, make_desa_a, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build_module() -> dict:
    """The complaint in progress and the personas, made once for the module."""
    desa_a = make_desa_a()
    people = make_personas(*AROUND_A_COMPLAINT)
    in_progress = complaint_in(
        Status.IN_PROGRESS,
        desa_a,
        officer=people["operator_desa_a"],
        handler=people["pejabat_desa_a"],
        reporter=people["warga"],
    )
    return {"in_progress": in_progress, **people}


@pytest.fixture
def in_progress(built):
    """`warga`'s complaint, followed up by `pejabat_desa_a`: desa A's only complaint."""
    return built["in_progress"]


warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x = handed_out(
    *AROUND_A_COMPLAINT
)


def attach_for_answer(client, code, content=None, name="gorong.jpg", content_type="image/jpeg"):
    body = {
        "file": files.upload(content or files.photo(), name, content_type),
        "for_answer": "true",
    }
    return client.post(f"/api/v1/complaints/{code}/attachments/", body, format="multipart")


def deliver(complaint, actor, text="Gorong-gorong sudah diganti."):
    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk), action="answer", actor=actor, answer=text
    )


def test_a_file_for_the_answer_stays_with_the_office_until_the_answer_is_delivered(
    api, warga, operator_desa_a, pejabat_desa_a, in_progress
):
    code = in_progress.tracking_code
    r = attach_for_answer(api(pejabat_desa_a), code)
    assert r.status_code == 201, r.json()
    token = r.json()["token"]
    assert r.json()["for_answer"] is True and r.json()["visibility"] == "staff"

    mine = api(warga).get(f"/api/v1/complaints/{code}/").json()
    staff = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()
    assert token not in str(mine)
    assert [(a["token"], a["for_answer"]) for a in staff["attachments"]] == [(token, True)]
    assert staff["files"] == []  # not public yet
    assert api(warga).get(f"/api/v1/complaints/{code}/attachments/{token}/").status_code == 404

    deliver(in_progress, pejabat_desa_a)

    mine = api(warga).get(f"/api/v1/complaints/{code}/").json()
    [answer] = mine["answers"]
    assert [a["token"] for a in answer["attachments"]] == [token]
    assert api().get(answer["attachments"][0]["thumbnail_url"]).status_code == 200
    assert mine["files"] == []  # listed under its answer, not with what the reporter sent
    got = api(warga).get(f"/api/v1/complaints/{code}/attachments/{token}/")
    assert got.status_code == 200
    staff = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()
    assert [a["token"] for a in staff["answers"][0]["attachments"]] == [token]
    assert staff["attachments"][0]["visibility"] == "public"


def test_the_first_answer_keeps_its_files_when_an_objection_brings_a_second(
    api, warga, operator_desa_a, pejabat_desa_a, in_progress
):
    code = in_progress.tracking_code
    handler = api(pejabat_desa_a)
    first = attach_for_answer(handler, code).json()["token"]
    deliver(in_progress, pejabat_desa_a, "Sudah diganti.")
    complaint_transition(
        complaint=Complaint.objects.get(pk=in_progress.pk),
        action="object",
        actor=warga,
        reason="Ujung gang masih tersumbat.",
    )
    for action, actor in [("assign", operator_desa_a), ("start", pejabat_desa_a)]:
        complaint_transition(
            complaint=Complaint.objects.get(pk=in_progress.pk), action=action, actor=actor
        )
    letter = attach_for_answer(handler, code, files.pdf(), "surat.pdf", "application/pdf")
    second = letter.json()["token"]
    deliver(in_progress, pejabat_desa_a, "Ujung gang juga sudah dibersihkan.")

    mine = api(warga).get(f"/api/v1/complaints/{code}/").json()
    assert [[a["token"] for a in answer["attachments"]] for answer in mine["answers"]] == [
        [first],
        [second],
    ]


@pytest.mark.parametrize("persona", ["kades_desa_a", "warga"])
def test_who_may_not_deliver_the_answer_may_not_attach_to_it(api, request, persona, in_progress):
    r = attach_for_answer(api(request.getfixturevalue(persona)), in_progress.tracking_code)

    assert r.status_code == 403, r.json()
    assert not Attachment.objects.filter(complaint=in_progress).exists()


@pytest.mark.parametrize("persona", ["operator_desa_b", "camat_x"])
def test_outsiders_attaching_to_an_answer_get_404(api, request, persona, in_progress):
    r = attach_for_answer(api(request.getfixturevalue(persona)), in_progress.tracking_code)

    assert r.status_code == 404, r.json()


def test_files_for_the_answer_wait_until_the_complaint_is_followed_up(
    api, desa_a, warga, operator_desa_a, pejabat_desa_a
):
    assigned = complaint_in(
        Status.ASSIGNED, desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )

    r = attach_for_answer(api(pejabat_desa_a), assigned.tracking_code)

    assert r.status_code == 409, r.json()
    assert r.json()["allowed_actions"] == ["start"]


def test_the_intake_officer_who_may_answer_attaches_too(api, operator_desa_a, in_progress):
    r = attach_for_answer(api(operator_desa_a), in_progress.tracking_code)

    assert r.status_code == 201, r.json()


def test_the_registers_follow_up_column_counts_the_files_of_each_answer(
    api, desa_a, operator_desa_a, pejabat_desa_a, in_progress
):
    handler = api(pejabat_desa_a)
    attach_for_answer(handler, in_progress.tracking_code)
    attach_for_answer(handler, in_progress.tracking_code, files.png(), "b.png", "image/png")
    deliver(in_progress, pejabat_desa_a, "Sudah diganti.")

    with translation.override("en"):
        [row] = register_rows(
            register_entries(desa=desa_a, filters=RegisterFilters()), desa=desa_a, viewer_keeps=True
        )
    with translation.override("id"):
        [row_id] = register_rows(
            register_entries(desa=desa_a, filters=RegisterFilters()), desa=desa_a, viewer_keeps=True
        )

    assert row.follow_up == "Sudah diganti. (2 attachments)"
    assert row_id.follow_up == "Sudah diganti. (2 lampiran)"
    assert "gorong" not in row.follow_up and ".png" not in row.follow_up


def test_the_complaint_page_costs_the_same_queries_with_answer_files(
    api, desa_a, warga, operator_desa_a, pejabat_desa_a, in_progress, django_assert_max_num_queries
):
    bare = complaint_in(
        Status.ANSWERED, desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    for n in range(3):
        attach_for_answer(api(pejabat_desa_a), in_progress.tracking_code, files.photo((40 + n, 30)))
    deliver(in_progress, pejabat_desa_a)

    def queries(complaint, user):
        # the user with memberships; the complaint with its moves, notes and files; for the
        # reporter's account, whether its identity may be shown
        with django_assert_max_num_queries(3) as captured:
            r = api(user).get(f"/api/v1/complaints/{complaint.tracking_code}/")
        assert r.status_code == 200, r.json()
        return len(captured.captured_queries)

    for user in [operator_desa_a, warga]:
        assert queries(in_progress, user) == queries(bare, user)

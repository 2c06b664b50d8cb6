""" "What was done": the title and one-line outcome the office writes or approves for the
desa's report. Who may read and write them, when, and that the reporter is never named.

The closed complaint most tests write on, and its officer and handler, are built once for the
module (`built_once`): walking a complaint to `closed` is most of each test's cost, and every
test's writes roll back at its end; each test gets deep copies."""

import pytest

from complaints.models import Complaint
from tests.accounts.factories import user_with
from tests.complaints.factories import REPORTER, advance, submit
from tests.conftest import handed_out, make_desa_a, make_operator_desa_a, make_pejabat_desa_a


def url(complaint) -> str:
    return f"/api/v1/complaints/{complaint.tracking_code}/public-outcome/"


BODY = {"title": "Gorong-gorong di RT 02", "outcome": "Dibersihkan kerja bakti.", "approved": True}


def build_module() -> dict:
    """A complaint of desa A walked to `closed`, with the officer and handler who moved it.
    The closed complaint and its office, built once for the module."""
    desa_a = make_desa_a()
    operator_desa_a = make_operator_desa_a(desa_a)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    closed = advance(submit(desa_a).complaint, "closed", officer=operator_desa_a,
                     handler=pejabat_desa_a)  # fmt: skip
    return {"operator_desa_a": operator_desa_a, "pejabat_desa_a": pejabat_desa_a, "closed": closed}


# The module's officer and handler of desa A (not second users of the same names).
operator_desa_a, pejabat_desa_a = handed_out("operator_desa_a", "pejabat_desa_a")


(closed,) = handed_out("closed")


def test_the_intake_officer_writes_and_the_village_head_approves(
    closed, operator_desa_a, kades_desa_a, api
):
    draft = {**BODY, "approved": False}
    written = api(operator_desa_a).put(url(closed), draft, format="json")
    assert written.status_code == 200
    assert written.json()["approved"] is False and written.json()["listed"] is False

    approved = api(kades_desa_a).put(url(closed), BODY, format="json")

    body = approved.json()
    assert approved.status_code == 200
    assert (body["title"], body["outcome"]) == (BODY["title"], BODY["outcome"])
    assert (
        body["approved"]
        and body["listed"]
        and body["approved_by"] == (kades_desa_a.full_name or kades_desa_a.username)
    )
    assert api(operator_desa_a).get(url(closed)).json() == body
    # Saving again without approving withdraws the approval.
    api(operator_desa_a).put(url(closed), draft, format="json")
    assert Complaint.objects.get(pk=closed.pk).public_approved_at is None


def test_only_the_office_of_the_desa_may_read_or_write_it(
    closed, warga, pejabat_desa_a, operator_desa_b, camat_x, admin_kabupaten, api
):
    handler = api(pejabat_desa_a)
    assert handler.get(url(closed)).status_code == 403
    assert handler.put(url(closed), BODY, format="json").status_code == 403
    for outsider in (warga, operator_desa_b, camat_x, admin_kabupaten):
        assert api(outsider).get(url(closed)).status_code == 404
        assert api(outsider).put(url(closed), BODY, format="json").status_code == 404
    assert api().put(url(closed), BODY, format="json").status_code == 401
    assert Complaint.objects.get(pk=closed.pk).public_outcome == ""


def test_not_before_the_complaint_is_answered(desa_a, operator_desa_a, api):
    received = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)

    response = api(operator_desa_a).put(url(received), BODY, format="json")

    assert response.status_code == 409


@pytest.mark.parametrize(
    ("field", "text"),
    [("title", f"Laporan {REPORTER.name}"), ("outcome", "Bu Rahmawati sudah dihubungi.")],
)
def test_the_reporter_s_name_is_refused(closed, operator_desa_a, api, field, text):
    response = api(operator_desa_a).put(url(closed), {**BODY, field: text}, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Complaint.objects.get(pk=closed.pk).public_approved_at is None


def test_approving_needs_both_texts(closed, kades_desa_a, api):
    response = api(kades_desa_a).put(url(closed), {**BODY, "outcome": " "}, format="json")

    assert response.status_code == 400 and "outcome" in response.json()["fields"]


def test_an_answered_complaint_may_be_approved_but_is_listed_once_closed(
    desa_a, operator_desa_a, pejabat_desa_a, api
):
    answered = advance(submit(desa_a, anonymous=True).complaint, "answered",
                       officer=operator_desa_a, handler=pejabat_desa_a)  # fmt: skip
    other = user_with("intake_officer", desa_a)

    body = api(other).put(url(answered), BODY, format="json").json()

    assert body["approved"] is True and body["listed"] is False

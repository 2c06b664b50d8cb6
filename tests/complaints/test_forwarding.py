"""Forwarding what is not the desa's authority (bukan wewenang desa): to the kecamatan, an
agency or SP4N-LAPOR!, with a public reason, a cover letter and the recipient's number.

The office's people and the `verified` complaint are made once for the module (`built_once`):
each test only adds its own complaints and moves, which roll back at its end. Nothing else is
shared: `verified` stays the desa's only complaint (register number 1, nothing forwarded)
until a test makes more.
"""

import datetime

import pytest
from django.utils import timezone
from pypdf import PdfReader

from complaints.models import Complaint, Forwarding, IdentityAccess
from complaints.state import Status
from notifications.models import Notification
from register.models import RegisterEntry
from reports.models import Measure, Tally
from reports.rollup import tallies_from_complaints, tallies_stored
from sla.models import ClockState, ComplaintSla
from tests.complaints.factories import REPORTER, complaint_in, submit
from tests.complaints.test_lifecycle_api import move
from tests.conftest import AROUND_A_COMPLAINT, handed_out, make_desa_a, make_personas

FORWARD = {
    "agency_kind": "instansi",
    "agency": "Dinas PUPR Kabupaten Ciamis",
    "reason": "Jalan kabupaten: pemeliharaannya wewenang Dinas PUPR.",
}


def forward(client, code, **fields):
    return move(client, code, "forward", **{**FORWARD, **fields})


def letter(client, code):
    return client.get(f"/api/v1/complaints/{code}/forwarding/letter.pdf")


def pdf_text(content: bytes) -> str:
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def build_module() -> dict:
    """The personas the tests call as, and one verified complaint of desa A. Every test
    calls as some of these people, most against the same verified complaint, and rolls back
    what it writes: they are made once for the module."""
    desa_a = make_desa_a()
    built = make_personas(*AROUND_A_COMPLAINT)
    built["verified"] = complaint_in("verified", desa_a, officer=built["operator_desa_a"])
    return built


warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x = handed_out(
    *AROUND_A_COMPLAINT
)


@pytest.fixture
def verified(built):
    """The verified complaint of desa A: registered first (number 1), not forwarded."""
    return built["verified"]


def test_forwarding_records_where_and_why_and_tells_the_reporter(
    api, desa_a, operator_desa_a, verified
):
    entry = RegisterEntry.objects.get(complaint=verified)

    r = forward(api(operator_desa_a), verified.tracking_code)

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "forwarded" and body["allowed_actions"] == []
    assert body["forwarding"] == {
        "agency_kind": "instansi",
        "agency_kind_label": "Instansi pemerintah",
        "agency": "Dinas PUPR Kabupaten Ciamis",
        "forwarded_on": timezone.localdate().isoformat(),
        "reason": FORWARD["reason"],
        "reference": "",
        "identity_shared": False,
    }
    verified.refresh_from_db()
    assert verified.closed_at is not None
    # It keeps its register entry; the clock stops.
    assert RegisterEntry.objects.get(complaint=verified) == entry
    assert ComplaintSla.objects.get(complaint=verified).state == ClockState.STOPPED
    # The reporter is told where it went and why.
    told = Notification.objects.filter(complaint=verified, template="forwarded")
    assert told.exists()
    assert all(n.payload["agency"] == FORWARD["agency"] for n in told)
    assert all(n.payload["reason"] == FORWARD["reason"] for n in told)


def test_the_reporter_reads_where_it_went_but_no_staff_names(api, desa_a, operator_desa_a):
    submitted = submit(desa_a)
    complaint = submitted.complaint
    move(api(operator_desa_a), complaint.tracking_code, "receive")

    forward(api(operator_desa_a), complaint.tracking_code, agency_kind="sp4n_lapor", agency="")

    r = api().post("/api/v1/track/", {"code": complaint.tracking_code, "pin": submitted.pin})
    body = r.json()
    assert body["status"] == "forwarded"
    assert body["forwarding"]["agency"] == "SP4N-LAPOR!"
    assert body["forwarding"]["reason"] == FORWARD["reason"]
    assert "petugas" not in str(body)
    assert body["timeline"][-1]["action"] == "forward"


def test_the_kecamatan_is_the_default_recipient_of_its_kind(api, desa_a, operator_desa_a, verified):
    r = forward(api(operator_desa_a), verified.tracking_code, agency_kind="kecamatan", agency="")

    assert r.status_code == 200, r.json()
    assert r.json()["forwarding"]["agency"] == f"Kecamatan {desa_a.parent.name}"


def test_the_recipients_reference_number_is_recorded_later(
    api, desa_a, operator_desa_a, kades_desa_a, pejabat_desa_a, operator_desa_b, verified
):
    url = f"/api/v1/complaints/{verified.tracking_code}/forwarding/"
    assert api(operator_desa_a).patch(url, {"reference": "LPR-1"}).status_code == 409
    forward(api(operator_desa_a), verified.tracking_code)

    r = api(kades_desa_a).patch(url, {"reference": " LAPOR-2026-0042 "})

    assert r.status_code == 200, r.json()
    assert r.json()["reference"] == "LAPOR-2026-0042"
    assert Forwarding.objects.get().reference_at is not None
    assert api(operator_desa_a).patch(url, {"reference": " "}).status_code == 400
    assert api(operator_desa_a).patch(url, {}).json()["fields"].keys() == {"reference"}
    assert api(pejabat_desa_a).patch(url, {"reference": "x"}).status_code == 404
    assert api(operator_desa_b).patch(url, {"reference": "x"}).status_code == 404
    assert api().patch(url, {"reference": "x"}).status_code == 401


def test_forwarding_needs_a_kind_a_recipient_and_a_reason(api, desa_a, operator_desa_a, verified):
    client = api(operator_desa_a)

    r = move(client, verified.tracking_code, "forward", agency_kind="instansi")
    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"reason"}  # required by the move's input
    r = move(client, verified.tracking_code, "forward", agency_kind="instansi", reason="x")
    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"agency"}  # an agency names no office by itself
    r = move(client, verified.tracking_code, "forward", reason="x")
    assert r.status_code == 400 and "agency_kind" in r.json()["fields"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    r = forward(client, verified.tracking_code, forwarded_on=tomorrow.isoformat())
    assert r.status_code == 400 and "forwarded_on" in r.json()["fields"]
    r = forward(client, verified.tracking_code, share_identity=True)
    assert r.status_code == 400 and "identity_consent" in r.json()["fields"]
    assert Complaint.objects.get(pk=verified.pk).status == Status.VERIFIED
    assert not Forwarding.objects.exists()


def test_an_anonymous_complaints_identity_cannot_be_shared(api, desa_a, operator_desa_a):
    complaint = complaint_in("received", desa_a, officer=operator_desa_a, anonymous=True)

    r = forward(
        api(operator_desa_a), complaint.tracking_code, share_identity=True, identity_consent="ya"
    )

    assert r.status_code == 400 and "share_identity" in r.json()["fields"]


@pytest.mark.parametrize("status", ["submitted", "answered", "closed", "rejected", "forwarded"])
def test_forwarding_is_refused_before_receipt_and_after_the_answer(
    api, desa_a, operator_desa_a, pejabat_desa_a, status
):
    if status == "forwarded":
        complaint = complaint_in("verified", desa_a, officer=operator_desa_a)
        forward(api(operator_desa_a), complaint.tracking_code)
    else:
        complaint = complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)

    r = forward(api(operator_desa_a), complaint.tracking_code)

    assert r.status_code == 409, r.json()
    assert r.json()["code"] == "invalid_transition"


@pytest.mark.parametrize("status", ["received", "assigned", "in_progress", "reopened"])
def test_the_village_head_may_forward_while_it_is_handled(
    api, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a, status
):
    complaint = complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)

    assert forward(api(kades_desa_a), complaint.tracking_code).status_code == 200


def test_who_may_forward(
    api, desa_a, warga, operator_desa_a, pejabat_desa_a, operator_desa_b, camat_x
):
    complaint = complaint_in(
        "in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    code = complaint.tracking_code

    assert forward(api(pejabat_desa_a), code).status_code == 403  # the assignee
    assert forward(api(warga), code).status_code == 403  # the reporter's account
    assert forward(api(operator_desa_b), code).status_code == 404
    assert forward(api(camat_x), code).status_code == 404
    assert forward(api(), code).status_code == 401
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS


def test_the_cover_letter_is_de_identified_by_default(api, desa_a, operator_desa_a, verified):
    forward(api(operator_desa_a), verified.tracking_code)

    r = letter(api(operator_desa_a), verified.tracking_code)

    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    text = pdf_text(r.content)
    assert "DESA JAGABAYA" in text and "Dinas PUPR Kabupaten Ciamis" in text
    assert RegisterEntry.objects.get(complaint=verified).number == 1
    assert "Dirahasiakan" in text
    for secret in (REPORTER.name, REPORTER.nik, "3456", REPORTER.address):
        assert secret not in text
    assert not IdentityAccess.objects.exists()


def test_the_cover_letter_names_a_reporter_who_agreed_and_logs_it(
    api, desa_a, operator_desa_a, verified
):
    r = forward(
        api(operator_desa_a),
        verified.tracking_code,
        share_identity=True,
        identity_consent="Setuju secara lisan di kantor desa, 7/12",
    )
    assert r.json()["forwarding"]["identity_shared"] is True

    text = pdf_text(letter(api(operator_desa_a), verified.tracking_code).content)

    assert REPORTER.name in text
    assert REPORTER.nik not in text  # the NIK never leaves the desa
    access = IdentityAccess.objects.get()
    assert access.purpose == IdentityAccess.Purpose.EXPORT and access.actor == operator_desa_a


def test_who_may_print_the_cover_letter(
    api, desa_a, operator_desa_a, kades_desa_a, pejabat_desa_a, operator_desa_b, warga
):
    complaint = complaint_in(
        "in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    code = complaint.tracking_code
    assert letter(api(operator_desa_a), code).status_code == 409  # not forwarded yet
    forward(api(operator_desa_a), code)

    assert letter(api(kades_desa_a), code).status_code == 200
    assert letter(api(warga), code).status_code == 403
    assert letter(api(operator_desa_b), code).status_code == 404
    assert letter(api(), code).status_code == 401


def test_a_forwarded_complaint_counts_apart_in_the_reports(
    api, desa_a, operator_desa_a, kades_desa_a, verified
):
    forward(api(operator_desa_a), verified.tracking_code)

    stored = Tally.objects.filter(desa=desa_a, measure=Measure.FORWARDED)
    assert sum(t.n for t in stored) == 1
    assert tallies_from_complaints([desa_a.pk]) == tallies_stored([desa_a.pk])
    counts = api(kades_desa_a).get("/api/v1/desa/32.07.10.2010/complaint-counts/").json()
    assert counts["open"] == 0 and counts["forwarded"] == 1


def test_the_answered_share_leaves_out_what_the_desa_did_not_answer_itself():
    from reports.selectors import Raw, measures

    raw = Raw()
    raw.counts.update(
        {Measure.RECEIVED: 20, Measure.FORWARDED: 5, Measure.DUPLICATE: 5, Measure.ANSWERED: 10}
    )

    figures = measures(raw)

    assert figures["answered_share"] == 100.0
    assert (figures["forwarded"], figures["duplicate"], figures["received"]) == (5, 5, 20)


def test_the_register_book_keeps_both_entries_with_their_outcome(
    api, desa_a, operator_desa_a, verified
):
    forward(api(operator_desa_a), verified.tracking_code)
    first = complaint_in("verified", desa_a, officer=operator_desa_a)
    joined = complaint_in("received", desa_a, officer=operator_desa_a)
    move(api(operator_desa_a), joined.tracking_code, "mark_duplicate",
         duplicate_of=first.tracking_code)  # fmt: skip

    rows = api(operator_desa_a).get("/api/v1/desa/32.07.10.2010/register/").json()["results"]

    by_code = {row["tracking_code"]: row for row in rows}
    assert by_code[verified.tracking_code]["remarks"].startswith(
        f"Diteruskan kepada {FORWARD['agency']}: {FORWARD['reason']}"
    )
    assert by_code[joined.tracking_code]["remarks"].startswith(
        f"Digabung dengan pengaduan {first.tracking_code}"
    )
    assert by_code[verified.tracking_code]["finished_at"] is not None
    assert by_code[joined.tracking_code]["finished_at"] is not None
    assert by_code[first.tracking_code]["finished_at"] is None


def test_open311_reports_a_forwarded_complaint_closed():
    from integrations.open311.presenters import CLOSED

    assert {Status.FORWARDED, Status.DUPLICATE} <= CLOSED

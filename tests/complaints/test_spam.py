"""Spam stays out of the register book: the web form's traps, the promotion score, the
intake officer's bulk dismissal and the purge after the retention period."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from complaints.models import Complaint, Transition
from complaints.services import spam_purge
from complaints.spam import is_flagged, is_trapped, spam_score
from complaints.state import Status
from complaints.tasks import purge_spam
from notifications.models import Notification
from register.models import RegisterEntry
from tests.complaints.factories import complaint_in, submit
from tests.complaints.test_submit_api import submit_body

DISMISS = "/api/v1/desa/32.07.10.2010/complaints/dismiss-spam/"
COUNTS = "/api/v1/desa/32.07.10.2010/complaint-counts/"
HUMAN_FILL_MS = 95_000


# --- the web form's traps ---------------------------------------------------------------
@pytest.mark.parametrize(
    "trap", [{"website": "http://pinjol.example"}, {"fill_ms": 900}], ids=["honeypot", "fast"]
)
def test_a_trapped_submission_is_answered_as_usual_but_set_aside_as_spam(
    api, desa_a, operator_desa_a, trap
):
    r = submit_body(api, **trap)

    assert r.status_code == 201, r.json()
    body = r.json()
    assert set(body) == {"tracking_code", "pin", "complaint"}
    assert body["complaint"]["status"] == "submitted"  # the bot learns nothing
    assert body["complaint"]["timeline"] == []
    complaint = Complaint.objects.get(tracking_code=body["tracking_code"])
    assert complaint.status == Status.SPAM
    assert complaint.spam_trapped and complaint.spam_at is not None
    assert complaint.received_at is None and complaint.closed_at is None
    assert not RegisterEntry.objects.exists()
    assert not Notification.objects.exists()
    # The office finds it with the staff filter, flagged, and counts it.
    listed = api(operator_desa_a).get("/api/v1/complaints/?status=spam").json()["results"]
    assert [(row["tracking_code"], row["spam_flagged"]) for row in listed] == [
        (complaint.tracking_code, True)
    ]
    assert api(operator_desa_a).get(COUNTS).json()["spam"] == 1


def test_a_person_filling_the_form_is_unaffected(api, desa_a, operator_desa_a):
    r = submit_body(api, website="", fill_ms=HUMAN_FILL_MS)

    assert r.status_code == 201, r.json()
    complaint = Complaint.objects.get()
    assert complaint.status == Status.SUBMITTED
    assert not complaint.spam_trapped and complaint.spam_at is None
    row = api(operator_desa_a).get("/api/v1/complaints/").json()["results"][0]
    assert row["spam_flagged"] is False
    api(operator_desa_a).post(
        f"/api/v1/complaints/{complaint.tracking_code}/transitions/", {"action": "receive"}
    )
    assert RegisterEntry.objects.filter(complaint=complaint).exists()


def test_staff_typing_in_a_walk_in_fast_is_not_trapped(api, desa_a, operator_desa_a):
    r = submit_body(api, operator_desa_a, channel="walk_in", fill_ms=10)

    assert r.status_code == 201, r.json()
    assert Complaint.objects.get().status == Status.RECEIVED


def test_the_trap_fields_are_checked_for_form(api, desa_a):
    r = submit_body(api, fill_ms=-1)

    assert r.status_code == 400
    assert "fill_ms" in r.json()["fields"]
    assert not Complaint.objects.exists()


def test_trap_rules():
    assert is_trapped(honeypot="x", fill_ms=HUMAN_FILL_MS, min_fill_ms=3000)
    assert is_trapped(honeypot="", fill_ms=2999, min_fill_ms=3000)
    assert not is_trapped(honeypot="", fill_ms=3000, min_fill_ms=3000)
    assert not is_trapped(honeypot="  ", fill_ms=None, min_fill_ms=3000)


# --- the score --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("texts", "score", "flagged"),
    [
        (("Gorong-gorong tersumbat", "Air meluap ke jalan setiap hujan."), 0, False),
        (("Slot parkir pasar penuh", "Depo air minum tutup"), 0, False),
        (("PINJOL cair cepat", "Pinjaman online tanpa jaminan"), 100, True),
        (("Info slot gacor hari ini", "daftar di https://gacor.example"), 80, True),
        (("Judi online", ""), 30, False),
        (("Togel", "deposit via www.togel.example"), 100, True),  # capped
        (("Lihat foto", "https://drive.google.com/x"), 20, False),
        (("Info", "kunjungi judi-bola.com"), 20, False),
    ],
)
def test_spam_score(texts, score, flagged):
    assert spam_score(*texts) == score
    assert is_flagged(spam_score(*texts)) is flagged


def test_a_promotion_is_flagged_for_staff_only(api, desa_a, operator_desa_a, warga):
    promo = submit(
        desa_a, actor=warga, title="Slot gacor maxwin", description="Daftar https://x.example"
    ).complaint
    assert promo.status == Status.SUBMITTED and promo.spam_score >= 50

    row = api(operator_desa_a).get("/api/v1/complaints/").json()["results"][0]
    assert row["spam_flagged"] is True
    detail = api(operator_desa_a).get(f"/api/v1/complaints/{promo.tracking_code}/").json()
    assert detail["spam"] == {"score": promo.spam_score, "trapped": False, "flagged": True}
    own = api(warga).get("/api/v1/complaints/?mine=true").json()["results"][0]
    assert own["spam_flagged"] is False
    assert api(warga).get(f"/api/v1/complaints/{promo.tracking_code}/").json()["spam"] is None


# --- the intake officer dismisses ------------------------------------------------------
def test_the_intake_officer_dismisses_several_at_once(api, desa_a, operator_desa_a, kades_desa_a):
    spam = [submit(desa_a).complaint for _ in range(3)]
    kept = submit(desa_a).complaint
    codes = [c.tracking_code for c in spam]
    before = Notification.objects.count()

    r = api(operator_desa_a).post(DISMISS, {"codes": codes})

    assert r.status_code == 200, r.json()
    assert sorted(r.json()["dismissed"]) == sorted(codes)
    assert set(Complaint.objects.filter(pk__in=[c.pk for c in spam]).values_list(
        "status", flat=True
    )) == {Status.SPAM}  # fmt: skip
    assert Complaint.objects.get(pk=kept.pk).status == Status.SUBMITTED
    assert not RegisterEntry.objects.exists()
    assert Notification.objects.count() == before  # nothing sent to anyone
    assert Transition.objects.filter(action="dismiss_spam", capacity="intake").count() == 3
    counts = api(kades_desa_a).get(COUNTS).json()
    assert counts["spam"] == 3 and counts["submitted"] == 1 and counts["open"] == 1
    # The reporter's timeline does not show the office's verdict.
    timeline = api(operator_desa_a).get(f"/api/v1/complaints/{codes[0]}/").json()["timeline"]
    assert [step["action"] for step in timeline] == ["dismiss_spam"]


def test_a_complaint_past_submitted_is_409_and_nothing_is_dismissed(api, desa_a, operator_desa_a):
    fresh = submit(desa_a).complaint
    received = complaint_in("received", desa_a, officer=operator_desa_a)

    r = api(operator_desa_a).post(DISMISS, {"codes": [fresh.tracking_code, received.tracking_code]})

    assert r.status_code == 409
    assert r.json()["tracking_code"] == received.tracking_code
    assert Complaint.objects.get(pk=fresh.pk).status == Status.SUBMITTED  # all or none


def test_others_may_not_dismiss(
    api, desa_a, desa_b, warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a,
    camat_x,
):  # fmt: skip
    code = submit(desa_a).complaint.tracking_code
    klero = submit(desa_b).complaint.tracking_code
    body = {"codes": [code]}

    assert api(kades_desa_a).post(DISMISS, body).status_code == 403
    for outsider in [warga, operator_desa_b, pejabat_desa_a, camat_x]:
        assert api(outsider).post(DISMISS, body).status_code == 404
    assert api().post(DISMISS, body).status_code == 401
    # Another desa's complaint through one's own desa, and one's own through another's.
    assert api(operator_desa_a).post(DISMISS, {"codes": [klero]}).status_code == 404
    klero_url = "/api/v1/desa/33.22.02.2006/complaints/dismiss-spam/"
    assert api(operator_desa_a).post(klero_url, body).status_code == 404
    assert not Complaint.objects.filter(status=Status.SPAM).exists()


def test_an_empty_list_is_400(api, desa_a, operator_desa_a):
    r = api(operator_desa_a).post(DISMISS, {"codes": []})

    assert r.status_code == 400
    assert "codes" in r.json()["fields"]


# --- kept, then purged -----------------------------------------------------------------
def test_spam_is_purged_after_the_retention_period_and_not_before(
    api, desa_a, operator_desa_a, settings
):
    settings.SPAM_RETENTION_DAYS = 90
    start = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        spam = submit(desa_a).complaint
        kept = submit(desa_a).complaint
        api(operator_desa_a).post(DISMISS, {"codes": [spam.tracking_code]})
    with time_machine.travel(start + timedelta(days=89), tick=False):
        assert spam_purge() == 0
        assert Complaint.objects.filter(pk=spam.pk).exists()
    with time_machine.travel(start + timedelta(days=91), tick=False):
        assert purge_spam() == 1  # the beat task
        assert purge_spam() == 0  # safe to run twice
    assert not Complaint.objects.filter(pk=spam.pk).exists()
    assert not Transition.objects.filter(complaint_id=spam.pk).exists()
    assert Complaint.objects.filter(pk=kept.pk).exists()

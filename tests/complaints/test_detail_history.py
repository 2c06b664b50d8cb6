"""A complaint's page reads its moves, notes and files inside the complaint's own
statement; each viewer sees what is theirs to see, in the order it happened."""

from datetime import datetime, timedelta

from complaints.models import Attachment, Complaint, Note, Transition
from complaints.services import complaint_transition, note_add
from tests.complaints.factories import complaint_in


def _attach(complaint, token, visibility, at):
    attachment = Attachment.objects.create(
        complaint=complaint,
        token=token,
        file=f"attachments/{token}",
        content_type="image/jpeg",
        size=1000 + len(token),
        visibility=visibility,
    )
    Attachment.objects.filter(pk=attachment.pk).update(at=at)


def test_each_viewer_sees_their_part_of_the_history_in_order(
    api, warga, operator_desa_a, pejabat_desa_a, desa_a
):
    complaint = complaint_in(
        "in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    start = complaint.transitions.order_by("at").last().at
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Cek lokasi.", visibility="staff")
    note_add(
        complaint=complaint, actor=pejabat_desa_a, body="Sedang dikerjakan.", visibility="public"
    )
    # A move and its note written at the same instant: the move comes first, whatever
    # the ids say.
    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk), actor=pejabat_desa_a,
        action="answer", answer="Sudah diperbaiki.",
    )  # fmt: skip
    same = start + timedelta(hours=2)
    Note.objects.filter(complaint=complaint, body="Sedang dikerjakan.").update(at=same)
    Transition.objects.filter(complaint=complaint, action="answer").update(at=same)
    # Files written out of order: the page lists them by time.
    _attach(complaint, "later-staff", "staff", start + timedelta(hours=3))
    _attach(complaint, "first-public", "public", start + timedelta(hours=1))
    _attach(complaint, "second-public", "public", start + timedelta(hours=4))

    def page(user):
        r = api(user).get(f"/api/v1/complaints/{complaint.tracking_code}/")
        assert r.status_code == 200
        return r.json()

    staff, reporter = page(operator_desa_a), page(warga)

    assert [a["token"] for a in staff["attachments"]] == [
        "first-public", "later-staff", "second-public"
    ]  # fmt: skip
    assert [a["token"] for a in reporter["attachments"]] == ["first-public", "second-public"]
    first = staff["attachments"][0]
    assert datetime.fromisoformat(first.pop("at")) == start + timedelta(hours=1)
    assert first == {
        "token": "first-public", "content_type": "image/jpeg", "size": 1012,
        "visibility": "public", "for_answer": False,
    }  # fmt: skip

    def entries(body):
        return [(e["type"], e["action"] or e["note"]) for e in body["timeline"]]

    assert entries(staff)[-3:] == [
        ("note", "Cek lokasi."),
        ("transition", "answer"),
        ("note", "Sedang dikerjakan."),
    ]
    moments = [e["at"] for e in staff["timeline"]]
    assert moments == sorted(moments)
    assert ("note", "Cek lokasi.") not in entries(reporter)
    assert ("note", "Sedang dikerjakan.") in entries(reporter)
    assert all(e["actor_name"] is None for e in reporter["timeline"])
    assert any(e["actor_name"] for e in staff["timeline"])
    # The reporter's page shows every move (a staff-only note of a move is left out) and
    # the public notes.
    public = [
        e for e in staff["timeline"] if e["type"] == "transition" or e["visibility"] == "public"
    ]
    assert [(e["type"], e["at"]) for e in reporter["timeline"]] == [
        (e["type"], e["at"]) for e in public
    ]

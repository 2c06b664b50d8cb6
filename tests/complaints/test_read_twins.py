"""A complaint's page and its history, read by the one hand-written statement, are what
their readable ORM twins (`complaint_page_orm`, `complaint_history_orm`) read: the same
entries in the same order, and the same page once presented, for every viewer."""

from datetime import timedelta

import pytest

from common.errors import NotFound
from complaints.attachments import attachment_add
from complaints.models import Attachment, Complaint, Note, Transition
from complaints.reads.page import complaint_page, complaint_page_orm
from complaints.reads.presenters import detail_view, public_view
from complaints.reads.timeline import complaint_history, complaint_history_orm
from complaints.services import complaint_transition, note_add
from complaints.state import Capacity
from tests.complaints import files
from tests.complaints.factories import complaint_in


@pytest.fixture
def followed(settings, tmp_path, warga, operator_desa_a, pejabat_desa_a, desa_a):
    """A complaint with a history worth comparing: staff and public notes, an answer and
    a note at the same instant (the move first), files stored out of order."""
    settings.MEDIA_ROOT = tmp_path
    complaint = complaint_in(
        "in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Cek lokasi.", visibility="staff")
    note = note_add(
        complaint=complaint, actor=pejabat_desa_a, body="Sedang dikerjakan.", visibility="public"
    )
    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk), actor=pejabat_desa_a,
        action="answer", answer="Sudah diperbaiki.",
    )  # fmt: skip
    answered = Transition.objects.get(complaint=complaint, action="answer")
    Note.objects.filter(pk=note.pk).update(at=answered.at)
    for visibility, hours in [("staff", 2), ("public", 1)]:
        stored = attachment_add(
            complaint=complaint,
            actor=pejabat_desa_a,
            upload=files.upload(files.png()),
            visibility=visibility,
        )
        Attachment.objects.filter(pk=stored.pk).update(at=answered.at - timedelta(hours=hours))
    return complaint


def test_the_page_reads_what_its_orm_twin_reads_for_every_viewer(
    followed, warga, operator_desa_a, pejabat_desa_a
):
    for user in [operator_desa_a, pejabat_desa_a, warga]:
        by_hand = complaint_page(actor=user, code=followed.tracking_code)
        by_orm = complaint_page_orm(actor=user, code=followed.tracking_code)

        assert by_hand[1] == by_orm[1], user.username
        assert detail_view(*by_hand, actor=user) == detail_view(*by_orm, actor=user)
    history = by_hand[1]
    # The comparison is between full histories: moves and both notes, both files.
    assert [row.type for row in history.entries].count("note") == 2
    assert [row.action for row in history.entries][-1:] == [None]  # the note after its move
    assert [row.visibility for row in history.files] == ["staff", "public"]


def test_the_page_and_its_twin_refuse_alike(followed, operator_desa_b):
    for read in (complaint_page, complaint_page_orm):
        with pytest.raises(NotFound):
            read(actor=operator_desa_b, code=followed.tracking_code)
        with pytest.raises(NotFound):
            read(actor=operator_desa_b, code="PGD-TIDAK-ADA")


def test_tracking_reads_the_history_its_orm_twin_reads(followed):
    by_hand = complaint_history(complaint=followed)

    assert by_hand == complaint_history_orm(complaint=followed)
    # Tracking shows the reporter's part of that one history, in its one order.
    body = public_view(followed, held={Capacity.REPORTER})
    assert [(entry["type"], entry["note"]) for entry in body["timeline"]][-2:] == [
        ("transition", ""),
        ("note", "Sedang dikerjakan."),
    ]
    assert [file["token"] for file in body["files"]] == [
        row.token for row in by_hand.attachments(staff=False)
    ]

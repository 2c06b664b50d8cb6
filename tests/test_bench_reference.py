"""The bench's reference rows (bench/reference) must serve the very pages the product
serves, or `make bench`'s comparison of the two would compare different work."""

from datetime import timedelta

from django.test import override_settings

from complaints.attachments import attachment_add
from complaints.models import Attachment, Note
from complaints.services import answer_draft_save, note_add
from tests.complaints import files
from tests.complaints.factories import complaint_in, submit


@override_settings(ROOT_URLCONF="bench.reference.urls")
def test_stock_drf_inbox_lists_the_inbox_page(
    api, operator_desa_a, operator_desa_b, pejabat_desa_a, desa_a, desa_b
):
    for status in ["submitted", "received", "needs_info", "assigned", "answered", "closed"]:
        complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    submit(desa_b)

    client = api(operator_desa_a)
    inbox = client.get("/api/v1/complaints/?page_size=50").json()["results"]
    stock = client.get("/api/bench/stock-inbox/?page_size=50").json()

    assert len(inbox) == 6
    assert sum(row["sla"] is not None for row in inbox) == 5  # clocks compared too
    assert stock["results"] == inbox
    assert stock["count"] == 6

    other_desa = api(operator_desa_b).get("/api/bench/stock-inbox/?page_size=50").json()
    assert [row["desa"]["code"] for row in other_desa["results"]] == [desa_b.code]


@override_settings(ROOT_URLCONF="bench.reference.urls")
def test_stock_drf_detail_is_the_complaint_page(
    api, settings, tmp_path, warga, operator_desa_a, operator_desa_b, pejabat_desa_a, desa_a
):
    settings.MEDIA_ROOT = tmp_path
    complaint = complaint_in(
        "in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Sudah dicek.", visibility="staff")
    note = note_add(
        complaint=complaint, actor=pejabat_desa_a, body="Dikerjakan.", visibility="public"
    )
    answer_draft_save(complaint=complaint, actor=pejabat_desa_a, answer="Draf jawaban.")
    # A move and a note at the same instant (the move first), files stored out of order.
    latest = complaint.transitions.order_by("at").last()
    Note.objects.filter(pk=note.pk).update(at=latest.at)
    for visibility, hours in [("staff", 2), ("public", 1)]:
        stored = attachment_add(
            complaint=complaint,
            actor=pejabat_desa_a,
            upload=files.upload(files.png()),
            visibility=visibility,
        )
        Attachment.objects.filter(pk=stored.pk).update(at=latest.at + timedelta(hours=hours))
    code = complaint.tracking_code

    pages = {}
    for user in [operator_desa_a, pejabat_desa_a, warga]:
        client = api(user)
        pages[user.username] = client.get(f"/api/v1/complaints/{code}/").json()
        assert client.get(f"/api/bench/stock-complaints/{code}/").json() == pages[user.username]
    # The three see the page differently, so each way of seeing it was compared.
    staff, reporter = pages[operator_desa_a.username], pages[warga.username]
    assert staff["answer"] == "Draf jawaban." and reporter["answer"] == ""
    assert len(reporter["timeline"]) < len(staff["timeline"])
    assert [f["visibility"] for f in staff["attachments"]] == ["public", "staff"]
    assert staff["sla"] is not None and staff["allowed_actions"] != reporter["allowed_actions"]

    other_desa = api(operator_desa_b).get(f"/api/bench/stock-complaints/{code}/")
    assert other_desa.status_code == 404

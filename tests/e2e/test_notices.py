"""The notification centre: the bell shows the unread count, the list links to the complaint,
opening a notice reads it — for staff and for residents alike."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from complaints.models import Complaint
from notifications.models import Channel, Notification, State
from tests.e2e.helpers import JAGABAYA, assert_accessible, log_in, screenshot


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def assign_notice(user: User, complaint: Complaint) -> Notification:
    return Notification.objects.create(
        idempotency_key=f"e2e-assigned-{complaint.pk}-{user.pk}",
        channel=Channel.IN_APP,
        recipient=user,
        complaint=complaint,
        template="assigned",
        state=State.SENT,
        payload={"code": complaint.tracking_code, "title": complaint.title, "desa": "Jagabaya"},
    )


@pytest.mark.parametrize("width", [1280, 360])
def test_a_handler_reads_a_notice_from_the_bell_and_opens_its_complaint(
    demo, desk_page, live_server, width
):
    handler = User.objects.get(username="pejabat.jagabaya")
    Notification.objects.filter(recipient=handler, channel=Channel.IN_APP).update(read_at=None)
    complaint = (
        Complaint.objects.filter(desa__code=JAGABAYA, assigned_to=handler)
        .order_by("-submitted_at")
        .first()
    )
    assign_notice(handler, complaint)
    unread = Notification.objects.filter(
        recipient=handler, channel=Channel.IN_APP, read_at=None
    ).count()

    page = desk_page
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url, "pejabat.jagabaya")
    bell = page.get_by_role("link", name=f"Pemberitahuan, {unread} belum dibaca")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", level=1, name="Pemberitahuan")).to_be_visible()
    assert_accessible(page, f"notification centre at {width} px")
    screenshot(page, f"notices-{width}")

    page.get_by_role("link", name=f"Pengaduan {complaint.tracking_code}", exact=False).first.click()
    expect(page).to_have_url(re.compile(rf"/staf/pengaduan/{complaint.tracking_code}$"))
    expect(
        page.get_by_role("link", name=f"Pemberitahuan, {unread - 1} belum dibaca")
    ).to_be_visible()
    assert Notification.objects.get(
        recipient=handler,
        template="assigned",
        complaint=complaint,
        idempotency_key__startswith="e2e",
    ).read_at


def test_a_resident_marks_all_notices_read(demo, desk_page, live_server):
    resident = User.objects.get(username="warga.jagabaya")
    complaint = Complaint.objects.filter(reporter_account=resident).first()
    assign_notice(resident, complaint)
    page = desk_page
    log_in(page, live_server.url, "warga.jagabaya")
    page.get_by_role("link", name=re.compile(r"^Pemberitahuan, \d+ belum dibaca$")).click()
    link = page.get_by_role("link", name=f"Pengaduan {complaint.tracking_code}", exact=False)
    expect(link.first).to_have_attribute("href", f"/saya/pengaduan/{complaint.tracking_code}")
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(page.get_by_role("link", name="Pemberitahuan", exact=True)).to_be_visible()
    assert not Notification.objects.filter(
        recipient=resident, channel=Channel.IN_APP, read_at=None
    ).exists()

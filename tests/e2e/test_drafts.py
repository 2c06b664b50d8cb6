"""A WhatsApp message becomes a complaint: the webhook stores it, the task reads it into a
draft, the intake officer opens the drafts inbox, reads it and records it; the village head
sees the channel on the overview."""

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from complaints.models import Complaint
from intake.models import Message
from intake.services import inbound_process_pending, media_keep
from intake.whatsapp import signature_of
from notifications.models import Notification
from tests.e2e.helpers import log_in
from tests.intake import payloads


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WHATSAPP_APP_SECRET = payloads.APP_SECRET
    call_command("seed_demo", quiet=True)


OGG = b"OggS\x00\x02" + b"\x00" * 60


def arrive(text: str, *, wa_id: str = "6281399990001", name: str = "Rina Marlina") -> None:
    body = payloads.notification([payloads.text(text, wa_id=wa_id)], wa_id=wa_id, name=name)
    raw = payloads.json.dumps(body).encode()
    r = Client().post(
        "/api/v1/channels/whatsapp/webhook/",
        raw,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature_of(raw, payloads.APP_SECRET),
    )
    assert r.status_code == 200
    inbound_process_pending()


def test_the_intake_officer_turns_a_whatsapp_draft_into_a_complaint(demo, desk_page, live_server):
    arrive("Lampu jalan di depan masjid mati sejak Senin.")
    # A voice note came with it (fetched from the Graph API, as the task does).
    media_keep(message=Message.objects.get(), data=OGG, content_type="audio/ogg")
    page = desk_page
    log_in(page, live_server.url, "petugas.jagabaya")
    page.get_by_role("link", name="Draf WhatsApp & e-mail").click()
    expect(page.get_by_role("heading", name="Draf dari WhatsApp dan e-mail")).to_be_visible()
    page.get_by_role("button", name="Rina Marlina").click()
    expect(page.get_by_text("Lampu jalan di depan masjid mati sejak Senin.").first).to_be_visible()
    expect(page.get_by_text("Pesan bebas dapat dikirim sampai")).to_be_visible()

    page.get_by_label("Judul").fill("Lampu jalan mati")
    page.get_by_label("NIK").fill("3207105505900001")
    page.get_by_label("Alamat").fill("Dusun Cikupa RT 02/RW 01")
    # The officer reads her message as one that can wait.
    page.get_by_label("Menurut pesan pelapor, apakah ini mendesak?").select_option(
        label="Tidak, bisa menunggu"
    )
    page.get_by_role("button", name="Catat sebagai pengaduan").click()
    expect(page.get_by_text("Pengaduan tercatat")).to_be_visible()

    complaint = Complaint.objects.get(title="Lampu jalan mati")
    assert complaint.channel == "whatsapp" and complaint.status == "received"
    assert complaint.reporter_urgent is False
    assert Notification.objects.filter(complaint=complaint, template="recorded").exists()

    # The voice note is the complaint's now, played on its page (staff only).
    page.goto(f"{live_server.url}/staf/pengaduan/{complaint.tracking_code}")
    expect(page.get_by_label("Pesan suara 1")).to_be_visible()
    assert page.get_by_label("Pesan suara 1").evaluate("el => el.tagName") == "AUDIO"


def test_the_village_head_sees_the_whatsapp_channel_on_the_overview(demo, desk_page, live_server):
    arrive("Halo")
    page = desk_page
    log_in(page, live_server.url, "kades.jagabaya")
    card = page.get_by_role("region", name="Saluran WhatsApp dan e-mail")
    expect(card).to_contain_text("terakhir menerima")
    expect(card).to_contain_text("belum diatur")  # no mailbox in the demo

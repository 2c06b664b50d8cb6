"""The whole SOP in phone-sized browsers: a resident files, the intake officer receives and
distributes, the handler answers, the resident reads the answer and rates it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from complaints.models import Complaint
from complaints.state import OPEN
from tests.e2e.helpers import (
    JAGABAYA,
    assert_accessible,
    camera_photo,
    log_in,
    next_step,
    screenshot,
)

TITLE = "Lampu jalan di depan SDN 2 Jagabaya padam"
NAME, NIK = "Rahmat Hidayat", "3207100101850007"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


@pytest.fixture
def phone(browser, live_server):
    """Opens more phones (browser contexts) that talk to the live server only."""
    contexts = []

    def open_phone() -> Page:
        context = browser.new_context(
            viewport={"width": 360, "height": 640}, locale="id-ID", is_mobile=True, has_touch=True
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else route.abort()
            ),
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def resident_files_named_complaint(page: Page, base: str, photo) -> tuple[str, str]:
    page.goto(f"{base}/d/{JAGABAYA}/lapor")
    next_step(page)
    page.get_by_label("Infrastruktur").check()
    next_step(page)
    page.get_by_label("Judul singkat").fill(TITLE)
    page.get_by_label("Ceritakan masalahnya").fill(
        "Sudah tiga malam gelap; anak-anak pulang mengaji lewat sini."
    )
    page.locator("input[type=file]").set_input_files(str(photo))
    expect(page.get_by_role("img", name="Pratinjau foto yang akan dikirim")).to_be_visible()
    next_step(page)
    page.get_by_label("Dengan nama").check()
    page.get_by_label("Nama lengkap").fill(NAME)
    page.get_by_label("NIK").fill(NIK)
    page.get_by_label("Nomor HP atau WhatsApp").fill("0813 1111 2222")
    page.get_by_label("Alamat").fill("Dusun Manis RT 01 RW 03")
    next_step(page)
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan terkirim")).to_be_visible()
    expect(page.get_by_text("Foto sedang dikirim…")).to_have_count(0)
    return page.get_by_test_id("tracking-code").inner_text(), page.get_by_test_id(
        "tracking-pin"
    ).inner_text()


def act(page: Page, button: str, confirm: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_role("button", name=confirm).click()


def test_complaint_goes_from_resident_to_officer_to_handler_and_back(
    demo, phone_page, phone, live_server, tmp_path
):
    base = live_server.url
    resident = phone_page
    code, pin = resident_files_named_complaint(resident, base, camera_photo(tmp_path / "lampu.jpg"))

    # The intake officer, on another phone, finds it in the inbox and receives it.
    officer = phone()
    log_in(officer, base, "petugas.jagabaya")
    officer.get_by_role("link", name="Pengaduan", exact=True).click()
    expect(officer.get_by_role("heading", name="Kotak masuk pengaduan")).to_be_visible()
    assert_accessible(officer, "staff inbox")
    screenshot(officer, "staff-inbox")
    officer.get_by_role("link", name=TITLE).click()
    expect(officer.get_by_role("heading", name=TITLE)).to_be_visible()
    # The identity is opened on purpose (and logged), never shown by the page alone.
    assert NIK not in officer.content()
    officer.get_by_role("button", name="Tampilkan identitas pelapor").click()
    expect(officer.get_by_test_id("reporter")).to_contain_text(NIK)
    expect(officer.get_by_role("img", name="Foto lampiran 1")).to_be_visible()
    # Only the moves the state machine allows now.
    buttons = officer.get_by_role("region", name="Langkah yang dapat Anda lakukan").get_by_role(
        "button"
    )
    expect(buttons).to_have_text(["Terima", "Tolak", "Abaikan sebagai spam"])
    act(officer, "Terima", "Terima pengaduan ini")
    expect(officer.locator(".status-line")).to_contain_text("Diterima")
    act(officer, "Verifikasi", "Nyatakan terverifikasi")
    officer.get_by_role("button", name="Distribusikan", exact=True).click()
    expect(officer.get_by_label("Jabatan yang menangani")).to_have_value(
        ""
    )  # the category's default
    expect(officer.get_by_label("Pejabat")).to_contain_text("Asep Saepudin")
    assert_accessible(officer, "complaint page")
    screenshot(officer, "staff-complaint")
    officer.get_by_role("button", name="Distribusikan sekarang").click()
    expect(officer.get_by_text(re.compile("Kasi Pemerintahan — Asep Saepudin"))).to_be_visible()

    # The handler sees it in "Tugas saya", without the reporter's identity.
    handler = phone()
    log_in(handler, base, "pejabat.jagabaya")
    handler.get_by_role("link", name="Pengaduan", exact=True).click()
    expect(handler.get_by_role("heading", name="Tugas saya")).to_be_visible()
    handler.get_by_role("link", name=TITLE).click()
    expect(handler.get_by_test_id("reporter-hidden")).to_have_text(
        "Identitas pelapor dirahasiakan."
    )
    content = handler.content()
    assert NAME not in content and NIK not in content and "0813" not in content
    act(handler, "Mulai tindak lanjut", "Mulai sekarang")
    note_form = handler.locator(
        "form", has=handler.get_by_role("heading", name="Catatan perkembangan")
    )
    note_form.get_by_label("Catatan", exact=True).fill("Bohlam sudah dibeli, dipasang besok pagi.")
    note_form.get_by_label("Terlihat oleh pelapor").check()
    note_form.get_by_role("button", name="Tambah catatan").click()
    expect(handler.locator(".timeline")).to_contain_text("Bohlam sudah dibeli")
    handler.get_by_label("Draf jawaban").fill(
        "Lampu sudah diganti dan menyala kembali sejak 1 Desember."
    )
    handler.get_by_role("button", name="Simpan draf").click()
    expect(handler.get_by_text("Draf tersimpan.")).to_be_visible()
    handler.get_by_role("button", name="Sampaikan jawaban", exact=True).click()
    expect(handler.get_by_label("Jawaban untuk pelapor")).to_have_value(
        re.compile("Lampu sudah diganti")
    )
    # A photo of the new lamp goes with the answer.
    handler.get_by_label("Lampirkan foto atau surat untuk jawaban").set_input_files(
        str(camera_photo(tmp_path / "lampu-baru.jpg"))
    )
    expect(handler.get_by_text("1 lampiran akan dikirim bersama jawaban.")).to_be_visible()
    handler.get_by_role("button", name="Sampaikan jawaban ke pelapor").click()
    expect(handler.locator(".status-line")).to_contain_text("Hasil disampaikan")

    # The resident reads the answer in plain words and rates it.
    resident.get_by_role("link", name="Lihat status pengaduan").click()
    expect(resident.get_by_label("Kode lacak")).to_have_value(code)
    resident.get_by_label("PIN").fill(pin)
    resident.get_by_role("button", name="Lacak").click()
    expect(resident.get_by_text("Lampu sudah diganti dan menyala kembali")).to_be_visible()
    expect(resident.locator(".timeline")).to_contain_text("Diteruskan ke pejabat yang menangani")
    expect(resident.locator(".timeline")).to_contain_text("Bohlam sudah dibeli")
    # Their own photo and the answer's, as small thumbnails fetched by signed links.
    for files in ["Foto dan dokumen yang Anda kirim", "Lampiran jawaban"]:
        thumbnail = resident.get_by_role("list", name=files).get_by_role("img", name="Foto 1")
        expect(thumbnail).to_be_visible()
        expect(thumbnail).to_have_js_property("complete", True)
        width = thumbnail.evaluate("img => img.naturalWidth")
        assert 0 < width <= 320, width
        assert pin not in thumbnail.get_attribute("src")
    assert_accessible(resident, "tracking page")
    screenshot(resident, "resident-tracking")
    resident.get_by_role("button", name="Selesai, beri penilaian").click()
    resident.get_by_label("5 — Sangat puas").check()
    resident.get_by_role("button", name="Kirim penilaian").click()
    expect(resident.get_by_text("Penilaian Anda: 5 dari 5.")).to_be_visible()

    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.status == "closed" and complaint.rating == 5


def test_handler_sees_the_identity_only_after_the_officer_grants_it(
    demo, phone_page, phone, live_server, tmp_path
):
    base = live_server.url
    code, _pin = resident_files_named_complaint(
        phone_page, base, camera_photo(tmp_path / "x.jpg", 800, 600)
    )
    officer = phone()
    log_in(officer, base, "petugas.jagabaya")
    officer.goto(f"{base}/staf/pengaduan/{code}")
    act(officer, "Terima", "Terima pengaduan ini")
    act(officer, "Verifikasi", "Nyatakan terverifikasi")
    act(officer, "Distribusikan", "Distribusikan sekarang")

    handler = phone()
    log_in(handler, base, "pejabat.jagabaya")
    handler.goto(f"{base}/staf/pengaduan/{code}")
    expect(handler.get_by_test_id("reporter-hidden")).to_be_visible()
    assert NIK not in handler.content()

    officer.get_by_role("button", name="Izinkan Asep Saepudin melihat identitas pelapor").click()
    officer.get_by_label("Alasan").fill("Perlu menghubungi pelapor untuk menunjukkan titik lampu.")
    officer.get_by_role("button", name="Izinkan Asep Saepudin").click()
    expect(
        officer.get_by_text("Asep Saepudin sekarang dapat melihat identitas pelapor.")
    ).to_be_visible()

    handler.reload()
    handler.get_by_role("button", name="Tampilkan identitas pelapor").click()
    expect(handler.get_by_test_id("reporter")).to_contain_text(NIK)

    head = phone()
    log_in(head, base, "kades.jagabaya")
    head.goto(f"{base}/staf/ringkasan")
    # The desa at a glance: open, overdue and escalated, as the counts API computes them.
    open_now = Complaint.objects.filter(desa__code=JAGABAYA, status__in=OPEN)
    figures = head.locator(".figures")
    expect(figures.locator(".figure").nth(0)).to_have_text(f"Belum selesai{open_now.count()}")
    expect(figures).to_contain_text("Melewati batas waktu")
    expect(figures).to_contain_text("Dieskalasi ke kepala desa")
    log = head.get_by_role("region", name="Log akses identitas pelapor")
    expect(log).to_contain_text("Asep Saepudin")
    expect(log).to_contain_text(code)
    assert_accessible(head, "overview")
    screenshot(head, "staff-overview")

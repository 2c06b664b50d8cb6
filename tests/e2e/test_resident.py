"""A resident on a phone: the desa page, the guided form with a photo, the tracking code."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.e2e.helpers import JAGABAYA, assert_accessible, camera_photo, next_step, screenshot


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def test_resident_submits_a_named_complaint_with_a_photo_and_gets_code_and_pin(
    demo, phone_page, live_server, tmp_path
):
    page = phone_page
    photo = camera_photo(tmp_path / "kamera.jpg")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))

    page.goto(f"{live_server.url}/d/{JAGABAYA}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Layanan Pengaduan Desa Jagabaya")
    expect(page.get_by_text("Gratis.")).to_be_visible()
    # The office's own channels and hours, as seed_demo gives the demo desa.
    contact = page.get_by_test_id("desa-contact")
    expect(contact.get_by_role("link", name="0812-0000-0010")).to_have_attribute(
        "href", "https://wa.me/6281200000010"
    )
    expect(contact.get_by_role("link", name="pengaduan@jagabaya.example")).to_have_attribute(
        "href", "mailto:pengaduan@jagabaya.example"
    )
    expect(contact).to_contain_text("Jam layananSenin–Kamis 08.00–15.00 WIB")
    expect(contact).to_contain_text("Kantor Desa Jagabaya, Jl. Raya Panawangan")
    assert_accessible(page, "landing")
    screenshot(page, "resident-landing")
    page.get_by_role("link", name="Sampaikan pengaduan").click()

    expect(page.get_by_role("heading", name="Sampaikan pengaduan")).to_be_visible()
    # One step at a time; each step's heading takes the focus when it opens.
    expect(page.get_by_role("heading", name="Langkah 1 dari 5: Jenis laporan")).to_be_visible()
    expect(page.get_by_role("radio", name="Pengaduan Ada masalah")).to_be_checked()
    assert_accessible(page, "submit step 1 (kind)")
    next_step(page)
    expect(page.get_by_role("heading", name="Langkah 2 dari 5: Kategori")).to_be_focused()
    next_step(page)
    # Nothing chosen: the step says so and does not move on.
    expect(page.get_by_text("Pilih satu kategori.")).to_be_visible()
    assert_accessible(page, "submit step 2 (category) with an error")
    page.get_by_label("Infrastruktur").check()
    next_step(page)
    expect(page.get_by_role("heading", name="Langkah 3 dari 5: Isi pengaduan")).to_be_focused()
    page.get_by_label("Judul singkat").fill("Titian bambu Cikupa patah dua bilah")
    page.get_by_label("Ceritakan masalahnya").fill(
        "Dua bilah bambu patah; anak sekolah terpaksa memutar jauh."
    )
    page.locator("input[type=file]").set_input_files(str(photo))
    expect(page.get_by_role("img", name="Pratinjau foto yang akan dikirim")).to_be_visible()
    shrunk_kb = int(
        page.get_by_text(re.compile(r"Ukuran setelah diperkecil: \d+ KB"))
        .inner_text()
        .split(": ")[1]
        .split()[0]
    )
    assert shrunk_kb <= 300, (
        f"{photo.stat().st_size // 1024} KB from the camera became {shrunk_kb} KB"
    )
    # "Apakah ini mendesak?": the resident's own answer, kept apart from the office's urgency.
    page.get_by_label(re.compile("Ya, mendesak")).check()
    assert_accessible(page, "submit step 3 (details)")
    # The phone's Back button goes one step back, not out of the form; Forward returns
    # to the step as it was left, photo included.
    page.go_back()
    expect(page.get_by_role("heading", name="Langkah 2 dari 5: Kategori")).to_be_focused()
    expect(page.get_by_label("Infrastruktur")).to_be_checked()
    page.go_forward()
    expect(page.get_by_role("heading", name="Langkah 3 dari 5: Isi pengaduan")).to_be_focused()
    expect(page.get_by_label("Judul singkat")).to_have_value("Titian bambu Cikupa patah dua bilah")
    expect(page.get_by_role("img", name="Pratinjau foto yang akan dikirim")).to_be_visible()
    next_step(page)
    page.get_by_label("Dengan nama").check()
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("NIK").fill("3207 1012 3456")
    page.get_by_label("Nomor HP atau WhatsApp").fill("0812-0000-1001")
    page.get_by_label("Alamat").fill("Dusun Cikupa RT 02 RW 01")
    next_step(page)

    # Inline check before anything is sent: the NIK is 12 digits.
    expect(page.get_by_text("NIK harus 16 angka.")).to_be_visible()
    expect(page.get_by_role("heading", name="Langkah 4 dari 5: Identitas pelapor")).to_be_visible()
    assert_accessible(page, "submit step 4 (identity) with errors")
    page.get_by_label("NIK").fill("3207 1045 0790 0001")
    next_step(page)

    # Back keeps what was typed.
    expect(page.get_by_role("heading", name="Langkah 5 dari 5: Periksa dan kirim")).to_be_focused()
    page.get_by_role("button", name="Kembali").click()
    expect(page.get_by_label("NIK")).to_have_value("3207 1045 0790 0001")
    page.get_by_role("button", name="Kembali").click()
    expect(page.get_by_label("Judul singkat")).to_have_value("Titian bambu Cikupa patah dua bilah")
    expect(page.get_by_role("img", name="Pratinjau foto yang akan dikirim")).to_be_visible()
    next_step(page)
    next_step(page)
    review = page.locator(".review")
    expect(review).to_contain_text("Infrastruktur")
    expect(review).to_contain_text("Titian bambu Cikupa patah dua bilah")
    expect(review).to_contain_text("3207104507900001")
    expect(review).to_contain_text("Ya, mendesak")
    assert not Complaint.objects.filter(title="Titian bambu Cikupa patah dua bilah").exists()
    assert_accessible(page, "submit step 5 (review)")
    screenshot(page, "resident-submit")
    page.get_by_role("button", name="Kirim pengaduan").click()

    expect(page.get_by_role("heading", name="Pengaduan terkirim")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text()
    pin = page.get_by_test_id("tracking-pin").inner_text()
    assert re.fullmatch(r"[A-Z0-9-]{6,20}", code) and re.fullmatch(r"\d{4,6}", pin)
    share = page.get_by_role("link", name="Bagikan kode lacak ke WhatsApp")
    expect(share).to_have_attribute("href", re.compile(r"^https://wa\.me/\?text=.*" + code))
    # The code goes to WhatsApp; the PIN, which opens the complaint with it, stays apart.
    assert pin not in share.get_attribute("href")
    expect(page.get_by_text("jangan dibagikan")).to_be_visible()
    assert_accessible(page, "success")
    screenshot(page, "resident-success")

    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.title == "Titian bambu Cikupa patah dua bilah"
    assert complaint.channel == "web" and not complaint.anonymous
    assert (complaint.reporter_urgent, complaint.urgency) == (True, "medium")
    expect(page.get_by_text("Foto sedang dikirim…")).to_have_count(0)
    attachment = complaint.attachments.get()
    # The server re-encodes photos without metadata, so its byte count differs a little.
    from PIL import Image

    with Image.open(attachment.file.path) as image:
        assert max(image.size) <= 1600, image.size
    # Bahasa Indonesia only: the English catalogue is fetched when someone chooses it.
    assert not [url for url in fetched if "/assets/en-" in url]


def test_the_form_stays_put_under_the_finger_while_its_data_arrives(demo, phone_page, live_server):
    """On a weak signal the desa's name and categories arrive after the form: a resident
    already pressing a button must not have it move away between finger down and up."""
    page = phone_page
    held = {}
    page.route(f"**/api/v1/regions/{JAGABAYA}/", lambda route: held.setdefault("desa", route))
    page.route(
        f"**/api/v1/desa/{JAGABAYA}/categories/", lambda route: held.setdefault("categories", route)
    )
    page.goto(f"{live_server.url}/d/{JAGABAYA}/lapor")
    expect(page.get_by_role("heading", name="Langkah 1 dari 5: Jenis laporan")).to_be_visible()
    for _ in range(300):  # the handlers run while the test waits in Playwright
        if len(held) == 2:
            break
        page.wait_for_timeout(50)
    assert sorted(held) == ["categories", "desa"], "the form did not ask for its data"

    # The desa's name: not a pixel.
    next_button = page.get_by_role("button", name="Lanjut")
    before = next_button.bounding_box()
    held["desa"].continue_()
    expect(page.get_by_text("Kepada Pemerintah Desa Jagabaya.")).to_be_visible()
    assert next_button.bounding_box() == before

    # The categories, on the next step: the loading text holds about their place.
    next_step(page)
    expect(page.get_by_role("status").filter(has_text="Memuat")).to_be_visible()
    back_button = page.get_by_role("button", name="Kembali")
    before = back_button.bounding_box()
    held["categories"].continue_()
    expect(page.get_by_label("Lingkungan")).to_be_visible()
    assert abs(back_button.bounding_box()["y"] - before["y"]) <= 8

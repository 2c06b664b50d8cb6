import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", quiet=True)


def test_intake_officer_logs_in_on_a_phone_and_sees_their_role(demo, phone_page, live_server):
    page = phone_page

    page.goto(f"{live_server.url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill("petugas.jagabaya")
    page.get_by_label("Kata sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/staf$"))
    page.get_by_role("link", name="Akun").click()

    expect(page.get_by_text("Petugas pengelola pengaduan")).to_be_visible()
    expect(page.get_by_text(re.compile("Jagabaya"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Dede Kurniawan"))).to_be_visible()


def test_wrong_password_shows_one_message_and_keeps_the_user_on_the_form(
    demo, phone_page, live_server
):
    page = phone_page

    page.goto(f"{live_server.url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill("petugas.jagabaya")
    page.get_by_label("Kata sandi").fill("bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_text("Nama pengguna, nomor HP, atau kata sandi salah.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/masuk$"))


def test_resident_logs_in_with_a_phone_number_and_switches_to_english(
    demo, phone_page, live_server
):
    page = phone_page

    page.goto(f"{live_server.url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill("0812 0000 1001")
    page.get_by_label("Kata sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/saya/pengaduan$"))
    page.get_by_role("link", name="Akun").click()
    expect(page.get_by_text("Warga", exact=False).first).to_be_visible()
    page.get_by_role("button", name="EN").click()

    expect(page.get_by_text("Resident", exact=False).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_resident_sees_their_own_complaints_after_logging_in(demo, phone_page, live_server):
    page = phone_page

    page.goto(f"{live_server.url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill("warga.jagabaya")
    page.get_by_label("Kata sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Pengaduan saya").click()

    expect(page).to_have_url(re.compile(r"/saya/pengaduan$"))
    mine = page.get_by_role("list", name="Pengaduan saya")
    # Only their own: Jagabaya has 30 demo complaints, five of them filed with this account.
    expect(mine.get_by_role("listitem")).to_have_count(5)
    lamp = mine.get_by_role("link", name="Lampu jalan depan masjid mati sejak sebulan")
    expect(lamp).to_be_visible()
    expect(mine.get_by_role("link", name="Usulan bank sampah di setiap RW")).to_be_visible()
    assert_accessible(page, "my-complaints")
    lamp.click()
    expect(page).to_have_url(re.compile(r"/saya/pengaduan/[A-Z0-9]+$"))

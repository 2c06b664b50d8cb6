import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", quiet=True)


def test_intake_officer_logs_in_on_a_phone_and_sees_their_role(demo, phone_page, live_server):
    page = phone_page

    page.goto(f"{live_server.url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill("petugas.jagabaya")
    page.get_by_label("Kata sandi").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()

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
    expect(page.get_by_text("Warga", exact=False).first).to_be_visible()
    page.get_by_role("button", name="EN").click()

    expect(page.get_by_text("Resident", exact=False).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

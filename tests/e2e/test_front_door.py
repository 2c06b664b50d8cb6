"""A resident without a desa's link: the home page finds the desa; an account is made there."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Membership, Role, User
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.e2e.helpers import JAGABAYA, assert_accessible, screenshot
from tests.notifications.servers import whatsapp_gateway


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", quiet=True)


def test_a_resident_who_types_the_address_finds_their_desa_by_name(demo, phone_page, live_server):
    page = phone_page
    page.goto(live_server.url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan Desa")
    expect(page).to_have_url(f"{live_server.url}/")
    page.get_by_label("Cari desa Anda").fill("jaga")
    page.get_by_role("button", name="Cari desa").click()

    found = page.get_by_role("list", name="Desa yang ditemukan: 1")
    expect(found).to_contain_text("Kecamatan Panawangan")
    assert_accessible(page, "home with search results")
    screenshot(page, "resident-home")
    found.get_by_role("link", name="Desa Jagabaya").click()

    expect(page).to_have_url(f"{live_server.url}/d/{JAGABAYA}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Layanan Pengaduan Desa Jagabaya")

    # The installed app starts at "/": next time the phone's own desa comes first.
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Desa Jagabaya")).to_be_visible()
    expect(page.get_by_label("Cari desa lain")).to_be_visible()
    assert_accessible(page, "home with the phone's own desa")
    screenshot(page, "resident-home-own-desa")
    page.get_by_role("link", name="Sampaikan pengaduan").click()
    expect(page).to_have_url(f"{live_server.url}/d/{JAGABAYA}/lapor")


def test_a_resident_signs_up_from_their_desa_page_and_is_logged_in(
    demo, phone_page, live_server, settings
):
    page = phone_page
    page.goto(f"{live_server.url}/d/{JAGABAYA}")
    page.get_by_role("link", name="Daftar akun").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar akun warga")
    expect(page.get_by_text("Sebagai warga Desa Jagabaya.")).to_be_visible()
    page.get_by_label("Nama lengkap").fill("Ujang Sumarna")
    page.get_by_label("Nomor HP").fill("0813 1111 2222")
    page.get_by_label("Kata sandi").fill("12345678")
    page.get_by_role("button", name="Daftar").click()

    # The server judges the password (all digits): the message sits under its field.
    expect(page.get_by_label("Kata sandi")).to_have_attribute("aria-invalid", "true")
    assert not User.objects.filter(phone="+6281311112222").exists()
    assert_accessible(page, "sign-up with an error")
    screenshot(page, "resident-signup")
    with whatsapp_gateway() as (gateway, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "gateway-token"
        page.get_by_label("Kata sandi").fill("Sungai-Citanduy-9")
        page.get_by_role("button", name="Daftar").click()
        expect(page.get_by_role("status")).to_contain_text("Kode 6 angka sudah dikirim")

        # The account waits for the code the worker sends by WhatsApp.
        assert not User.objects.get(phone="+6281311112222").is_active
        row = Notification.objects.get(template="signup_code")
        assert notification_deliver(notification_id=row.pk) == "sent"
        message = gateway.requests[0]["body"]["text"]["body"]
        code = re.search(r"\b(\d{6})\b", message).group(1)

    assert_accessible(page, "sign-up, code step")
    page.get_by_label("Kode 6 angka").fill(code)
    page.get_by_role("button", name="Aktifkan akun").click()

    # A new resident lands on their complaints, with the way to file one in their desa.
    expect(page).to_have_url(f"{live_server.url}/saya/pengaduan")
    expect(page.get_by_role("link", name="Sampaikan pengaduan baru")).to_have_attribute(
        "href", f"/d/{JAGABAYA}/lapor"
    )
    page.get_by_role("link", name="Akun").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ujang Sumarna")
    expect(page.get_by_text("Jagabaya")).to_be_visible()
    user = User.objects.get(phone="+6281311112222")
    assert Membership.objects.filter(user=user, role=Role.RESIDENT, region__code=JAGABAYA).exists()

    # The account logs in with the number, however it is typed.
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}/masuk")
    page.get_by_label("Nama pengguna atau nomor HP").fill("+62 813-1111-2222")
    page.get_by_label("Kata sandi").fill("Sungai-Citanduy-9")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/saya/pengaduan")


def test_a_resident_who_forgot_the_password_sets_a_new_one_with_the_whatsapp_code(
    demo, phone_page, live_server, settings
):
    page = phone_page
    with whatsapp_gateway() as (gateway, url):
        settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN = url, "gateway-token"
        page.goto(f"{live_server.url}/masuk")
        page.get_by_role("link", name="Lupa kata sandi?").click()
        page.get_by_label("Nomor HP").fill("0812-0000-1001")  # warga.jagabaya
        page.get_by_role("button", name="Kirim kode").click()
        expect(page.get_by_role("status")).to_contain_text("kode 6 angka sudah dikirim")

        # What the worker does with the outbox row; the code arrives on the phone.
        row = Notification.objects.get(template="password_reset")
        assert notification_deliver(notification_id=row.pk) == "sent"
        message = gateway.requests[0]["body"]["text"]["body"]
        code = re.search(r"\b(\d{6})\b", message).group(1)

    assert_accessible(page, "password reset, code step")
    page.get_by_label("Kode 6 angka").fill(code)
    page.get_by_label("Kata sandi baru").fill("Sawah-Ciamis-2027")
    page.get_by_role("button", name="Simpan kata sandi baru").click()

    expect(page).to_have_url(f"{live_server.url}/saya/pengaduan")
    user = User.objects.get(username="warga.jagabaya")
    assert user.check_password("Sawah-Ciamis-2027")

"""The village head registers an application in the SPA, sees its key once (copy button,
warning), and revokes it; the screen has no serious accessibility problem."""

import re

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from accounts.models import Role
from integrations.authentication import client_for_key
from integrations.models import ApiClient
from tests.accounts.factories import user_with
from tests.e2e.helpers import assert_accessible, log_in, screenshot


@pytest.fixture
def village_head(transactional_db, desa_a):
    head = user_with(Role.VILLAGE_HEAD, desa_a, username="kades.jagabaya")
    head.set_password(django_settings.DEMO_PASSWORD)
    head.save()
    return head


def test_the_head_creates_an_application_sees_the_key_once_and_revokes_it(
    village_head, desk_page, live_server
):
    page = desk_page
    log_in(page, live_server.url, "kades.jagabaya")
    page.get_by_role("link", name="Aplikasi").click()
    heading = page.get_by_role("heading", level=1, name="Aplikasi pihak ketiga Desa Jagabaya")
    expect(heading).to_be_visible()
    expect(page.get_by_text("Belum ada aplikasi yang terdaftar.")).to_be_visible()

    page.get_by_label("Nama aplikasi").fill("Sistem Informasi Desa")
    page.get_by_label("Membaca laporan").check()
    page.get_by_role("button", name="Daftarkan dan buat kunci").click()

    shown = page.get_by_label("Kunci API", exact=True)
    expect(shown).to_have_value(re.compile(r"^pdk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$"))
    key = shown.input_value()
    expect(page.get_by_text(re.compile("hanya ditampilkan sekali"))).to_be_visible()
    expect(page.get_by_role("button", name="Salin kunci")).to_be_visible()
    assert client_for_key(key) is not None  # the key shown is the key that works
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", level=3))
    expect(card.get_by_text("Aktif", exact=True)).to_be_visible()
    assert_accessible(page, "clients with the key shown")
    screenshot(page, "clients-key-once")

    page.get_by_role("button", name="Saya sudah menyimpan kunci").click()
    expect(page.get_by_label("Kunci API", exact=True)).to_have_count(0)
    page.reload()
    expect(heading).to_be_visible()
    expect(card.get_by_text("Aktif", exact=True)).to_be_visible()
    assert key not in page.content()

    card.get_by_role("button", name=re.compile("^Cabut aplikasi")).click()
    page.get_by_role("button", name="Ya, cabut aplikasi").click()
    expect(page.get_by_text(re.compile("Semua kuncinya tidak berlaku lagi"))).to_be_visible()
    expect(card.get_by_text("Dicabut", exact=True)).to_be_visible()
    assert ApiClient.objects.get(name="Sistem Informasi Desa").revoked_at is not None
    assert client_for_key(key) is None
    assert_accessible(page, "clients after revoking")

"""Offline-first submission: kept on the phone without a signal, sent once when it returns."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.e2e.helpers import JAGABAYA, camera_photo, fill_anonymous_complaint, next_step

TITLE = "Saluran air depan balai desa tersumbat sampah"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def test_complaint_sent_offline_waits_for_a_signal_and_is_filed_exactly_once(
    demo, phone_page, live_server, tmp_path
):
    page = phone_page
    page.goto(f"{live_server.url}/d/{JAGABAYA}/lapor")
    next_step(page)
    expect(page.get_by_label("Lingkungan")).to_be_visible()

    # given: the signal drops while the resident fills in the form
    page.context.set_offline(True)
    page.get_by_label("Lingkungan").check()
    next_step(page)
    page.get_by_label("Judul singkat").fill(TITLE)
    page.get_by_label("Ceritakan masalahnya").fill("Air meluap ke jalan setiap hujan sore.")
    page.locator("input[type=file]").set_input_files(str(camera_photo(tmp_path / "foto.jpg")))
    expect(page.get_by_role("img", name="Pratinjau foto yang akan dikirim")).to_be_visible()
    next_step(page)
    page.get_by_label("Tanpa nama (anonim)").check()
    next_step(page)

    # when: it is sent without a connection
    page.get_by_role("button", name="Kirim pengaduan").click()

    # then: it is kept on the phone, and nothing reached the server
    expect(page.get_by_role("heading", name="Menunggu sinyal")).to_be_visible()
    expect(page.get_by_text("Saat ini HP tidak terhubung ke internet.")).to_be_visible()
    assert not Complaint.objects.filter(title=TITLE).exists()

    # when: the signal returns
    page.context.set_offline(False)

    # then: it is sent once, with its photo, and the real tracking code appears
    expect(page.get_by_role("heading", name="Pengaduan terkirim")).to_be_visible(timeout=15_000)
    code = page.get_by_test_id("tracking-code").inner_text()
    expect(page.get_by_text("Foto sedang dikirim…")).to_have_count(0)
    complaints = Complaint.objects.filter(title=TITLE)
    assert [c.tracking_code for c in complaints] == [code]
    assert complaints.get().attachments.count() == 1


def test_an_answer_lost_on_the_way_back_is_retried_with_the_same_key_and_files_nothing_twice(
    demo, phone_page, live_server
):
    page = phone_page
    keys: list[str] = []

    def lose_first_answer(route):
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server files the complaint…
            route.abort("connectionreset")  # …but the phone never hears back
        else:
            route.continue_()

    page.route("**/api/v1/complaints/", lose_first_answer)
    page.goto(f"{live_server.url}/d/{JAGABAYA}/lapor")
    fill_anonymous_complaint(page, "Lingkungan", TITLE, "Air meluap ke jalan setiap hujan sore.")
    page.get_by_role("button", name="Kirim pengaduan").click()

    # The outbox retries at once (and on `online`, and on a timer) with the same key.
    expect(page.get_by_role("heading", name="Pengaduan terkirim")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert len(keys) == 2 and keys[0] == keys[1]
    assert [c.tracking_code for c in Complaint.objects.filter(title=TITLE)] == [code]


def test_the_service_worker_installs_once_the_page_has_settled_and_the_form_opens_offline(
    demo, phone_page, live_server
):
    page = phone_page
    page.goto(f"{live_server.url}/d/{JAGABAYA}")
    expect(page.get_by_role("link", name="Sampaikan pengaduan")).to_be_visible()

    # Not while the first page starts (app/pwa.ts), but on its own soon after, taking
    # control of the open page (clientsClaim) so its next navigations come from the precache.
    assert page.evaluate("async () => !(await navigator.serviceWorker.getRegistration())")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    cached = page.evaluate(
        """async () => (await Promise.all((await caches.keys()).map(
             async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)))).flat()"""
    )
    assert any(url.endswith("/index.html") or "index.html" in url for url in cached), cached
    # The app's entry carries the resident pages, the submit form included.
    entry = page.evaluate("() => document.querySelector('script[type=module]').src")
    assert any(url.split("?")[0] == entry for url in cached), (entry, cached)

    # Having opened the desa's page once with a signal is enough: without one, its form
    # opens with the desa's categories (kept on the phone by that page, features/complaints).
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/d/{JAGABAYA}/lapor")
    next_step(page)
    expect(page.get_by_label("Lingkungan")).to_be_visible()

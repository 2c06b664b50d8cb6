"""The office at a desk: on a 1280 px laptop the inbox is a sortable table whose filters and
sort live in the address (they survive a reload), with the complaint opened beside it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, log_in, screenshot


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", quiet=True)


def test_the_desk_inbox_sorts_filters_survives_a_reload_and_opens_beside(
    demo, desk_page, live_server
):
    page, base = desk_page, live_server.url
    log_in(page, base, "petugas.jagabaya")
    table = page.get_by_role("table", name="Kotak masuk pengaduan")
    expect(table).to_be_visible()
    # Sorted by deadline by default.
    expect(table.get_by_role("columnheader", name="Batas waktu")).to_have_attribute(
        "aria-sort", "ascending"
    )
    headers = table.get_by_role("columnheader")
    expect(headers).to_have_text(
        [
            "Pilih",  # the intake officer's checkbox for "dismiss as spam"
            "Kode",
            "Judul",
            "Kategori",
            "Saluran",
            "Status",
            "Prioritas",
            re.compile("Batas waktu"),
            "Jabatan",
        ]
    )
    assert_accessible(page, "desk inbox")
    screenshot(page, "desk-inbox-1280")

    # Sort by title, descending (two clicks), and keep only what is overdue. (Columns: the
    # spam checkbox, code, title, …, deadline eighth.)
    table.get_by_role("button", name="Judul").click()
    table.get_by_role("button", name="Judul").click()
    expect(table.get_by_role("columnheader", name="Judul")).to_have_attribute(
        "aria-sort", "descending"
    )
    page.get_by_role("button", name="Terlambat", exact=True).click()
    expect(page).to_have_url(re.compile(r"overdue=1"))
    expect(page).to_have_url(re.compile(r"sort=-title"))
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    titles = [t.strip() for t in page.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert titles == sorted(titles, key=str.lower, reverse=True)
    for deadline in page.locator("tbody tr td:nth-child(8)").all_inner_texts():
        assert "Terlambat" in deadline

    # The server sorts and filters: after the reload the SPA asks for one page of 50 in the
    # address's order and filters, and draws the same rows.
    with page.expect_request(re.compile(r"/api/v1/complaints/\?")) as listed:
        page.reload()
    asked = listed.value.url
    assert "sort=-title" in asked and "overdue=true" in asked and "page_size=50" in asked, asked
    expect(page.get_by_role("button", name="Terlambat", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    table = page.get_by_role("table", name="Kotak masuk pengaduan")
    expect(table.get_by_role("columnheader", name="Judul")).to_have_attribute(
        "aria-sort", "descending"
    )
    reloaded = [t.strip() for t in page.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert reloaded == titles

    # j moves to the first row, Enter opens it beside the list.
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(page.locator("tbody tr a").first).to_be_focused()
    page.keyboard.press("Enter")
    beside = page.get_by_role("complementary", name="Pengaduan yang dibuka")
    expect(beside.get_by_role("heading", level=1, name=titles[0])).to_be_visible()
    expect(page).to_have_url(re.compile(r"open=[A-Z0-9]+"))
    expect(page.get_by_role("table", name="Kotak masuk pengaduan")).to_be_visible()
    assert_accessible(page, "desk inbox with a complaint beside")
    screenshot(page, "desk-inbox-beside-1280")


def test_the_village_heads_overdue_count_opens_the_overdue_list(demo, desk_page, live_server):
    page, base = desk_page, live_server.url
    log_in(page, base, "kades.jagabaya")
    page.get_by_role("link", name=re.compile("yang melewati batas waktu")).click()
    expect(page).to_have_url(f"{base}/staf?overdue=1")
    expect(page.get_by_role("button", name="Terlambat", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("tbody tr").first).to_be_visible()


def test_tasks_put_the_nearest_deadline_first_and_answered_ones_apart(demo, desk_page, live_server):
    page, base = desk_page, live_server.url
    log_in(page, base, "pejabat.jagabaya")
    expect(page.get_by_role("heading", level=1, name="Tugas saya")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 640})
    expect(page.locator(".cards .card").first).to_be_visible()
    assert_accessible(page, "tasks at 360 px")
    screenshot(page, "tasks-360")

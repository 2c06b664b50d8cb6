"""The intake officer joins a repeated report to the first one from the complaint's page."""

from django.conf import settings
from playwright.sync_api import expect

from accounts.models import Role
from tests.accounts.factories import user_with
from tests.complaints.factories import complaint_in, submit
from tests.e2e.helpers import log_in, screenshot
from tests.regions.factories import desa


def test_the_officer_marks_a_look_alike_a_duplicate(transactional_db, desk_page, live_server):
    jagabaya = desa("32.07.10.2010", "Jagabaya", "JGB")
    officer = user_with(Role.INTAKE_OFFICER, jagabaya, username="petugas.duplikat")
    officer.set_password(settings.DEMO_PASSWORD)
    officer.save()
    first = complaint_in(
        "verified",
        jagabaya,
        officer=officer,
        title="Gorong-gorong tersumbat di RT 02",
        description="Air meluap ke jalan setiap hujan.",
    )
    again = submit(
        jagabaya,
        title="Gorong gorong RT 02 tersumbat sampah",
        description="Setiap hujan air meluap ke jalan desa.",
    ).complaint
    page, base = desk_page, live_server.url
    log_in(page, base, "petugas.duplikat")

    page.goto(f"{base}/staf/pengaduan/{again.tracking_code}")
    panel = page.get_by_test_id("similar-panel")
    expect(panel.get_by_role("heading", name="Mirip dengan")).to_be_visible()
    expect(panel).to_contain_text(first.tracking_code)
    screenshot(page, "similar-panel-1280")
    panel.get_by_role("button", name="Tandai duplikat").click()
    expect(panel).to_contain_text(f"Gabungkan pengaduan ini ke {first.tracking_code}?")
    panel.get_by_role("button", name="Ya, gabungkan").click()

    expect(page.locator(".status-line .badge").first).to_have_text("Digabung dengan pengaduan lain")
    expect(page.get_by_text(f"Digabung dengan pengaduan {first.tracking_code}")).to_be_visible()

    page.goto(f"{base}/staf/pengaduan/{first.tracking_code}")
    expect(page.get_by_test_id("reporters-count")).to_have_text("Dilaporkan 2 warga")

    # A report that reads otherwise: the officer pastes the first report's code instead,
    # sees which complaint it names, and joins it only then.
    unlike = submit(
        jagabaya,
        title="Air masuk ke rumah warga RT 02",
        description="Selokan depan masjid penuh, rumah kebanjiran.",
    ).complaint
    page.goto(f"{base}/staf/pengaduan/{unlike.tracking_code}")
    by_code = page.get_by_test_id("duplicate-by-code")
    by_code.get_by_label("Kode lacak laporan pertama").fill(f" {first.tracking_code.lower()} ")
    by_code.get_by_role("button", name="Cari").click()
    expect(by_code.get_by_test_id("typed-primary")).to_contain_text(
        "Gorong-gorong tersumbat di RT 02"
    )
    expect(by_code.get_by_test_id("typed-primary")).to_contain_text("Dilaporkan 2 warga")
    by_code.get_by_role("button", name="Ya, gabungkan").click()
    expect(page.locator(".status-line .badge").first).to_have_text("Digabung dengan pengaduan lain")

    page.goto(f"{base}/staf/pengaduan/{first.tracking_code}")
    expect(page.get_by_test_id("reporters-count")).to_have_text("Dilaporkan 3 warga")

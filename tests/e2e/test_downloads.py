"""The SPA shows an attachment kept in an S3 bucket on another origin: its fetch (with the
bearer token) gets a 302 to a presigned URL, follows it, and the bucket's CORS lets the
page read the bytes. The browser drops the token on the way to the store."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from accounts.models import Role
from complaints.attachments import attachment_add
from complaints.models import Visibility
from tests.accounts.factories import user_with
from tests.complaints import files
from tests.complaints.factories import submit
from tests.e2e.helpers import log_in
from tests.storage import s3_server as s3
from tests.storage.s3_server import object_storage_settings

s3_server = s3.s3_server  # the session fixture, shared with tests/storage

pytestmark = pytest.mark.slow  # starts moto_server


@pytest.fixture
def photo_in_bucket(transactional_db, settings, s3_server, desa_a):
    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": object_storage_settings(s3_server, bucket)}
    # What config/settings.py adds to the page's policy when S3_ENDPOINT_URL is set.
    policy = settings.SPA_SECURITY_HEADERS["Content-Security-Policy"]
    settings.SPA_SECURITY_HEADERS = {
        **settings.SPA_SECURITY_HEADERS,
        "Content-Security-Policy": policy.replace(
            "connect-src 'self'", f"connect-src 'self' {s3_server.endpoint_url}"
        ),
    }
    officer = user_with(Role.INTAKE_OFFICER, desa_a, username="petugas.jagabaya")
    officer.set_password(django_settings.DEMO_PASSWORD)
    officer.save()
    complaint = submit(desa_a).complaint
    attachment_add(
        complaint=complaint,
        actor=officer,
        upload=files.upload(files.photo((120, 90)), "foto.jpg"),
        visibility=Visibility.STAFF,
    )
    assert s3_server.keys(bucket)  # the photo is in the bucket, not on disk
    return complaint


def test_the_complaint_page_shows_a_photo_served_by_a_presigned_url(
    browser,
    live_server,
    s3_server,
    photo_in_bucket,
):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    allowed = (live_server.url, s3_server.endpoint_url)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort(),
    )
    to_store = []
    context.on(
        "request",
        lambda request: (
            to_store.append(request) if request.url.startswith(s3_server.endpoint_url) else None
        ),
    )
    page = context.new_page()
    try:
        log_in(page, live_server.url, "petugas.jagabaya")
        page.goto(f"{live_server.url}/staf/pengaduan/{photo_in_bucket.tracking_code}")

        photo = page.get_by_role("img", name="Foto lampiran 1")
        expect(photo).to_be_visible()
        assert photo.evaluate("img => img.naturalWidth") == 120

        fetched = [r for r in to_store if r.method == "GET"]
        assert fetched, "the photo did not come from the store"
        assert "X-Amz-Signature=" in urlsplit(fetched[0].url).query
        assert "authorization" not in fetched[0].all_headers()
    finally:
        context.close()

"""Attachments on both storages: the filesystem (streamed by Django) and an S3 bucket
(a 302 to a presigned URL). Rights are checked before any URL is made."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from complaints.models import Attachment
from complaints.state import Status
from tests.complaints import files
from tests.complaints.factories import complaint_in, submit
from tests.conftest import TEST_IDENTITIES
from tests.storage.s3_server import Storage, object_storage_settings

# Starts moto_server (tests/storage/s3_server.py).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def complaint(desa_a, warga):
    return submit(desa_a, actor=warga).complaint


def upload(client, code, content, name, content_type):
    body = {"file": files.upload(content, name, content_type)}
    return client.post(f"/api/v1/complaints/{code}/attachments/", body, format="multipart")


def download(client, code, token):
    return client.get(f"/api/v1/complaints/{code}/attachments/{token}/")


def stored_bytes(token: str) -> bytes:
    with Attachment.objects.get(token=token).file.open("rb") as f:
        return f.read()


def downloaded(response, storage: Storage) -> httpx.Response | None:
    """The bytes a browser ends up with: the streamed body, or the presigned URL's."""
    if storage.kind == "filesystem":
        assert response.status_code == 200, response.content
        return None
    assert response.status_code == 302, response.content
    assert response["Cache-Control"] == "no-store"
    followed = httpx.get(response["Location"])
    assert followed.status_code == 200, followed.text
    return followed


def test_an_attachment_is_stored_under_a_key_that_names_nobody(
    api, storage, warga, complaint, desa_a
):
    name = "foto Siti Rahmawati 3207105505900001.jpg"
    r = upload(api(warga), complaint.tracking_code, files.photo(), name, "image/jpeg")
    assert r.status_code == 201, r.json()
    token = r.json()["token"]

    key = f"attachments/{desa_a.code}/{token}"
    assert Attachment.objects.get(token=token).file.name == key
    if storage.kind == "s3":
        assert storage.keys() == [key, f"{key}-thumb"]  # the photo and its thumbnail
    else:
        assert (storage_root := Attachment.objects.get(token=token).file.path).endswith(key)
        assert open(storage_root, "rb").read()[:2] == b"\xff\xd8"
    assert not any(part in key for part in [*TEST_IDENTITIES, "foto", "Siti"])


@pytest.mark.parametrize(
    ("content", "content_type", "disposition"),
    [(files.png(), "image/png", "inline"), (files.pdf(), "application/pdf", "attachment")],
)
def test_the_reporter_downloads_the_same_bytes_it_sent(
    api, storage, warga, complaint, content, content_type, disposition
):
    extension = content_type.rsplit("/", 1)[-1]
    token = upload(
        api(warga), complaint.tracking_code, content, f"bukti.{extension}", content_type
    ).json()["token"]

    r = download(api(warga), complaint.tracking_code, token)

    followed = downloaded(r, storage)
    if followed is None:
        body, headers = b"".join(r.streaming_content), r.headers
    else:
        body, headers = followed.content, followed.headers
    assert body == stored_bytes(token)
    if content_type == "application/pdf":
        assert body == content  # stored unchanged; photos are re-encoded without metadata
    assert headers["Content-Type"] == content_type
    assert headers["Content-Disposition"].startswith(disposition)
    assert complaint.tracking_code in headers["Content-Disposition"]
    assert "bukti" not in headers["Content-Disposition"]


def test_the_presigned_url_is_signed_and_expires_after_the_setting(
    api, s3_storage, warga, complaint, settings
):
    settings.S3_URL_EXPIRY_SECONDS = 45
    token = upload(api(warga), complaint.tracking_code, files.png(), "a.png", "image/png").json()[
        "token"
    ]

    r = download(api(warga), complaint.tracking_code, token)

    assert r.status_code == 302
    url = urlsplit(r["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == s3_storage.server.endpoint_url
    assert url.path == f"/{s3_storage.bucket}/attachments/{complaint.desa.code}/{token}"
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["45"]
    assert query["X-Amz-Signature"][0]
    # The signed URL carries no credentials other than the access key's id.
    assert "test-only-secret-key" not in r["Location"]


@pytest.mark.parametrize("persona", ["operator_desa_b", "camat_x", "admin_kabupaten"])
def test_an_outsider_gets_404_and_no_url(api, request, storage, warga, persona, desa_a):
    assigned = complaint_in(
        Status.RECEIVED, desa_a, officer=request.getfixturevalue("operator_desa_a"), reporter=warga
    )
    token = upload(api(warga), assigned.tracking_code, files.png(), "a.png", "image/png").json()[
        "token"
    ]

    r = download(api(request.getfixturevalue(persona)), assigned.tracking_code, token)

    assert r.status_code == 404, r.content
    assert "Location" not in r
    assert r.json()["code"] == "not_found"


def test_a_download_needs_a_login_before_any_url(api, storage, warga, complaint):
    token = upload(api(warga), complaint.tracking_code, files.png(), "a.png", "image/png").json()[
        "token"
    ]

    r = download(api(), complaint.tracking_code, token)

    assert r.status_code == 401
    assert "Location" not in r


def test_urls_are_signed_for_the_address_browsers_use(api, s3_server, settings, warga, complaint):
    # The app talks to the store by one name, browsers reach it by another (nginx, a
    # public host); the signature covers the host, so the URL is made for the browser's.
    bucket = s3_server.new_bucket()
    port = urlsplit(s3_server.endpoint_url).port
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage_settings(
            s3_server, bucket, public_endpoint_url=f"http://localhost:{port}"
        ),
    }
    token = upload(api(warga), complaint.tracking_code, files.png(), "a.png", "image/png").json()[
        "token"
    ]

    r = download(api(warga), complaint.tracking_code, token)

    assert r.status_code == 302
    assert r["Location"].startswith(f"http://localhost:{port}/{bucket}/attachments/")
    followed = httpx.get(r["Location"])
    assert followed.status_code == 200
    assert followed.content == stored_bytes(token)


def test_the_tracking_page_thumbnail_comes_from_the_same_storage(api, storage, desa_a):
    submitted = submit(desa_a)
    photo = files.photo((1000, 750))
    body = {
        "code": submitted.complaint.tracking_code,
        "pin": submitted.pin,
        "file": files.upload(photo, "foto.jpg", "image/jpeg"),
    }
    assert api().post("/api/v1/track/attachments/", body, format="multipart").status_code == 201
    tracked = api().post(
        "/api/v1/track/", {"code": submitted.complaint.tracking_code, "pin": submitted.pin}
    )
    sent = tracked.json()["files"][0]

    r = api().get(sent["thumbnail_url"])

    followed = downloaded(r, storage)
    small = followed.content if followed else b"".join(r.streaming_content)
    assert max(files.opened(small).size) == 320 and len(small) < len(photo)
    if followed:
        assert followed.headers["Content-Type"] == "image/jpeg"
        assert f"/attachments/{desa_a.code}/{sent['token']}-thumb" in r["Location"]

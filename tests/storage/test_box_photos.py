"""The suggestion box's berita acara photo on both storages, like any other file: stored
under a key that names nobody, and downloaded only after the rights are checked."""

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.complaints.files import photo
from tests.suggestion_box.conftest import box_a, open_box  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def photo_url(opening) -> str:
    return f"/api/v1/desa/{opening.desa.code}/suggestion-box/openings/{opening.pk}/photo/"


def test_the_head_gets_the_photo_the_team_sent(api, storage, box_a, kades_desa_a, desa_a):  # noqa: F811
    opening = open_box(desa_a, box_a)
    sent = SimpleUploadedFile("berita acara Neneng.jpg", photo(), content_type="image/jpeg")
    assert (
        api(box_a).post(photo_url(opening), {"file": sent}, format="multipart").status_code == 200
    )

    opening.refresh_from_db()
    assert "Neneng" not in opening.photo.name and "berita" not in opening.photo.name
    if storage.kind == "s3":
        assert storage.keys() == [opening.photo.name]

    r = api(kades_desa_a).get(photo_url(opening))

    if storage.kind == "s3":
        assert r.status_code == 302
        body = httpx.get(r["Location"]).content
    else:
        assert r.status_code == 200
        body = b"".join(r.streaming_content)
    with opening.photo.open("rb") as kept:
        assert body == kept.read()


def test_another_desa_gets_404_and_no_url(api, storage, box_a, operator_desa_b, desa_a):  # noqa: F811
    opening = open_box(desa_a, box_a)
    sent = SimpleUploadedFile("ba.jpg", photo(), content_type="image/jpeg")
    api(box_a).post(photo_url(opening), {"file": sent}, format="multipart")

    r = api(operator_desa_b).get(photo_url(opening))

    assert r.status_code == 404
    assert "Location" not in r

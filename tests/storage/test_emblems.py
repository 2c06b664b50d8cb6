"""A region's emblem on both storages: written as small squares, served from our own URL
(a few KB through Django, cacheable, where a presigned URL would expire in a minute)."""

import pytest

from demo.regions import demo_emblem_png
from regions import emblems
from regions.services import region_emblem_set

# Starts moto_server (tests/storage/s3_server.py).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_emblem_is_stored_small_and_served_from_either_storage(api, storage, desa_a):
    region_emblem_set(region=desa_a, data=demo_emblem_png())
    version = desa_a.emblem_version

    if storage.kind == "s3":
        assert storage.keys() == sorted(
            f"emblems/{desa_a.code}/{version}/{file}" for file in emblems.FILE_NAMES
        )
    url = api().get(f"/api/v1/regions/{desa_a.code}/").json()["emblem"]["webp_128"]
    r = api().get(url, HTTP_ACCEPT="image/*")

    assert r.status_code == 200  # the bytes themselves, never a redirect that expires
    assert r["Content-Type"] == "image/webp"
    assert r["Cache-Control"] == "public, max-age=31536000, immutable"
    assert r.content[:4] == b"RIFF" and 0 < len(r.content) < 20_000

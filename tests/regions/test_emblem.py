"""A region's emblem: checked from its bytes, stored small, shown by the desa or its
kabupaten, served cacheable under a versioned URL."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from regions import emblems
from regions.services import region_emblem_remove, region_emblem_set

JAGABAYA = "32.07.10.2010"


def drawn(fmt: str = "PNG", size: tuple[int, int] = (300, 200)) -> bytes:
    """A wide drawing with a comment a scanner might leave in it."""
    image = Image.new("RGBA" if fmt != "JPEG" else "RGB", size, (20, 100, 50))
    out = io.BytesIO()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Author", "Siti Rahmawati")
        image.save(out, format=fmt, pnginfo=info)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def stored(version: str) -> list[str]:
    return [
        file
        for file in emblems.FILE_NAMES
        if default_storage.exists(f"emblems/{JAGABAYA}/{version}/{file}")
    ]


def fetched(api, url: str):
    return api().get(url, HTTP_ACCEPT="image/*")


def test_a_desa_shows_its_emblem_small_in_png_and_webp_cacheable_for_a_year(api, desa_a):
    region_emblem_set(region=desa_a, data=drawn())

    emblem = api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"]

    assert emblem["region"] == JAGABAYA
    for key, size, media_type, pillow_format in [
        ("png_64", 64, "image/png", "PNG"),
        ("png_128", 128, "image/png", "PNG"),
        ("webp_64", 64, "image/webp", "WEBP"),
        ("webp_128", 128, "image/webp", "WEBP"),
    ]:
        r = fetched(api, emblem[key])
        assert r.status_code == 200, emblem[key]
        assert r["Content-Type"] == media_type
        assert r["Cache-Control"] == "public, max-age=31536000, immutable"
        image = Image.open(io.BytesIO(r.content))
        # Square, the wide drawing fitted whole on a transparent ground, its text gone.
        assert (image.format, image.size) == (pillow_format, (size, size))
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0
        assert "Siti" not in str(image.info) and b"Siti" not in r.content


def test_a_desa_without_one_shows_its_kabupatens_then_none(api, desa_a, desa_b):
    kabupaten = desa_a.parent.parent
    region_emblem_set(region=kabupaten, data=drawn("JPEG"))

    jagabaya = api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"]
    klero = api().get("/api/v1/regions/33.22.02.2006/").json()["emblem"]

    assert jagabaya["region"] == kabupaten.code
    assert fetched(api, jagabaya["png_64"]).status_code == 200
    assert klero is None  # no broken image: nothing to show

    region_emblem_set(region=desa_a, data=drawn("WEBP"))
    assert api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"]["region"] == JAGABAYA


def test_the_emblem_costs_the_desa_page_no_query(api, desa_a, django_assert_max_num_queries):
    region_emblem_set(region=desa_a.parent.parent, data=drawn())

    with django_assert_max_num_queries(1):  # the region, its ancestors and contact joined
        r = api().get(f"/api/v1/regions/{JAGABAYA}/")

    assert r.status_code == 200, r.json()
    assert r.json()["emblem"] is not None


def test_a_new_emblem_is_a_new_url_and_the_old_files_go(
    api, desa_a, django_capture_on_commit_callbacks
):
    region_emblem_set(region=desa_a, data=drawn())
    old = api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"]

    with django_capture_on_commit_callbacks(execute=True):
        region_emblem_set(region=desa_a, data=drawn("JPEG"))
    new = api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"]

    assert new["png_64"] != old["png_64"]
    assert fetched(api, new["png_64"]).status_code == 200
    assert fetched(api, old["png_64"]).status_code == 404
    old_version, new_version = old["png_64"].split("/")[-2], desa_a.emblem_version
    assert stored(old_version) == []
    assert stored(new_version) == emblems.FILE_NAMES

    with django_capture_on_commit_callbacks(execute=True):
        region_emblem_remove(region=desa_a)
    assert api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"] is None
    assert fetched(api, new["png_64"]).status_code == 404
    assert stored(new_version) == []


@pytest.mark.parametrize(
    "data",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",  # a name ending in .png changes nothing
        drawn()[:300],  # cut short
        drawn("GIF"),  # Pillow reads it, the service does not take it
    ],
    ids=["svg", "truncated-png", "gif"],
)
def test_only_a_whole_png_jpeg_or_webp_is_taken(desa_a, data):
    with pytest.raises(ValidationError) as refused:
        region_emblem_set(region=desa_a, data=data)

    assert list(refused.value.message_dict) == ["emblem"]
    desa_a.refresh_from_db()
    assert desa_a.emblem_version == ""
    assert not default_storage.exists("emblems")


@pytest.mark.parametrize(
    "suffix",
    [
        "{version}/48.png",
        "{version}/64.gif",
        "{version}/..%2F..%2Fsecret_key",
        "not-the-version/64.png",
        "{version}/64.webp",
    ],
)
def test_a_size_format_or_version_that_is_not_stored_is_404(api, desa_a, desa_b, suffix):
    region_emblem_set(region=desa_a, data=drawn())
    version = desa_a.emblem_version
    code = "33.22.02.2006" if suffix.endswith("webp") else JAGABAYA  # another desa's path

    r = fetched(api, f"/api/v1/regions/{code}/emblem/{suffix.format(version=version)}")

    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


def test_the_admin_uploads_and_removes_a_desas_emblem_on_its_page(
    client, desa_a, desa_a_admin_page
):
    url, form = desa_a_admin_page

    bad = client.post(url, {**form, "emblem": _named(b"GIF89a not really", "lambang.png")})
    assert bad.status_code == 200  # the form again, with the refusal
    assert "PNG, JPEG" in bad.content.decode()
    saved = client.post(url, {**form, "emblem": _named(drawn(), "lambang.png")})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    desa_a.refresh_from_db()
    assert desa_a.emblem_version
    assert f"/emblem/{desa_a.emblem_version}/128.png" in client.get(url).content.decode()

    client.post(url, {**form, "emblem_remove": "on"})
    desa_a.refresh_from_db()
    assert desa_a.emblem_version == ""


def _named(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file

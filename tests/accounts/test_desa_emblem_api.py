"""The village head sets the desa's emblem in the app: only the head of that desa, only a
whole image, and nobody elsewhere learns whether the desa exists."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from accounts.models import Role
from regions.services import region_emblem_set
from tests.accounts.factories import user_with

JAGABAYA = "32.07.10.2010"
URL = f"/api/v1/desa/{JAGABAYA}/emblem/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image(fmt: str = "PNG", name: str = "lambang.png") -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 100, 50)).save(out, format=fmt)
    out.seek(0)
    out.name = name
    return out


def put(api, user, file, **extra):
    return api(user, **extra).put(URL, {"emblem": file}, format="multipart")


def test_the_village_head_sets_the_emblem_and_the_desa_pages_show_it(api, kades_desa_a, desa_a):
    r = put(api, kades_desa_a, image())

    assert r.status_code == 200, r.json()
    assert r.json()["own"] is True
    emblem = r.json()["emblem"]
    assert emblem["region"] == JAGABAYA
    assert api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"] == emblem
    served = api().get(emblem["png_64"], HTTP_ACCEPT="image/*")
    assert served.status_code == 200
    assert Image.open(io.BytesIO(served.content)).size == (64, 64)


def test_removing_it_shows_the_kabupatens_again(api, kades_desa_a, desa_a):
    kabupaten = desa_a.parent.parent
    region_emblem_set(region=kabupaten, data=image().getvalue())
    assert (
        put(api, kades_desa_a, image("JPEG", "lambang.jpg")).json()["emblem"]["region"] == JAGABAYA
    )

    r = api(kades_desa_a).delete(URL)

    assert r.status_code == 200, r.json()
    assert r.json()["own"] is False
    assert r.json()["emblem"]["region"] == kabupaten.code
    assert api().get(f"/api/v1/regions/{JAGABAYA}/").json()["emblem"]["region"] == kabupaten.code


@pytest.mark.parametrize(
    "file",
    [
        io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        io.BytesIO(image().getvalue()[:300]),
    ],
    ids=["svg-named-png", "cut-short"],
)
def test_anything_but_a_whole_image_is_a_400_on_emblem_and_nothing_changes(
    api, kades_desa_a, desa_a, file
):
    file.name = "lambang.png"

    r = put(api, kades_desa_a, file, language="en")

    assert r.status_code == 400, r.json()
    assert r.json()["code"] == "invalid"
    assert list(r.json()["fields"]) == ["emblem"]
    assert "PNG, JPEG or WebP" in r.json()["fields"]["emblem"][0]
    desa_a.refresh_from_db()
    assert desa_a.emblem_version == ""
    assert not default_storage.exists("emblems")


def test_a_missing_file_is_a_400_in_indonesian_first(api, kades_desa_a):
    r = api(kades_desa_a).put(URL, {}, format="multipart")

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["emblem"]


def test_the_desas_other_staff_may_not_change_it(api, operator_desa_a, pejabat_desa_a, desa_a):
    for user in (operator_desa_a, pejabat_desa_a):
        assert put(api, user, image()).status_code == 403
        assert api(user).delete(URL).status_code == 403
    desa_a.refresh_from_db()
    assert desa_a.emblem_version == ""


def test_another_desas_head_an_overseer_and_a_resident_get_404(api, desa_a, desa_b, camat_x, warga):
    head_of_b = user_with(Role.VILLAGE_HEAD, desa_b, username="kades.b")
    for user in (head_of_b, camat_x, warga):
        r = put(api, user, image())
        assert r.status_code == 404, r.json()
        assert r.json()["code"] == "not_found"
        assert api(user).delete(URL).status_code == 404
    missing = api(head_of_b).put(
        "/api/v1/desa/99.99.99.9999/emblem/", {"emblem": image()}, format="multipart"
    )
    assert missing.status_code == 404
    desa_a.refresh_from_db()
    assert desa_a.emblem_version == ""


def test_an_anonymous_caller_gets_401(api, desa_a):
    assert put(api, None, image()).status_code == 401

"""Who may call each suggestion-box endpoint, across roles and desa; list query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role
from tests.accounts.factories import user_with
from tests.complaints.files import photo
from tests.conftest import handed_out, make_desa_a, make_desa_b, make_personas
from tests.suggestion_box.conftest import add_slip, make_box_a, make_box_b, open_box

pytestmark = pytest.mark.django_db

RECORDERS = ["box_a", "operator_desa_a"]
READERS = [*RECORDERS, "kades_desa_a"]
OUTSIDERS = ["pejabat_desa_a", "warga", "camat_x", "admin_kabupaten", "box_b", "operator_desa_b"]
EVERYONE = [*READERS, *OUTSIDERS]


def build_module() -> tuple[dict, object]:
    """The personas of tests/conftest.py and tests/suggestion_box/conftest.py, and an
    opening of desa A's box with one slip typed in. Each test calls one endpoint as one
    persona, and whatever it writes is rolled back: the people and the opening are made once
    for the module."""
    desa_a, desa_b = make_desa_a(), make_desa_b()
    people = {
        **make_personas(
            "operator_desa_a",
            "kades_desa_a",
            "pejabat_desa_a",
            "warga",
            "camat_x",
            "admin_kabupaten",
            "operator_desa_b",
        ),
        "box_a": make_box_a(desa_a),
        "box_b": make_box_b(desa_b),
    }
    opening = open_box(desa_a, people["box_a"], declared=2)
    add_slip(opening, people["box_a"])
    return people, opening


@pytest.fixture
def people(built) -> dict:
    return built[0]


@pytest.fixture
def opening(built):
    return built[1]


box_a, box_b, kades_desa_a = handed_out("box_a", "box_b", "kades_desa_a", source="people")


def _base(opening) -> str:
    return f"/api/v1/desa/{opening.desa.code}/suggestion-box/openings/"


def _expect(persona: str, allowed: list[str], ok: int) -> int:
    if persona in allowed:
        return ok
    return 403 if persona in READERS else 404


def _slip_body() -> dict:
    return {
        "kind": "suggestion",
        "category": "lingkungan",
        "title": "Bank sampah",
        "description": "Usul bank sampah di tiap dusun.",
        "anonymous": True,
    }


@pytest.mark.parametrize("persona", EVERYONE)
def test_reading_the_openings(api, people, persona, opening):
    user = people[persona]
    client = api(user)
    base = _base(opening)

    listed = client.get(base)
    detail = client.get(f"{base}{opening.pk}/")
    pdf = client.get(f"{base}{opening.pk}/berita-acara.pdf")

    expected = _expect(persona, READERS, 200)
    assert listed.status_code == expected, listed.json()
    assert detail.status_code == expected, detail.json()
    assert pdf.status_code == expected
    if expected == 200:
        assert listed.json()["count"] == 1
        assert detail.json()["slips"][0]["number"] == 1
        assert detail.json()["may_record"] is (persona in RECORDERS)


@pytest.mark.parametrize("persona", EVERYONE)
def test_recording_an_opening(api, people, persona, desa_a, box_a):
    user = people[persona]
    body = {
        "opened_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "openers": [box_a.pk],
        "witnesses": [{"name": "Pak Karna", "position": "Ketua RW 01"}],
        "declared_count": 4,
    }

    r = api(user).post(f"/api/v1/desa/{desa_a.code}/suggestion-box/openings/", body, format="json")

    assert r.status_code == _expect(persona, RECORDERS, 201), r.json()


@pytest.mark.parametrize("persona", EVERYONE)
def test_entering_a_slip(api, people, persona, opening):
    user = people[persona]

    r = api(user).post(f"{_base(opening)}{opening.pk}/slips/", _slip_body(), format="json")

    assert r.status_code == _expect(persona, RECORDERS, 201), r.json()


@pytest.mark.parametrize("persona", EVERYONE)
def test_correcting_the_count(api, people, persona, opening):
    user = people[persona]
    body = {"declared_count": 1, "reason": "Salah hitung."}

    r = api(user).patch(f"{_base(opening)}{opening.pk}/", body, format="json")

    assert r.status_code == _expect(persona, RECORDERS, 200), r.json()


@pytest.mark.parametrize("persona", EVERYONE)
def test_attaching_the_berita_acara_photo(api, people, persona, opening):
    user = people[persona]
    upload = SimpleUploadedFile("ba.jpg", photo(), content_type="image/jpeg")

    r = api(user).post(f"{_base(opening)}{opening.pk}/photo/", {"file": upload}, format="multipart")

    assert r.status_code == _expect(persona, RECORDERS, 200), r.json()
    if r.status_code == 200:
        assert r.json()["has_photo"] is True


def test_anonymous_callers_are_refused(api, opening):
    base = _base(opening)

    assert api().get(base).status_code == 401
    assert api().get(f"{base}{opening.pk}/").status_code == 401
    assert api().post(f"{base}{opening.pk}/slips/", _slip_body(), format="json").status_code == 401


def test_an_opening_of_another_desa_is_not_found_by_its_id(api, opening, desa_b, box_b):
    other = open_box(desa_b, box_b)
    base = _base(opening)

    # Desa A's box team asks for desa B's opening under desa A's path: not found either.
    assert api(opening.recorded_by).get(f"{base}{other.pk}/").status_code == 404
    r = api(opening.recorded_by).post(f"{base}{other.pk}/slips/", _slip_body(), format="json")
    assert r.status_code == 404


def test_a_second_photo_is_refused(api, opening, box_a):
    url = f"{_base(opening)}{opening.pk}/photo/"

    def upload():
        return {"file": SimpleUploadedFile("ba.jpg", photo(), content_type="image/jpeg")}

    first = api(box_a).post(url, upload(), format="multipart")
    second = api(box_a).post(url, upload(), format="multipart")

    assert first.status_code == 200, first.json()
    assert second.status_code == 400
    assert "file" in second.json()["fields"]


def test_the_opening_list_costs_the_same_queries_for_many_openings(
    api, desa_b, box_b, django_assert_max_num_queries
):
    # Desa B: desa A's box already holds the module's opening.
    team = [user_with(Role.BOX_TEAM, desa_b) for _ in range(3)]
    for declared in range(8):
        opening = open_box(desa_b, box_b, declared=declared, openers=[box_b, *team])
        add_slip(opening, box_b)
    client = api(box_b)
    url = f"/api/v1/desa/{desa_b.code}/suggestion-box/openings/"

    # auth user, memberships, desa, count, page, openers
    with django_assert_max_num_queries(7):
        r = client.get(url)
    with django_assert_max_num_queries(7):
        incomplete = client.get(f"{url}?incomplete=true")

    assert r.status_code == 200, r.json()
    assert r.json()["count"] == 8
    assert all(len(row["openers"]) == 4 for row in r.json()["results"])
    assert incomplete.json()["count"] == 7  # only the one declaring 1 slip is complete


def test_the_opening_detail_costs_the_same_queries_for_many_slips(
    api, desa_a, box_a, django_assert_max_num_queries
):
    opening = open_box(desa_a, box_a, declared=10)
    for _ in range(10):
        add_slip(opening, box_a)

    # auth user, memberships, desa, opening, openers, slips, count changes, register settings
    with django_assert_max_num_queries(9):
        r = api(box_a).get(f"{_base(opening)}{opening.pk}/")

    assert r.status_code == 200, r.json()
    assert len(r.json()["slips"]) == 10


@pytest.mark.parametrize("persona", EVERYONE)
def test_reading_the_berita_acara_photo(api, people, persona, opening, box_a):
    upload = SimpleUploadedFile("ba.jpg", photo(), content_type="image/jpeg")
    url = f"{_base(opening)}{opening.pk}/photo/"
    assert api(box_a).post(url, {"file": upload}, format="multipart").status_code == 200

    r = api(people[persona]).get(url)

    assert r.status_code == (200 if persona in READERS else 404)
    if r.status_code == 200:
        assert r["Content-Type"] == "image/jpeg"
        assert b"".join(r.streaming_content).startswith(b"\xff\xd8")


def test_an_opening_without_a_photo_has_none_to_download(api, opening, kades_desa_a):
    r = api(kades_desa_a).get(f"{_base(opening)}{opening.pk}/photo/")

    assert r.status_code == 404

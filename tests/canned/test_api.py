"""A desa's canned answers through the API: who may read and keep them, in which desa, and
what is refused."""

import pytest

from canned.models import CannedAnswer
from complaints.services import category_ensure_defaults

URL = "/api/v1/desa/32.07.10.2010/canned-answers/"


@pytest.fixture
def persona(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def categories(desa_a, desa_b):
    category_ensure_defaults(desa=desa_a)
    category_ensure_defaults(desa=desa_b)


def _canned(desa, title="Jalan rusak", body="Terima kasih, sudah kami teruskan.", **extra):
    return CannedAnswer.objects.create(desa=desa, title=title, body=body, **extra)


# persona → (GET, POST, PATCH, DELETE)
MATRIX = {
    "operator_desa_a": (200, 201, 200, 204),
    "kades_desa_a": (200, 201, 200, 204),
    "pejabat_desa_a": (200, 403, 403, 403),
    "camat_x": (404, 404, 404, 404),
    "operator_desa_b": (404, 404, 404, 404),
    "camat_y": (404, 404, 404, 404),
    "admin_kabupaten": (404, 404, 404, 404),
    "warga": (404, 404, 404, 404),
}


@pytest.mark.parametrize(
    ("persona", "expected"), list(MATRIX.items()), indirect=["persona"], ids=list(MATRIX)
)
def test_each_persona_gets_its_answer_to_list_add_change_and_remove(
    persona, expected, api, desa_a, categories
):
    existing = _canned(desa_a)
    client = api(persona)

    listed = client.get(URL)
    added = client.post(URL, {"title": "Bansos", "body": "Data Anda kami periksa."}, format="json")
    changed = client.patch(f"{URL}{existing.pk}/", {"body": "Sudah diperbaiki."}, format="json")
    removed = client.delete(f"{URL}{existing.pk}/")

    got = (listed.status_code, added.status_code, changed.status_code, removed.status_code)
    assert got == expected, (listed.json(), added.json())


def test_an_anonymous_caller_gets_401(api, desa_a):
    assert api().get(URL).status_code == 401


def test_the_list_holds_only_the_desa_s_own_answers(api, operator_desa_a, desa_a, desa_b):
    _canned(desa_a, title="Punya A")
    _canned(desa_b, title="Punya B")

    r = api(operator_desa_a).get(URL)

    assert r.status_code == 200, r.json()
    assert [row["title"] for row in r.json()["results"]] == ["Punya A"]


def test_an_answer_of_another_desa_is_not_found_through_this_desa(api, operator_desa_a, desa_b):
    other = _canned(desa_b)
    client = api(operator_desa_a)

    assert client.patch(f"{URL}{other.pk}/", {"body": "x"}, format="json").status_code == 404
    assert client.delete(f"{URL}{other.pk}/").status_code == 404
    assert CannedAnswer.objects.filter(pk=other.pk).exists()


def test_a_category_filter_keeps_that_category_and_those_for_every_category(
    api, operator_desa_a, desa_a, categories
):
    roads = desa_a.categories.get(slug="infrastruktur")
    aid = desa_a.categories.get(slug="bantuan-sosial")
    _canned(desa_a, title="Jalan", category=roads)
    _canned(desa_a, title="Bansos", category=aid)
    _canned(desa_a, title="Umum")
    _canned(desa_a, title="Minta foto", use=CannedAnswer.Use.REQUEST_INFO)

    r = api(operator_desa_a).get(URL, {"category": "infrastruktur", "use": "answer"})

    assert r.status_code == 200, r.json()
    assert [row["title"] for row in r.json()["results"]] == ["Jalan", "Umum"]
    jalan = r.json()["results"][0]
    assert (jalan["category"], jalan["category_name"]) == ("infrastruktur", "Infrastruktur")


def test_an_officer_adds_a_request_template_for_a_category_and_changes_it_back_to_every_one(
    api, operator_desa_a, desa_a, categories
):
    client = api(operator_desa_a)

    added = client.post(
        URL,
        {
            "title": "Minta foto",
            "body": "Mohon kirim foto lokasi.",
            "use": "request_info",
            "category": "infrastruktur",
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["category"] == "infrastruktur"
    changed = client.patch(f"{URL}{added.json()['id']}/", {"category": None}, format="json")

    assert changed.status_code == 200, changed.json()
    assert changed.json()["category"] is None
    row = CannedAnswer.objects.get()
    assert (row.use, row.created_by, row.updated_by) == ("request_info", operator_desa_a,
                                                         operator_desa_a)  # fmt: skip


def test_a_category_of_another_desa_a_blank_text_and_a_duplicate_title_are_refused(
    api, operator_desa_a, desa_a, desa_b, categories
):
    desa_b.categories.create(slug="khusus-b", name="Khusus B")
    _canned(desa_a, title="Jalan rusak")
    client = api(operator_desa_a)

    foreign = client.post(URL, {"title": "X", "body": "Y", "category": "khusus-b"}, format="json")
    blank = client.post(URL, {"title": "  ", "body": " "}, format="json")
    twice = client.post(URL, {"title": "Jalan rusak", "body": "Y"}, format="json")
    unknown = client.post(URL, {"title": "X", "body": "Y", "text": "Z"}, format="json")

    assert foreign.status_code == 400 and set(foreign.json()["fields"]) == {"category"}
    assert blank.status_code == 400 and set(blank.json()["fields"]) >= {"title", "body"}
    assert twice.status_code == 400 and set(twice.json()["fields"]) == {"title"}
    assert unknown.status_code == 400 and set(unknown.json()["fields"]) == {"text"}
    assert CannedAnswer.objects.count() == 1


def test_messages_are_indonesian_by_default_and_english_on_request(api, operator_desa_a, desa_a):
    _canned(desa_a, title="Sama")

    indonesian = api(operator_desa_a).post(URL, {"title": "Sama", "body": "Y"}, format="json")
    english = api(operator_desa_a, language="en").post(
        URL, {"title": "Sama", "body": "Y"}, format="json"
    )

    assert english.json()["fields"]["title"] == ["The desa already has a template with this title."]
    assert indonesian.json()["fields"]["title"] != english.json()["fields"]["title"]


def test_the_list_takes_a_fixed_number_of_queries(
    api, operator_desa_a, desa_a, categories, django_assert_max_num_queries
):
    for n, category in enumerate(desa_a.categories.all()):
        _canned(desa_a, title=f"Templat {n}", category=category)
    client = api(operator_desa_a)

    with django_assert_max_num_queries(6):
        r = client.get(URL)

    assert r.status_code == 200 and r.json()["count"] == 7

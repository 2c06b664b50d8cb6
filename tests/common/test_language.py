"""Every message a person reads is Indonesian first, English with `Accept-Language: en` —
the framework's own messages included (common/framework_messages.py)."""

import gettext
import re
from pathlib import Path

import pytest
import rest_framework
import rest_framework_simplejwt

from common import framework_messages
from tests.process import BACKEND


def both(api, method: str, path: str, *args, **kwargs):
    """The same request in Indonesian (the default) and in English."""
    return [
        getattr(api(language=language), method)(path, *args, **kwargs) for language in (None, "en")
    ]


def test_a_bad_access_token_is_explained_in_both_languages(api, db):
    answers = []
    for language in (None, "en"):
        client = api(language=language)
        client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
        answers.append(client.get("/api/v1/me/"))

    r_id, r_en = answers
    assert r_id.status_code == r_en.status_code == 401
    assert r_id.json()["message"] == "Token tidak valid atau sudah kedaluwarsa"
    assert r_en.json()["message"] == "Given token not valid for any token type"


def test_a_wrong_method_is_explained_in_both_languages(api, db):
    r_id, r_en = both(api, "get", "/api/v1/auth/token/")

    assert r_id.status_code == r_en.status_code == 405
    assert r_id.json()["message"] == 'Metode "GET" tidak diizinkan.'
    assert r_en.json()["message"] == 'Method "GET" not allowed.'


def test_malformed_json_is_explained_without_the_parsers_own_text(api, db):
    r_id, r_en = both(
        api, "generic", "POST", "/api/v1/auth/token/", "{username:", content_type="application/json"
    )

    assert r_id.status_code == r_en.status_code == 400
    assert r_id.json()["code"] == "parse_error"
    assert r_id.json()["message"].startswith("Isi permintaan tidak dapat dibaca")
    assert r_en.json()["message"].startswith("The request body could not be read")
    assert "Expecting" not in r_en.json()["message"]  # the Python parser's words


def test_a_page_past_the_end_is_explained_in_both_languages(api, desa_a):
    r_id, r_en = both(api, "get", "/api/v1/regions/?page=999")

    assert r_id.status_code == r_en.status_code == 404
    assert r_id.json()["message"] == "Halaman tidak valid."
    assert r_en.json()["message"] == "Invalid page."


def test_an_unknown_desa_at_sign_up_is_explained_in_both_languages(api, desa_a):
    body = {"phone": "0812-7777-0001", "password": "kata-sandi-panjang", "full_name": "Ani"}
    r_id, r_en = both(api, "post", "/api/v1/auth/signup/", {**body, "desa": "00"})

    assert r_id.status_code == r_en.status_code == 400
    assert r_id.json()["fields"]["desa"] == ["Data dengan code=00 tidak ditemukan."]
    assert r_en.json()["fields"]["desa"] == ["Object with code=00 does not exist."]


def test_a_word_for_a_number_is_explained_in_both_languages(api, desa_a):
    body = {
        "desa": desa_a.code,
        "kind": "suggestion",
        "category": "lainnya",
        "title": "Usul",
        "description": "Posyandu sore hari.",
        "anonymous": True,
        "latitude": "utara",
        "longitude": "106.8",
    }
    r_id, r_en = both(api, "post", "/api/v1/complaints/", body)

    assert r_id.status_code == r_en.status_code == 400
    assert r_id.json()["fields"]["latitude"] == ["Harus berupa angka."]
    assert r_en.json()["fields"]["latitude"] == ["A valid number is required."]


def _catalogue() -> dict[str, str]:
    with (BACKEND / "locale" / "id" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]


def _sources(package) -> str:
    return "\n".join(p.read_text() for p in Path(package.__file__).parent.rglob("*.py"))


@pytest.mark.parametrize(
    ("package", "messages"),
    [
        (rest_framework, framework_messages.DRF),
        (rest_framework_simplejwt, framework_messages.SIMPLEJWT),
    ],
)
def test_every_listed_framework_message_is_the_librarys_own_and_translated(package, messages):
    source = _sources(package)
    catalogue = _catalogue()

    for message in messages:
        quoted = re.escape(message)
        # As the library writes it, in single or double quotes (with its escapes).
        assert re.search(rf"""_\(\s*(['"]){quoted}\1""", source.replace("\\'", "'")), message
        assert catalogue.get(message) not in (None, "", message), message

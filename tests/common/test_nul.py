"""A NUL character anywhere in a request is refused with the error body, on every route.

PostgreSQL refuses U+0000 in text, so before this a NUL in a path segment or a body field
reached a query and answered 500. The routes come from the URLconf itself, so a route
added later is covered without touching this file.
"""

import json
import re
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

SAMPLE = "x"
NUMBER = "7"
BODY_METHODS = {"post", "put", "patch"}


def _segment(pattern) -> str:
    """A concrete path for one URL pattern piece, every parameter filled with SAMPLE."""
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: NUMBER if m[1] == "int" else SAMPLE, str(pattern)
        )
    assert isinstance(pattern, RegexPattern)
    regex = pattern._regex
    regex = re.sub(r"\(\?!.*?\)", "", regex)  # the SPA's negative look-ahead
    # A group of plain alternatives (the admin's app labels) takes its first; others SAMPLE.
    regex = re.sub(
        r"\(\?P<\w+>([^)]*)\)",
        lambda m: m[1].split("|")[0] if re.fullmatch(r"[\w|]+", m[1]) else SAMPLE,
        regex,
    )
    regex = regex.replace(".*", SAMPLE).replace("\\Z", "").strip("^$")
    return regex.replace("\\", "")


def _routes(resolver=None, prefix="/"):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + _segment(entry.pattern))
        else:
            assert isinstance(entry, URLPattern)
            yield prefix + _segment(entry.pattern), entry


def _methods(pattern: URLPattern) -> list[str]:
    view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    if view is None:
        return ["get", "post"]
    names = [m for m in view.http_method_names if m not in {"options", "head"}]
    return [m for m in names if hasattr(view, m)] or ["get"]


ROUTES = sorted({path: pattern for path, pattern in _routes()}.items())
assert len(ROUTES) > 40, "the URLconf walk found too few routes"


def test_every_generated_path_resolves_to_its_own_route():
    for path, pattern in ROUTES:
        assert resolve(path).func == pattern.callback, path


def _assert_error_body(r, status: int, where: str = "") -> dict:
    assert r.status_code == status, (where, r.status_code, r.content[:200])
    assert r["Content-Type"] == "application/json"
    body = r.json()
    assert set(body) == {"code", "message", "fields"}
    return body


def _with_nul_in_path(path: str) -> str:
    parts = path.split("/")
    # A parameter's value if there is one, else the last named segment.
    params = [i for i, part in enumerate(parts) if part in {SAMPLE, NUMBER}]
    index = params[0] if params else max(i for i, part in enumerate(parts) if part)
    parts[index] += "%00"
    return "/".join(parts)


@pytest.fixture(params=["anonymous", "token"])
def caller(request, api, operator_desa_a):
    return api(operator_desa_a if request.param == "token" else None)


def test_nul_in_the_path_is_404_with_the_error_body(caller):
    for path, pattern in ROUTES:
        for method in _methods(pattern):
            r = getattr(caller, method)(_with_nul_in_path(path))

            body = _assert_error_body(r, 404, f"{method} {path}")
            assert body["code"] == "not_found"


def test_nul_in_the_query_is_400_naming_the_parameter(caller):
    for path, pattern in ROUTES:
        for method in _methods(pattern):
            r = getattr(caller, method)(f"{path}?page=1&status=%00")

            body = _assert_error_body(r, 400, f"{method} {path}")
            assert body["code"] == "invalid"
            assert list(body["fields"]) == ["status"]


def test_nul_in_a_json_body_is_400_naming_the_field(caller):
    document = {"desa": "\u0000", "reporter": {"name": "a\u0000b"}, "items": ["ok", "\u0000"]}
    for path, pattern in ROUTES:
        for method in set(_methods(pattern)) & BODY_METHODS or {"post"}:
            r = caller.generic(
                method.upper(), path, json.dumps(document), content_type="application/json"
            )

            body = _assert_error_body(r, 400, f"{method} {path}")
            assert body["code"] == "invalid"
            assert set(body["fields"]) == {"desa", "reporter.name", "items.1"}


def test_a_raw_nul_byte_in_a_json_body_is_400(api, db):
    r = api().generic(
        "POST", "/api/v1/auth/signup/", b'{"desa": "\x00"}', content_type="application/json"
    )

    _assert_error_body(r, 400)


def test_nul_in_a_form_body_is_400(client, db):
    r = client.post(
        "/admin/login/",
        urlencode({"username": "admin\x00", "password": "x"}),
        content_type="application/x-www-form-urlencoded",
    )

    body = _assert_error_body(r, 400)
    assert list(body["fields"]) == ["username"]


def test_an_escaped_backslash_before_u0000_is_no_nul(api, db):
    # "\\u0000" in JSON text is the six characters \u0000, not a NUL: the view answers it.
    r = api().post(
        "/api/v1/auth/token/",
        '{"username": "\\\\u0000", "password": "x"}',
        content_type="application/json",
    )

    assert r.status_code == 401, r.json()


def test_the_message_follows_accept_language(api, db):
    r_id = api().get("/api/v1/regions/?q=%00")
    r_en = api(language="en").get("/api/v1/regions/?q=%00")

    assert r_id.json()["fields"]["q"] == ["Karakter NUL (\\u0000) tidak diperbolehkan."]
    assert r_en.json()["fields"]["q"] == ["The NUL character (\\u0000) is not allowed."]


def test_nul_in_a_multipart_field_is_400_from_the_upload_view(api, desa_a, settings, tmp_path):
    # Multipart bodies are parsed by the upload views (they bound the file size as it
    # arrives); their serializer fields refuse NUL. Django drops it from file names.
    from tests.complaints import files
    from tests.complaints.factories import submit

    settings.MEDIA_ROOT = tmp_path
    submitted = submit(desa_a)

    r = api().post(
        "/api/v1/track/attachments/",
        {
            "code": submitted.complaint.tracking_code,
            "pin": submitted.pin[:5] + "\x00",
            "file": files.upload(files.photo()),
        },
        format="multipart",
    )

    body = _assert_error_body(r, 400)
    assert list(body["fields"]) == ["pin"]

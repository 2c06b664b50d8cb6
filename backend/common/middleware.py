"""What every request and response goes through, so that every route behaves the same.

`NulRefusalMiddleware`: a NUL character (U+0000) is never meaningful in this service, and
PostgreSQL refuses it in text columns with an error that would surface as a 500 wherever
it reaches a query. It is refused here, once, for every route: in the path 404 (no route
can hold it), in the query string or the body 400, both with the `{code, message, fields}`
body.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from common.api import error_body
from common.errors import ErrorCode

NUL = "\x00"


def _nul_paths(value: Any, prefix: str = "") -> list[str]:
    """Dotted names of the places in a parsed JSON document that hold a NUL, keys included."""
    if isinstance(value, str):
        return [prefix.rstrip(".") or "non_field_errors"] if NUL in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if NUL in key:
                found.append(f"{prefix}{key}".replace(NUL, "\\u0000"))
            else:
                found.extend(_nul_paths(item, f"{prefix}{key}."))
        return found
    if isinstance(value, list):
        return [
            path
            for index, item in enumerate(value)
            for path in _nul_paths(item, f"{prefix}{index}.")
        ]
    return []


def _form_nul_fields(data) -> list[str]:
    return [
        key.replace(NUL, "\\u0000")
        for key, values in data.lists()
        if NUL in key or any(isinstance(v, str) and NUL in v for v in values)
    ]


class NulRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info or NUL in request.path:
            return JsonResponse(error_body(ErrorCode.NOT_FOUND, _("Not found.")), status=404)
        fields = _form_nul_fields(request.GET)
        if not fields:
            fields = self._body_nul_fields(request)
        if fields:
            message = _("The NUL character (\\u0000) is not allowed.")
            return JsonResponse(
                error_body(
                    ErrorCode.INVALID,
                    _("Some fields are not valid."),
                    {field: [message] for field in fields},
                ),
                status=400,
            )
        return self.get_response(request)

    def _body_nul_fields(self, request: HttpRequest) -> list[str]:
        content_type = (request.content_type or "").lower()
        if content_type.startswith("multipart/"):
            # Not parsed here: the upload views bound the file parts' size while Django
            # reads them (complaints.api.attachments), which must come first. Their form
            # fields are serializer fields, which refuse NUL themselves, and Django drops
            # unprintable characters from file names.
            return []
        if content_type.startswith("application/x-www-form-urlencoded"):
            try:
                return _form_nul_fields(request.POST)
            except Exception:  # too large or malformed: the view's own checks answer
                return []
        try:
            body = request.body
        except Exception:  # too large or already read: the view's own checks answer
            return []
        # JSON (or anything else textual): a raw NUL byte, or the escape in a JSON string.
        # The fast test is on bytes; only a hit pays for a parse that says where.
        if b"\x00" not in body and b"\\u0000" not in body:
            return []
        try:
            paths = _nul_paths(json.loads(body))
        except ValueError:
            return ["non_field_errors"] if b"\x00" in body else []
        return paths


class SpaSecurityHeadersMiddleware:
    """The security headers of the SPA's files (the app shell, its assets, the manifest),
    as the compose stack's nginx adds them (deploy/nginx-security-headers.conf), for when
    Django and WhiteNoise serve the app themselves (`make run`). Like nginx, it leaves
    /api/, /admin/ and /static/ alone: the API docs and the admin need their inline scripts.
    Placed before WhiteNoise, so that the files it serves pass through here."""

    EXCLUDED = ("/api/", "/admin/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(self.EXCLUDED):
            for header, value in settings.SPA_SECURITY_HEADERS.items():
                response.headers.setdefault(header, value)
        return response

"""Structured request logs that never carry identity or secrets.

One JSON line per request: method, route path (no query string — search terms and codes
live there), status, duration and the numeric user id. `RedactFilter` is the second line of
defence: it masks anything shaped like a NIK, a phone number or a JWT in any log record.
"""

import logging
import re
import time
import uuid

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("pengaduan.request")

_PATTERNS = [
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+"), "[token]"),  # JWT
    # An application's API key: the prefix stays, to tell keys apart; the secret goes.
    (re.compile(r"(pdk_[a-z0-9]{10})_[A-Za-z0-9_-]+"), r"\1_[key]"),
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "[nik]"),  # NIK: 16 digits (KTP)
    # Indonesian phone numbers: 08…, 628…, +62 8… with optional separators.
    (re.compile(r"(?<![\w])(?:\+?62|0)[\s-]?8\d{1,3}(?:[\s-]?\d{2,4}){2,3}(?![\w])"), "[phone]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.id = request.headers.get("X-Request-ID") or uuid.uuid4().hex  # type: ignore[attr-defined]
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # DRF authenticates inside the view; it leaves the user on the wrapped request.
        drf_user = getattr(getattr(response, "renderer_context", {}).get("request"), "user", None)
        user = drf_user or user
        logger.info(
            "request",
            extra={
                "request_id": request.id,  # type: ignore[attr-defined]
                "method": request.method,
                "path": redact(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "api_client": getattr(user, "api_client_id", None),
            },
        )
        response["X-Request-ID"] = request.id  # type: ignore[attr-defined]
        return response

import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from common.logging import RedactFilter, redact
from tests.accounts.factories import PASSWORD


@pytest.fixture
def log_lines():
    """What the stdout handler of settings.LOGGING would print, as parsed JSON lines."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_each_request_logs_one_structured_line(api, operator_desa_a, log_lines):
    api(operator_desa_a).get("/api/v1/me/?q=rahasia")

    requests = [line for line in log_lines() if line["message"] == "request"]
    assert len(requests) == 1
    line = requests[0]
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/me/"  # no query string
    assert line["status"] == 200
    assert line["user_id"] == operator_desa_a.pk
    assert line["duration_ms"] >= 0


def test_login_logs_no_password_phone_token_or_name(api, warga, log_lines):
    r = api().post("/api/v1/auth/token/", {"username": "0812-0000-1234", "password": PASSWORD})
    api().post("/api/v1/auth/token/", {"username": "0812-0000-1234", "password": "salah"})
    api().post("/api/v1/auth/logout/", {"refresh": r.json()["refresh"]})

    text = json.dumps(log_lines())
    assert "request" in text
    for secret in [PASSWORD, "0812-0000-1234", "81200001234", r.json()["refresh"], warga.full_name]:
        assert secret not in text


@pytest.mark.parametrize(
    "text",
    [
        "NIK 3207101203900001 ditolak",
        "hubungi 0812-3456-7890",
        "wa +62 812 3456 7890",
        "token eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoxfQ.c2lnbmF0dXJl",
    ],
)
def test_identity_shaped_values_are_masked_in_any_log_message(text):
    masked = redact(text)

    assert masked != text
    assert not any(ch.isdigit() for ch in masked.split(" ", 1)[1] if ch != " ")


def test_masking_leaves_ordinary_numbers_alone():
    assert redact("GET /api/v1/regions/32.07.10.2010/ 200 in 12 ms") == (
        "GET /api/v1/regions/32.07.10.2010/ 200 in 12 ms"
    )

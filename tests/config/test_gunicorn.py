"""The web process's request-line limit (backend/gunicorn.conf.py), on a real gunicorn."""

import json
import urllib.error
import urllib.request

import pytest

from tests.notifications.processes import web_server
from tests.process import database_url_for_subprocess, environment


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


@pytest.mark.django_db(transaction=True)
def test_a_request_line_up_to_8190_bytes_reaches_django_and_a_longer_one_is_414(db):
    env = environment(DATABASE_URL=database_url_for_subprocess(), DJANGO_ALLOWED_HOSTS="127.0.0.1")
    with web_server(env) as (base, _output):
        path = "/api/v1/tidak-ada/?q="
        # "GET " + path + query + " HTTP/1.1" is the request line gunicorn measures.
        long_query = "a" * (8190 - len("GET ") - len(path) - len(" HTTP/1.1"))
        too_long = long_query + "a"

        status, content_type, body = _get(base + path + long_query)
        refused, _type, _body = _get(base + path + too_long)

    assert status == 404 and content_type == "application/json"
    assert json.loads(body)["code"] == "not_found"
    assert refused == 414

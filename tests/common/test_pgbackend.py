"""The PostgreSQL backend's health check (`common.pgbackend`): a request after the server
dropped the connection is still answered, and a live connection costs no `SELECT 1`."""

import io
import select
import sys

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connections
from rest_framework_simplejwt.tokens import RefreshToken

pytestmark = pytest.mark.django_db(transaction=True)  # a connection outside any test atomic


def _wsgi_get(path: str, token: str) -> tuple[str, bytes]:
    """One request through the WSGI handler, as gunicorn makes it (request signals included;
    Django's test client leaves out the one that runs the health check)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    started = []
    body = b"".join(WSGIHandler()(environ, lambda status, headers, *_: started.append(status)))
    return started[0], body


def _server_ends(backend_pid: int, connection) -> None:
    """PostgreSQL ends the backend (as on a restart), and its goodbye reaches our socket."""
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    poller = select.poll()
    poller.register(connection.connection.pgconn.socket, select.POLLIN)
    assert poller.poll(5000), "the server did not end the connection"


def test_the_first_request_after_the_server_ended_the_connection_is_answered(warga):
    connection = connections["default"]
    token = str(RefreshToken.for_user(warga).access_token)
    assert _wsgi_get("/api/v1/me/", token)[0] == "200 OK"
    ended = connection.connection.info.backend_pid

    _server_ends(ended, connection)
    status, body = _wsgi_get("/api/v1/me/", token)

    assert status == "200 OK", body
    assert connection.connection.info.backend_pid != ended  # a new connection answered


def test_a_live_connection_is_trusted_without_a_round_trip(db, monkeypatch):
    connection = connections["default"]
    connection.ensure_connection()
    round_trips = []
    monkeypatch.setattr(connection, "is_usable", lambda: round_trips.append(1) or True)

    close_old_connections()  # what each request starts with
    connection.ensure_connection()
    connection.close_if_health_check_failed()

    assert connection.health_check_done
    assert round_trips == []

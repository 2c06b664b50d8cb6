"""`make run` serves the SPA with the same security headers as the compose stack's nginx."""

import re

import pytest
from django.test import Client

from tests.process import REPO

NGINX_SNIPPET = REPO / "deploy" / "nginx-security-headers.conf"


def nginx_headers() -> dict[str, str]:
    return dict(re.findall(r'^add_header (\S+) "([^"]*)" always;', NGINX_SNIPPET.read_text(), re.M))


@pytest.fixture
def spa_client(settings, tmp_path):
    """A client whose WhiteNoise serves a built SPA from `tmp_path`."""
    (tmp_path / "index.html").write_text("<!doctype html><title>Pengaduan Desa</title>")
    (tmp_path / "manifest.webmanifest").write_text('{"name": "Pengaduan Desa"}')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    settings.FRONTEND_DIST = tmp_path
    settings.WHITENOISE_ROOT = tmp_path
    return Client()  # a new client: its middleware is built with these settings


def test_the_nginx_snippet_is_read_whole():
    assert set(nginx_headers()) >= {"Content-Security-Policy", "Permissions-Policy"}


@pytest.mark.parametrize(
    "path", ["/", "/d/32.07.10.2010", "/manifest.webmanifest", "/assets/index-abc123.js"]
)
def test_the_app_files_carry_the_headers_nginx_gives_them(spa_client, db, path):
    r = spa_client.get(path)

    assert r.status_code == 200
    assert {header: r.headers.get(header) for header in nginx_headers()} == nginx_headers()


def test_the_manifest_has_its_content_type(spa_client, db):
    r = spa_client.get("/manifest.webmanifest")

    assert r["Content-Type"] == "application/manifest+json"


def test_the_api_keeps_djangos_headers_without_the_apps_policy(spa_client, db):
    # As behind nginx, which adds its snippet only to the files it serves itself.
    r = spa_client.get("/api/v1/health/")

    assert r["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in r.headers

"""The production profile: settings from the environment, secure by default."""

import secrets
import subprocess
import sys

from tests.process import BACKEND, environment


def manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BACKEND,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production(tmp_path, **overrides: str | None) -> dict[str, str | None]:
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "true",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECRET_KEY_FILE": None,
        "DJANGO_ALLOWED_HOSTS": "pengaduan.jagabaya.desa.id",
        "FIELD_ENCRYPTION_KEYS": "dGVzdC1vbmx5LWZpZWxkLWtleS1ub3Qtc2VjcmV0ISE=",
        "IDENTITY_HASH_KEY": secrets.token_urlsafe(32),
        "DATA_DIR": str(tmp_path),
        "DJANGO_ALLOW_ASYNC_UNSAFE": None,  # set for the browser tests only
        **overrides,
    }


def test_production_profile_passes_check_deploy(tmp_path):
    r = manage("check", "--deploy", "--fail-level", "WARNING", **production(tmp_path))

    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_it_refuses_to_start_without_a_secret_key_outside_debug(tmp_path):
    r = manage("check", **production(tmp_path, DJANGO_SECRET_KEY=None))

    assert r.returncode != 0
    assert "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required" in r.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50))

    r = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production(tmp_path, DJANGO_SECRET_KEY=None, DJANGO_SECRET_KEY_FILE=str(key_file)),
    )

    assert r.returncode == 0, r.stdout + r.stderr


def test_an_unreadable_secret_file_is_a_clear_configuration_error(tmp_path):
    r = manage(
        "check",
        **production(
            tmp_path, DJANGO_SECRET_KEY=None, DJANGO_SECRET_KEY_FILE=str(tmp_path / "nope")
        ),
    )

    assert r.returncode != 0
    assert "DJANGO_SECRET_KEY_FILE" in r.stderr and "cannot be read" in r.stderr


def test_bad_database_url_is_refused_at_start(tmp_path):
    r = manage("check", **production(tmp_path, DATABASE_URL="mysql-ish://nowhere"))

    assert r.returncode != 0


def test_it_refuses_to_start_without_identity_encryption_keys(tmp_path):
    r = manage("check", **production(tmp_path, FIELD_ENCRYPTION_KEYS=None))

    assert r.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and IDENTITY_HASH_KEY" in r.stderr

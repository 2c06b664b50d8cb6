"""The restore drill: a service with complaints, identities, attachments and register books
in two desa over two years is backed up, restored into a fresh PostgreSQL database and a
fresh storage folder, and checked there by processes that know only the restored
DATABASE_URL and the keys file: the register's hash chains verify, every identity decrypts,
every attachment opens with its checksum."""

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from complaints.attachments import attachment_add
from complaints.models import Attachment, ReporterIdentity, Visibility
from tests.complaints import files
from tests.process import BACKEND, environment
from tests.register.factories import received

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


READ_BACK = """
import hashlib, json
from complaints.models import Attachment, ReporterIdentity
identities = sorted(
    [i.complaint.tracking_code, i.name, i.nik, i.phone]
    for i in ReporterIdentity.objects.select_related("complaint")
)
attachments = {}
for a in Attachment.objects.all():
    with a.file.open("rb") as f:
        attachments[a.token] = hashlib.sha256(f.read()).hexdigest()
print(json.dumps({"identities": identities, "attachments": attachments}))
"""


def psql(sql: str) -> None:
    db = connection.settings_dict
    subprocess.run(
        ["psql", "-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"], "-d",
         "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True, env=environment(PGPASSWORD=db["PASSWORD"] or None),
    )  # fmt: skip


@pytest.fixture
def restore_database_url():
    """A fresh, empty database for the restore, dropped afterwards. Named after the test
    database, so that two runs on one server (two engineers, two CI jobs) never share it."""
    db = connection.settings_dict
    restore_database = f"{db['NAME']}_restore"
    psql(f"DROP DATABASE IF EXISTS {restore_database} WITH (FORCE)")
    psql(f"CREATE DATABASE {restore_database}")
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{restore_database}"
    psql(f"DROP DATABASE IF EXISTS {restore_database} WITH (FORCE)")


def keys_from(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {name: value for name, value in pairs if not name.startswith("#")}


def manage(*args: str, env: dict[str, str | None]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BACKEND,
        env=environment(DJANGO_ALLOW_ASYNC_UNSAFE=None, S3_BUCKET=None, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def service(settings, tmp_path, desa_a, desa_b, operator_desa_a, operator_desa_b):
    """Named complaints received in 2025 and 2026 in Jagabaya and Klero, with photos and
    PDFs attached by the officers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    complaints = []
    for year in (2025, 2026):
        with time_machine.travel(datetime(year, 3, 10, 2, 0, tzinfo=UTC), tick=False):
            complaints += received(desa_a, operator_desa_a, count=2)
            complaints += received(desa_b, operator_desa_b, count=2)
    officers = {desa_a.pk: operator_desa_a, desa_b.pk: operator_desa_b}
    for index, complaint in enumerate(complaints[:5]):
        content, name = (files.pdf(), "berita.pdf") if index % 2 else (files.photo(), "a.jpg")
        attachment_add(
            complaint=complaint,
            actor=officers[complaint.desa_id],
            upload=files.upload(content, name),
            visibility=Visibility.STAFF,
        )
    return complaints


def test_a_backup_restores_into_a_fresh_database_and_storage(
    service, tmp_path, restore_database_url, desa_a, desa_b
):
    backup_dir, keys_file = tmp_path / "backup", tmp_path / "keys-apart" / "identity.env"
    keys_file.parent.mkdir()
    originals = {
        "identities": sorted(
            [i.complaint.tracking_code, i.name, i.nik, i.phone]
            for i in ReporterIdentity.objects.select_related("complaint")
        ),
        "attachments": {
            a.token: hashlib.sha256(a.file.open("rb").read()).hexdigest()
            for a in Attachment.objects.all()
        },
    }
    assert len(originals["identities"]) == 8 and len(originals["attachments"]) == 5

    call_command("backup", str(backup_dir), "--keys-to", str(keys_file))

    manifest = json.loads((backup_dir / "manifest.json").read_text())
    # Each file, and the small copy kept beside each photo for the tracking page.
    photos = Attachment.objects.filter(content_type__startswith="image/").count()
    assert photos and manifest["object_count"] == 5 + photos
    assert manifest["database"]["file"] == "database.pgdump"
    assert "complaints.0001_initial" in manifest["migrations"]
    keys = keys_from(keys_file)
    assert keys.keys() == {"FIELD_ENCRYPTION_KEYS", "IDENTITY_HASH_KEY"}
    for stored in backup_dir.rglob("*"):  # the keys never sit beside the data
        if stored.is_file():
            content = stored.read_bytes()
            assert keys["IDENTITY_HASH_KEY"].encode() not in content
            assert keys["FIELD_ENCRYPTION_KEYS"].encode() not in content

    restored_media = tmp_path / "restored-media"
    restored = {
        "DATABASE_URL": restore_database_url,
        "MEDIA_ROOT": str(restored_media),
        "DATA_DIR": str(tmp_path / "restored-data"),
        **keys,
    }
    r = manage("restore", str(backup_dir), env=restored)
    assert r.returncode == 0, r.stderr
    assert f"Restored the database and {5 + photos} objects." in r.stdout
    assert "not applied" not in r.stdout and "will not decrypt" not in r.stdout

    verify = manage("register_verify", env=restored)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert sorted(verify.stdout.splitlines()) == [
        f"{code} {year}: OK, 2 entries"
        for code in sorted([desa_a.code, desa_b.code])
        for year in (2025, 2026)
    ]

    read_back = manage("shell", "-c", READ_BACK, env=restored)
    assert read_back.returncode == 0, read_back.stderr
    assert json.loads(read_back.stdout.strip().splitlines()[-1]) == originals
    assert sum(1 for path in restored_media.rglob("*") if path.is_file()) == 5 + photos

    again = manage("restore", str(backup_dir), env=restored)
    assert again.returncode != 0
    assert "not empty" in again.stderr

"""`backup` and `restore`: what they refuse, and objects of an S3 bucket."""

import json
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from common.backup import backup_create, backup_manifest, objects_restore, storage_keys
from common.storage import ObjectStorage
from tests.process import BACKEND, environment
from tests.storage.s3_server import object_storage_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))


def test_the_keys_are_never_written_inside_the_backup(tmp_path):
    with pytest.raises(CommandError, match="outside the backup directory"):
        call_command("backup", str(tmp_path / "b"), "--keys-to", str(tmp_path / "b" / "keys"))
    assert not (tmp_path / "b").exists()


def test_the_keys_file_is_private_and_never_overwritten(tmp_path):
    keys = tmp_path / "keys.env"
    call_command("backup", str(tmp_path / "b1"), "--keys-to", str(keys))

    assert keys.stat().st_mode & 0o777 == 0o600
    assert "IDENTITY_HASH_KEY=test-only-hash-key" in keys.read_text()
    assert "test-only-hash-key" not in (tmp_path / "b1" / "manifest.json").read_text()
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(tmp_path / "b2"), "--keys-to", str(keys))


def test_a_damaged_object_is_refused_before_anything_is_restored(tmp_path):
    default_storage.save("attachments/32.07.10.2010/abc", ContentFile(b"%PDF-1.4 evidence"))
    call_command("backup", str(tmp_path / "b"))
    (tmp_path / "b" / "objects" / "attachments" / "32.07.10.2010" / "abc").write_bytes(b"%PDF-x")

    with pytest.raises(CommandError, match="abc is missing or does not match its checksum"):
        call_command("restore", str(tmp_path / "b"))


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup", str(tmp_path / "b"))

    with pytest.raises(CommandError, match="database is not empty"):
        call_command("restore", str(tmp_path / "b"))


@pytest.mark.slow  # starts moto_server
def test_objects_of_a_bucket_are_copied_out_and_back_into_another(tmp_path, s3_server, s3_storage):
    source = default_storage
    for key, content in [
        ("attachments/32.07.10.2010/t1", b"one"),
        ("register-exports/x/a.csv", b"2"),
    ]:
        source.save(key, ContentFile(content))

    backup_create(directory=tmp_path / "b", storage=source)
    manifest = backup_manifest(tmp_path / "b")
    target = ObjectStorage(**object_storage_settings(s3_server, s3_server.new_bucket())["OPTIONS"])
    objects_restore(directory=tmp_path / "b", manifest=manifest, storage=target, force=False)

    assert manifest["object_count"] == 2
    assert list(storage_keys(target)) == [
        "attachments/32.07.10.2010/t1",
        "register-exports/x/a.csv",
    ]
    assert target.open("register-exports/x/a.csv").read() == b"2"


@pytest.mark.slow
def test_an_embedded_sqlite_service_backs_up_and_restores(tmp_path):
    def manage(*args, database):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BACKEND,
            env=environment(
                DATABASE_URL=f"sqlite:///{tmp_path / database}",
                MEDIA_ROOT=str(tmp_path / f"media-{database}"),
                DATA_DIR=str(tmp_path / "data"),
                S3_BUCKET=None,
                DJANGO_ALLOW_ASYNC_UNSAFE=None,
            ),
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "-v", "0", database="a.sqlite3").returncode == 0
    made = manage(
        "shell", "-c",
        "from django.core.files.storage import default_storage as s; "
        "from django.core.files.base import ContentFile; "
        "s.save('attachments/x/t', ContentFile(b'hi')); "
        "from regions.models import Region; print(Region.objects.count())",
        database="a.sqlite3",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    backup = manage("backup", str(tmp_path / "b"), database="a.sqlite3")
    assert backup.returncode == 0, backup.stderr

    restore = manage("restore", str(tmp_path / "b"), database="b.sqlite3")
    assert restore.returncode == 0, restore.stderr
    counted = manage(
        "shell", "-c", "from regions.models import Region; print(Region.objects.count())",
        database="b.sqlite3",
    )  # fmt: skip

    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["database"]["engine"] == "sqlite"
    assert counted.stdout.strip().splitlines()[-1] == made.stdout.strip().splitlines()[-1]
    assert (tmp_path / "media-b.sqlite3" / "attachments" / "x" / "t").read_bytes() == b"hi"

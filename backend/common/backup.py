"""Backups that restore: the database, every stored object, and a manifest to check them by.

A backup is a directory:

    manifest.json        when, which code, which migrations, the database engine, and the
                         size and SHA-256 of the database dump and of every object
    database.pgdump      PostgreSQL: `pg_dump --format=custom` of DATABASE_URL
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    objects/<key>        every object of the default storage (filesystem or S3), by its key

The keys that decrypt reporter identity (FIELD_ENCRYPTION_KEYS, IDENTITY_HASH_KEY) are never
written into it: `keys_export` writes them to a separate file on request, to be kept on
another medium by another person (docs/deploy.md). The manifest holds only fingerprints of
them, so a restore can say whether the configured keys are the ones the data needs.

`backup_restore` goes into an empty database and an empty storage, and checks every
checksum before it writes anything.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from common.clock import current_time
from config.env import REPO_DIR

MANIFEST = "manifest.json"
OBJECTS = "objects"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be taken, or a restore that must not go on."""


@dataclass(frozen=True)
class BackupSummary:
    directory: Path
    database_file: str
    objects: int
    bytes: int


# --- taking a backup ----------------------------------------------------------------------


def backup_create(*, directory: Path, storage: Storage | None = None) -> BackupSummary:
    """Dump the database and copy every object of `storage` (the default one) into
    `directory`, which must be new or empty; write the manifest last, so a directory without
    one is an interrupted backup."""
    storage = storage or default_storage
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty")
    (directory / OBJECTS).mkdir(parents=True, exist_ok=True)
    started = current_time()

    database_file = _dump_database(directory)
    objects = []
    for key in storage_keys(storage):
        target = _object_path(directory, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(key, "rb") as source, open(target, "wb") as out:
            size, digest = _copy(source, out)
        objects.append({"key": key, "size": size, "sha256": digest})

    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": current_time().isoformat(),
        "app_version": app_version(),
        "database": {
            "engine": connection.vendor,
            "file": database_file,
            **_file_digest(directory / database_file),
        },
        "migrations": sorted(f"{app}.{name}" for app, name in _applied_migrations()),
        "storage": storage.__class__.__name__,  # the wrapped class, for default_storage
        "object_count": len(objects),
        "objects": objects,
        "keys": key_fingerprints(),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return BackupSummary(
        directory, database_file, len(objects), sum(entry["size"] for entry in objects)
    )


def storage_keys(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every object's key under `prefix`, depth first, in a stable order."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:  # a filesystem storage whose folder was never made
        return
    for name in sorted(files):
        yield f"{prefix}{name}"
    for name in sorted(directories):
        yield from storage_keys(storage, f"{prefix}{name}/")


def keys_export(*, path: Path) -> None:
    """Write the identity keys to `path` (mode 0600, never over an existing file), as the
    environment lines a restored service needs."""
    path = Path(path)
    text = (
        "# Pengaduan Desa: the keys that decrypt reporter identity. Keep this file apart\n"
        "# from the backups (another medium, another person): whoever holds both holds\n"
        "# every reporter's name, NIK and phone number.\n"
        f"FIELD_ENCRYPTION_KEYS={','.join(settings.FIELD_ENCRYPTION_KEYS)}\n"
        f"IDENTITY_HASH_KEY={settings.IDENTITY_HASH_KEY}\n"
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(text)


def key_fingerprints() -> dict[str, object]:
    """Short hashes of the identity keys: enough to recognise them, useless to decrypt."""
    return {
        "field_encryption_keys": [_fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS],
        "identity_hash_key": _fingerprint(settings.IDENTITY_HASH_KEY),
    }


def app_version() -> str:
    """APP_VERSION when the image sets it, else the checkout's git commit, else unknown."""
    if version := os.environ.get("APP_VERSION"):
        return version
    try:
        result = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


# --- restoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreSummary:
    objects: int
    missing_migrations: list[str]
    unknown_migrations: list[str]
    keys_match: bool


def backup_restore(
    *, directory: Path, force: bool = False, storage: Storage | None = None
) -> RestoreSummary:
    """Restore a backup into the configured database and storage.

    Refuses (BackupError) a database that has any table, or a storage that holds any object,
    unless `force` (then the dump replaces what it names, and objects of the same key are
    overwritten). Every checksum is checked before anything is written.
    """
    storage = storage or default_storage
    directory = Path(directory)
    manifest = backup_manifest(directory)
    _verify(directory, manifest)
    if manifest["database"]["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']['engine']} database; "
            f"this one is {connection.vendor}"
        )
    if not force:
        if tables := connection.introspection.table_names():
            raise BackupError(
                f"the database is not empty ({len(tables)} tables); restore into a fresh one "
                "or pass --force"
            )
        if next(storage_keys(storage), None) is not None:
            raise BackupError("the storage is not empty; restore into a fresh one or pass --force")

    _restore_database(directory / manifest["database"]["file"], force=force)
    objects_restore(directory=directory, manifest=manifest, storage=storage, force=force)

    applied = {f"{app}.{name}" for app, name in _applied_migrations()}
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return RestoreSummary(
        objects=len(manifest["objects"]),
        missing_migrations=sorted(known - applied),
        unknown_migrations=sorted(applied - known),
        keys_match=_keys_cover(manifest.get("keys") or {}),
    )


def objects_restore(*, directory: Path, manifest: dict, storage: Storage, force: bool) -> None:
    """Put every object of the backup back under its own key (checked by `_verify` first)."""
    for entry in manifest["objects"]:
        key = entry["key"]
        if force and storage.exists(key):
            storage.delete(key)
        with open(_object_path(directory, key), "rb") as source:
            saved = storage.save(key, File(source, name=key))
        if saved != key:
            raise BackupError(f"object {key} was stored as {saved}")


def _keys_cover(needed: dict) -> bool:
    """Whether the configured keys read the backup's data: the same hash key, and every
    encryption key of then among those of now (a rotation prepends a new one)."""
    now = key_fingerprints()
    return needed.get("identity_hash_key") == now["identity_hash_key"] and set(
        needed.get("field_encryption_keys", [])
    ) <= set(now["field_encryption_keys"])


def backup_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: not a backup, or an interrupted one")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _verify(directory: Path, manifest: dict) -> None:
    database = manifest["database"]
    if _file_digest(directory / database["file"]) != {
        "size": database["size"],
        "sha256": database["sha256"],
    }:
        raise BackupError(f"{database['file']} does not match its checksum")
    for entry in manifest["objects"]:
        path = _object_path(directory, entry["key"])
        if not path.is_file() or _file_digest(path) != {
            "size": entry["size"],
            "sha256": entry["sha256"],
        }:
            raise BackupError(f"object {entry['key']} is missing or does not match its checksum")


# --- the database ---------------------------------------------------------------------------


def _dump_database(directory: Path) -> str:
    if connection.vendor == "postgresql":
        _pg(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", directory / PG_DUMP
        )
        return PG_DUMP
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(directory / SQLITE_COPY)
        try:
            connection.connection.backup(target)  # consistent while others keep writing
        finally:
            target.close()
        return SQLITE_COPY
    raise BackupError(f"no backup method for {connection.vendor}")


def _restore_database(dump: Path, *, force: bool) -> None:
    if connection.vendor == "postgresql":
        clean = ["--clean", "--if-exists"] if force else []
        connection.close()
        _pg(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *clean,
            dump,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()  # the next query sees the restored schema


def _pg(program: str, *args: object) -> None:
    """Run a PostgreSQL client on the configured database; the password goes in the
    environment, never on the command line."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: postgresql-client)")
    target = ["--dbname", db["NAME"]]
    result = subprocess.run(
        [program, *target, *map(str, args)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _applied_migrations() -> list[tuple[str, str]]:
    return list(MigrationRecorder(connection).applied_migrations())


# --- files ----------------------------------------------------------------------------------


def _object_path(directory: Path, key: str) -> Path:
    base = (directory / OBJECTS).resolve()
    path = (base / key).resolve()
    if base not in path.parents:
        raise BackupError(f"object key {key!r} leaves the backup directory")
    return path


def _copy(source, out) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        out.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _file_digest(path: Path) -> dict[str, object]:
    with open(path, "rb") as source:
        size, digest = _copy(source, _Discard())
    return {"size": size, "sha256": digest}


class _Discard:
    def write(self, chunk: bytes) -> None:
        pass


def _fingerprint(key: str) -> str:
    return hashlib.sha256(f"pengaduan-key-fingerprint:{key}".encode()).hexdigest()[:16]

"""`manage.py backup DIR [--keys-to FILE]`: the database, every stored object and a manifest
into DIR (new or empty); the identity keys only into FILE, apart (common/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create, keys_export


class Command(BaseCommand):
    help = "Back up the database and the stored files (not the identity keys) into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A new or empty directory.")
        parser.add_argument(
            "--keys-to",
            type=Path,
            help="Also write FIELD_ENCRYPTION_KEYS and IDENTITY_HASH_KEY to this file, which "
            "must be outside DIR and not exist yet. Keep it apart from the backup.",
        )

    def handle(self, *args, directory, keys_to=None, **options):
        directory = Path(directory)
        keys_to = Path(keys_to) if keys_to else None
        if keys_to is not None:
            inside = directory.resolve() in keys_to.resolve().parents
            if inside:
                raise CommandError("--keys-to must lie outside the backup directory")
            if keys_to.exists():
                raise CommandError(f"{keys_to} exists; the keys are never written over a file")
        try:
            summary = backup_create(directory=directory)
            if keys_to is not None:
                keys_export(path=keys_to)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up the database ({summary.database_file}) and {summary.objects} objects "
            f"({summary.bytes} bytes) into {summary.directory}."
        )
        if keys_to is not None:
            self.stdout.write(f"Identity keys written to {keys_to}: store it apart.")
        else:
            self.stdout.write(
                "The identity keys are not in the backup; without them no identity can be read."
            )

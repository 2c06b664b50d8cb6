"""`manage.py restore DIR [--force]`: a backup made by `manage.py backup` into the configured,
empty database and storage; checksums are checked before anything is written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A directory made by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore over a database with tables and a storage with objects.",
        )

    def handle(self, *args, directory, force: bool = False, **options):
        try:
            summary = backup_restore(directory=Path(directory), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the database and {summary.objects} objects.")
        if summary.missing_migrations:
            self.stdout.write(
                f"{len(summary.missing_migrations)} migrations of this code are not applied: "
                "run `manage.py migrate`."
            )
        if summary.unknown_migrations:
            self.stdout.write(
                "The backup has migrations this code does not know "
                f"({', '.join(summary.unknown_migrations)}): run the code it was taken with."
            )
        if not summary.keys_match:
            self.stdout.write(
                "The configured FIELD_ENCRYPTION_KEYS / IDENTITY_HASH_KEY are not the ones of "
                "the backup: identities will not decrypt until they are."
            )

"""Concurrent receives and the append-only guards on the embedded SQLite default.

Run by tests/register/test_sqlite.py in a child process, because the suite itself runs on
PostgreSQL: `python tests/register/sqlite_receives.py THREADS PER_THREAD` with
DATABASE_URL=sqlite:///… and DATA_DIR in the environment. Migrates, seeds one desa with
one intake officer per thread, lets the threads receive complaints all at once through
`complaint_transition`, then tries to rewrite the book. Prints one JSON object.
"""

import json
import os
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, connections, transaction  # noqa: E402

from accounts.models import Role  # noqa: E402
from complaints.services import complaint_transition  # noqa: E402
from complaints.state import Action  # noqa: E402
from register.models import AnnotationField, RegisterAnnotation, RegisterEntry  # noqa: E402
from register.selectors import register_chain_verify  # noqa: E402
from register.services import register_annotation_add  # noqa: E402
from tests.accounts.factories import user_with  # noqa: E402
from tests.complaints.factories import submit  # noqa: E402
from tests.regions.factories import desa  # noqa: E402


def receives(threads: int, per_thread: int) -> dict:
    village = desa("32.07.10.2010", "Jagabaya", "JGB")
    officers = [
        user_with(Role.INTAKE_OFFICER, village, username=f"petugas{index}")
        for index in range(threads)
    ]
    batches = [[submit(village).complaint for _ in range(per_thread)] for _ in range(threads)]
    start = threading.Barrier(threads)
    errors: list[str] = []

    def officer_receives(officer, complaints):
        try:
            start.wait()
            for complaint in complaints:
                try:
                    complaint_transition(complaint=complaint, action=Action.RECEIVE, actor=officer)
                except Exception as error:  # reported in the output, e.g. "database is locked"
                    errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=officer_receives, args=(officer, batch))
        for officer, batch in zip(officers, batches, strict=True)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    numbers = list(
        RegisterEntry.objects.filter(desa=village)
        .order_by("number")
        .values_list("number", flat=True)
    )
    return {
        "vendor": connection.vendor,
        "transaction_mode": connection.settings_dict["OPTIONS"].get("transaction_mode"),
        "errors": errors,
        "numbers": numbers,
        "chain_ok": all(report.ok for report in register_chain_verify(desa=village)),
        "entry_ids": list(
            RegisterEntry.objects.filter(desa=village, number__lte=2)
            .order_by("number")
            .values_list("pk", flat=True)
        ),
        "officer_id": officers[0].pk,
    }


def refused(action) -> str:
    """The database's message when it refuses `action`, or "" when it let it through."""
    try:
        with transaction.atomic():
            action()
    except DatabaseError as error:
        return str(error)
    return ""


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rewrites(entry_id: int, bare_entry_id: int, officer_id: int) -> dict:
    """Rewrites of entry 1 (annotated first) and of entry 2 (no annotation: a delete of it
    meets the trigger, not the annotation's protecting foreign key)."""
    entry = RegisterEntry.objects.get(pk=entry_id)
    officer = entry.received_by.__class__.objects.get(pk=officer_id)
    note = register_annotation_add(
        entry=entry,
        actor=officer,
        field=AnnotationField.SUMMARY,
        text="Gorong-gorong di RT 03",
        reason="Salah tulis RT",
    )
    entry.summary = "Sesuatu yang lain"
    entries, notes = RegisterEntry._meta.db_table, RegisterAnnotation._meta.db_table
    return {
        "entry_save": refused(entry.save),
        "entry_update": refused(
            lambda: RegisterEntry.objects.filter(pk=entry_id).update(number=999)
        ),
        "entry_delete": refused(lambda: RegisterEntry.objects.filter(pk=bare_entry_id).delete()),
        "entry_raw_update": refused(
            lambda: raw(f"UPDATE {entries} SET summary = %s WHERE id = %s", ["x", entry_id])
        ),
        "entry_raw_delete": refused(
            lambda: raw(f"DELETE FROM {entries} WHERE id = %s", [bare_entry_id])
        ),
        "annotation_update": refused(
            lambda: RegisterAnnotation.objects.filter(pk=note.pk).update(text="x")
        ),
        "annotation_raw_update": refused(
            lambda: raw(f"UPDATE {notes} SET reason = %s WHERE id = %s", ["x", note.pk])
        ),
        "annotation_raw_delete": refused(
            lambda: raw(f"DELETE FROM {notes} WHERE id = %s", [note.pk])
        ),
        "entry_summary_after": RegisterEntry.objects.get(pk=entry_id).summary,
        "annotations_after": RegisterAnnotation.objects.filter(pk=note.pk).count(),
        "entries_after": RegisterEntry.objects.filter(pk__in=[entry_id, bare_entry_id]).count(),
    }


if __name__ == "__main__":
    threads, per_thread = int(sys.argv[1]), int(sys.argv[2])
    call_command("migrate", verbosity=0, interactive=False)
    result = receives(threads, per_thread)
    first, second = result.pop("entry_ids")
    result["rewrites"] = rewrites(first, second, result.pop("officer_id"))
    print(json.dumps(result))

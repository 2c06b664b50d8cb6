from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models
from django.db.migrations.operations import AddIndex


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """Built without blocking writes on PostgreSQL (docs/deploy.md § Upgrades); a plain
    CREATE INDEX on SQLite, which has no CONCURRENTLY."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    """The complaints waiting on the office, by desa and receipt: the reports' "now"
    columns (open, overdue, by age, unassignable) read only these rows."""

    atomic = False

    dependencies = [
        ("complaints", "0011_reporter_urgent"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "received",
                            "needs_info",
                            "verified",
                            "assigned",
                            "in_progress",
                            "reopened",
                        ],
                    )
                ),
                fields=["desa", "received_at", "id", "status", "assigned_position", "assigned_to"],
                name="complaint_waiting_by_desa",
            ),
        ),
    ]

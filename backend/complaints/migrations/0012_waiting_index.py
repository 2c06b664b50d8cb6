from django.db import migrations, models

from common.migration_operations import AddIndexConcurrentlyOnPostgres


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

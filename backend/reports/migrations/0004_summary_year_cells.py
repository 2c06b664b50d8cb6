from django.db import migrations, models

from common.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    """The desa's year cells with their counts, for the table of desa of a kabupaten's
    report (an index-only scan in the order of its running totals)."""

    atomic = False

    dependencies = [
        ("reports", "0003_summary"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="summary",
            index=models.Index(
                condition=models.Q(("span", "year")),
                fields=["region", "month", "measure", "bucket", "n"],
                name="summary_year_cells",
            ),
        ),
    ]

from django.db import migrations

from common.migration_operations import RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    """The table of desa of a year reads `DesaYear` now: the index of the summary's year
    cells served only that read, and with `n` in it a move's updates of those cells were
    not HOT."""

    atomic = False

    dependencies = [
        ("reports", "0005_desa_year"),
    ]

    operations = [
        RemoveIndexConcurrentlyOnPostgres(
            model_name="summary",
            name="summary_year_cells",
        ),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    """The auto-close sweep's query (answered complaints past the objection window) is
    ours, on the complaints table: a partial index keeps it proportional to the answered
    complaints, not the whole table."""

    dependencies = [("sla", "0001_initial"), ("complaints", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS sla_answered_awaiting_close "
            "ON complaints_complaint (answered_at) WHERE status = 'answered'",
            "DROP INDEX IF EXISTS sla_answered_awaiting_close",
        )
    ]

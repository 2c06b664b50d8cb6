import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pengaduan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task, defined once here (STYLE.md §7). Times are UTC.
app.conf.beat_schedule = {
    # Expired refresh tokens (and their blacklist rows) are useless; keep the tables small.
    "accounts.flush_expired_tokens": {
        "task": "accounts.tasks.flush_expired_tokens",
        "schedule": crontab(hour=19, minute=30),  # 02:30 WIB, when nobody is working
    },
    # Idempotency keys are remembered 24 h; expired rows are already ignored, this frees them.
    "common.purge_idempotency_records": {
        "task": "common.tasks.purge_idempotency_records",
        "schedule": crontab(minute=17),  # hourly, off the top of the hour
    },
}

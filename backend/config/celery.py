import os

from celery import Celery
from celery.schedules import crontab

from config.env import env

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pengaduan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each entry is sent once per slot even if two beats run by mistake (common/beat.py).
app.conf.beat_scheduler = "common.beat:SingleFlightScheduler"

# Every periodic task, defined once here (docs/style.md, Celery). Times are UTC.
app.conf.beat_schedule = {
    # Expired refresh tokens (and their blacklist rows) are useless; keep the tables small.
    "accounts.flush_expired_tokens": {
        "task": "accounts.tasks.flush_expired_tokens",
        "schedule": crontab(hour=19, minute=30),  # 02:30 WIB, when nobody is working
    },
    # Sign-ups whose code never came back hold their number; deleted after
    # SIGNUP_UNVERIFIED_RETENTION_HOURS (accounts.services.user_purge_unverified).
    "accounts.purge_unverified_signups": {
        "task": "accounts.tasks.purge_unverified_signups",
        "schedule": crontab(hour=19, minute=40),  # 02:40 WIB
    },
    # Idempotency keys are remembered 24 h; expired rows are already ignored, this frees them.
    "common.purge_idempotency_records": {
        "task": "common.tasks.purge_idempotency_records",
        "schedule": crontab(minute=17),  # hourly, off the top of the hour
    },
    # Register exports are downloaded within REGISTER_EXPORT_KEEP_HOURS; files may hold names.
    "register.purge_exports": {
        "task": "register.tasks.purge_exports",
        "schedule": crontab(minute=43),  # hourly, away from the other hourly jobs
    },
    # Spam past SPAM_RETENTION_DAYS is deleted (complaints.tasks); safe to run twice.
    "complaints.purge_spam": {
        "task": "complaints.tasks.purge_spam",
        "schedule": crontab(hour=19, minute=50),  # 02:50 WIB
    },
    # Reminders, escalations and auto-closes due now (sla.tasks); deadlines live in the
    # database, so a missed run only delays them until the next one.
    "sla.sweep": {
        "task": "sla.tasks.sweep",
        "schedule": env.float("SLA_SWEEP_SECONDS", default=60.0),
    },
    # The reports rollup is kept in each move's transaction; this recomputes it from the
    # complaints, logs any disagreement (counts only) and repairs it.
    "reports.rollup_check": {
        "task": "reports.tasks.rollup_check",
        "schedule": crontab(hour=20, minute=10),  # 03:10 WIB
    },
    # Outbox rows whose enqueue failed (broker down), retries after backoff, and rows a
    # killed worker left half-sent.
    "notifications.resend_due": {
        "task": "notifications.tasks.resend_due",
        "schedule": env.float("NOTIFY_RESEND_SECONDS", default=60.0),
    },
    # Complaints still waiting in `submitted` after more than a working day remind the desa's
    # intake officers, once each (notifications.services.notify_waiting_intake).
    "notifications.remind_waiting": {
        "task": "notifications.tasks.remind_waiting",
        "schedule": crontab(minute=7),  # hourly: office hours differ by zone (WIB, WITA, WIT)
    },
    # The daily digest of the village heads who chose it, at 07:30 in each desa's own zone
    # as its office opens: hourly at half past, each run taking the desa whose 07:30 it is
    # (WIT 22:30, WITA 23:30, WIB 00:30 UTC); the outbox key is per desa and day.
    "notifications.send_digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(minute=30),
    },
    # WhatsApp and e-mail messages stored but not yet read into drafts (the webhook enqueues
    # their processing itself; this catches an enqueue lost while the broker was down).
    "intake.process": {
        "task": "intake.tasks.process",
        "schedule": 60.0,
    },
    # New e-mail in each desa's own mailbox (IMAP), taken into drafts; a lock per mailbox
    # keeps a slow poll and the next one apart.
    "intake.poll_mailboxes": {
        "task": "intake.tasks.poll_mailboxes",
        "schedule": env.float("IMAP_POLL_SECONDS", default=120.0),
    },
    # Webhook retries whose backoff is over (longer ones than a minute wait here, not in
    # the broker), enqueue failures, and messages a killed worker left half-sent.
    "integrations.resend_due_webhooks": {
        "task": "integrations.tasks.resend_due_webhooks",
        "schedule": env.float("WEBHOOK_RESEND_SECONDS", default=60.0),
    },
}

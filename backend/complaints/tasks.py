from celery import shared_task

from complaints.services import spam_purge


@shared_task
def purge_spam() -> int:
    """Delete spam past its retention period (safe to run twice: deleted rows are gone)."""
    return spam_purge()

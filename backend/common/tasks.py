from celery import shared_task

from common.idempotency import idempotency_purge_expired


@shared_task
def purge_idempotency_records() -> int:
    """Periodic (config.celery): safe to run twice, the second run finds nothing to delete."""
    return idempotency_purge_expired()

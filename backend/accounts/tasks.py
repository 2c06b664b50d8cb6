from celery import shared_task

from accounts.services import token_flush_expired


@shared_task
def flush_expired_tokens() -> int:
    """Periodic (config.celery): safe to run twice, the second run finds nothing to delete."""
    return token_flush_expired()

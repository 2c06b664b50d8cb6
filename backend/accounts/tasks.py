from celery import shared_task

from accounts.services import password_reset_purge, token_flush_expired, user_purge_unverified


@shared_task
def flush_expired_tokens() -> int:
    """Periodic (config.celery): expired refresh tokens, and expired password-reset requests
    with them. Safe to run twice, the second run finds nothing to delete. Returns how many
    tokens were deleted."""
    password_reset_purge()
    return token_flush_expired()


@shared_task
def purge_unverified_signups() -> int:
    """Periodic (config.celery): sign-ups never verified within
    SIGNUP_UNVERIFIED_RETENTION_HOURS. Safe to run twice: deleted accounts are gone."""
    return user_purge_unverified()

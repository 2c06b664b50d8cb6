from celery import shared_task

from intake.mail import mailboxes_poll
from intake.services import inbound_process_pending


@shared_task
def process() -> int:
    """Read stored WhatsApp and e-mail messages into drafts. Safe twice (rows are claimed)."""
    return inbound_process_pending()


@shared_task
def poll_mailboxes() -> int:
    """Periodic (config.celery): take new e-mail of every desa mailbox. Safe twice: a lock
    keeps two polls off one mailbox, and each message is stored once by its Message-ID."""
    return mailboxes_poll()

from celery import shared_task

from intake.services import inbound_process_pending


@shared_task
def process() -> int:
    """Read stored WhatsApp and e-mail messages into drafts. Safe twice (rows are claimed)."""
    return inbound_process_pending()

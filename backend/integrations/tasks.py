from celery import shared_task

from integrations.webhooks import webhook_deliver, webhook_resend_due


@shared_task(name="integrations.tasks.deliver_webhook")
def deliver_webhook(message_id: int) -> str:
    return webhook_deliver(message_id=message_id)


@shared_task(name="integrations.tasks.resend_due_webhooks")
def resend_due_webhooks() -> int:
    return webhook_resend_due()

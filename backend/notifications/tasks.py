from celery import shared_task

from notifications.services import (
    notification_deliver,
    notification_resend_due,
    notify_digests,
    notify_waiting_intake,
)


@shared_task
def deliver(notification_id: int) -> str:
    """One outbox row. Safe twice: the service claims the row before sending."""
    return notification_deliver(notification_id=notification_id)


@shared_task
def resend_due() -> int:
    """Periodic (config.celery): rows whose enqueue failed, retries, rows a dead worker left."""
    return notification_resend_due()


@shared_task
def remind_waiting() -> int:
    """Periodic (config.celery): complaints waiting in `submitted` over a working day."""
    return notify_waiting_intake()


@shared_task
def send_digests() -> int:
    """Periodic (config.celery, hourly): the digests of the desa whose 07:30 it is, once per
    desa and day."""
    return notify_digests()

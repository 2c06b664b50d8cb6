from celery import shared_task
from celery.signals import task_postrun

from common.idempotency import idempotency_purge_expired
from common.metrics import count_task


@shared_task
def purge_idempotency_records() -> int:
    """Periodic (config.celery): safe to run twice, the second run finds nothing to delete."""
    return idempotency_purge_expired()


@task_postrun.connect
def _count_finished_run(sender=None, state=None, **kwargs) -> None:
    # Workers have no endpoint of their own: /metrics reads these counts from the cache.
    if sender is not None:
        count_task(sender.name, state)

from celery import shared_task

from register.exports import register_export_build, register_exports_purge


@shared_task
def build_export(export_id: int) -> None:
    """Build one queued register export (safe to run twice: the service claims the row)."""
    register_export_build(export_id=export_id)


@shared_task
def purge_exports() -> int:
    return register_exports_purge()

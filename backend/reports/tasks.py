"""The nightly check of the reports rollup against the complaints (beat, see config.celery)."""

from celery import shared_task

from reports.rollup import rollup_rebuild


@shared_task
def rollup_check() -> dict[str, int]:
    """Rebuild every desa's rollup from its complaints, log disagreements and repair them."""
    return rollup_rebuild()

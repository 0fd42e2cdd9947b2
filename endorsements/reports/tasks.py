import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="reports.export_build", acks_late=True)
def report_export_build_task(*, export_id: int) -> bool:
    """Build one large export. Safe to run twice: the service claims the row first."""
    built = services.report_export_build(export_id=export_id)
    if not built:
        logger.info("report export %s was not pending: nothing to do", export_id)
    return built


@shared_task(name="reports.coordinator_digests_send", acks_late=True)
def coordinator_digests_send() -> int:
    """Daily: each coordinator's digest of what waits. Safe to run twice: each digest is
    claimed per coordinator and day before it is sent."""
    from .digest import coordinator_digests_send as send

    return send()

"""Worker tasks of the training catalog. Thin: load, call one service; safe to run twice."""

import logging

from celery import shared_task
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError

from .services import certificates

logger = logging.getLogger(__name__)

TRANSIENT = (DatabaseOperationalError, InterfaceError, OSError)
MAX_RETRIES = 4


@shared_task(
    bind=True,
    name="trainings.attendance_certificate_render",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def attendance_certificate_render(self, *, attendance_id: int) -> bool:
    """Render one certificate of attendance (skipped when current or gone)."""
    try:
        return certificates.attendance_certificate_render(attendance_id=attendance_id)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=min(300, 15 * 2**self.request.retries)) from exc
        error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a rendering bug: retrying would fail the same way
        logger.exception("attendance certificate %s failed", attendance_id)
        error = f"{type(exc).__name__}: {exc}"
    certificates.attendance_certificate_failed(attendance_id=attendance_id, error=error)
    return False


@shared_task(name="trainings.attendance_certificates_sweep", acks_late=True)
def attendance_certificates_sweep() -> int:
    """Queue renders for verified attendances without a current certificate (every 15
    minutes)."""
    return certificates.attendance_certificates_sweep()

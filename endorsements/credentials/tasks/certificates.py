"""Worker tasks for certificates. Thin: load, call one service (`services.certificates`).

Transient errors (database or storage hiccups, SMTP) are retried with exponential backoff; when
retries run out the failure is recorded on the row for staff.
"""

import logging
import smtplib

from celery import shared_task
from django.db import DatabaseError, InterfaceError
from django.db import OperationalError as DatabaseOperationalError

from endorsements.models import Endorsement

from ..services import certificates

logger = logging.getLogger(__name__)

TRANSIENT = (DatabaseOperationalError, InterfaceError, OSError, smtplib.SMTPException)
MAX_RETRIES = 4


def _backoff(retries: int) -> int:
    # Capped below the broker's visibility timeout (360 s): Redis would otherwise hand a task
    # waiting for its countdown to a second worker.
    return min(300, 15 * 2**retries)


@shared_task(
    bind=True,
    name="credentials.certificate_render",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def certificate_render(self, *, endorsement_id: int, notify: bool = True) -> bool:
    """Render (or re-render) one endorsement's certificate; skip it when already current."""
    endorsement = Endorsement.objects.filter(pk=endorsement_id).first()
    if endorsement is None:
        logger.info("endorsement %s is gone: no certificate to render", endorsement_id)
        return False
    try:
        return certificates.certificate_render(endorsement=endorsement, notify=notify)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        error = f"{type(exc).__name__}: {exc}"
    except DatabaseError as exc:
        error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a rendering bug: retrying would fail the same way
        logger.exception("certificate for endorsement %s failed", endorsement_id)
        error = f"{type(exc).__name__}: {exc}"
    certificates.certificate_failed(endorsement_id=endorsement_id, error=error)
    return False


@shared_task(
    bind=True,
    name="credentials.certificate_rendition_render",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def certificate_rendition_render(self, *, endorsement_id: int, language: str) -> bool:
    """Render one endorsement's certificate in `language` when asked; skip it when current."""
    endorsement = Endorsement.objects.filter(pk=endorsement_id).first()
    if endorsement is None:
        logger.info("endorsement %s is gone: no certificate to render", endorsement_id)
        return False
    try:
        return certificates.certificate_rendition_render(endorsement=endorsement, language=language)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a rendering bug: retrying would fail the same way
        logger.exception("certificate for endorsement %s in %s failed", endorsement_id, language)
        error = f"{type(exc).__name__}: {exc}"
    certificates.certificate_rendition_failed(
        endorsement_id=endorsement_id, language=language, error=error
    )
    return False


@shared_task(name="credentials.certificates_sweep_missing", acks_late=True)
def certificates_sweep_missing() -> int:
    """Queue renders for current endorsements without a current certificate (for example when
    the broker was down as they were endorsed). Scheduled every 15 minutes."""
    queued = certificates.certificates_sweep()
    if queued:
        logger.info("queued %s missing certificates", queued)
    return queued


# A pool process killed mid-chunk (SIGKILL, out of memory) gives the chunk back to the queue
# (reject_on_worker_lost with acks_late) and the redelivery finishes what is left; each
# certificate is claimed once (CertificateBatchItem), so progress never counts one twice.
@shared_task(
    name="credentials.certificates_regenerate_chunk", acks_late=True, reject_on_worker_lost=True
)
def certificates_regenerate_chunk(*, batch_id: int, endorsement_ids: list[int]) -> list[int]:
    """Re-render one chunk of a bulk regeneration, counting progress on the batch."""
    done, failed = certificates.certificate_batch_chunk(
        batch_id=batch_id, endorsement_ids=endorsement_ids
    )
    return [done, failed]

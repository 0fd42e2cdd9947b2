import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="rsc.remind_attestations", acks_late=True)
def remind_attestations() -> int:
    """Re-send every open attestation link not emailed for RSC_ATTESTATION_REMINDER_DAYS days.

    Safe to run twice (and redelivered with acks_late): each request is claimed with a
    conditional update before its email goes out. Scheduled daily by celery beat.
    """
    sent = services.attestation_reminders_send()
    logger.info("sent %s RSC attestation reminders", sent)
    return sent

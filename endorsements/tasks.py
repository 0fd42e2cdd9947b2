"""Celery tasks of the applicant's side of applications."""

import logging

from celery import shared_task

from endorsements.services import references

logger = logging.getLogger(__name__)


@shared_task(name="endorsements.remind_reference_raters", acks_late=True)
def remind_reference_raters() -> int:
    """Remind raters who have not answered (every REFERENCE_REMINDER_DAYS days, at most
    REFERENCE_REMINDER_MAX times per link). Safe to run twice: each request is claimed with a
    conditional update before its email goes out. Scheduled daily by celery beat."""
    sent = references.reference_reminders_send()
    logger.info("sent %s reference rater reminders", sent)
    return sent

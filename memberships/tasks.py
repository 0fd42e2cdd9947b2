import logging

from celery import shared_task

from .reminders import membership_reminders_claim

logger = logging.getLogger(__name__)


@shared_task(name="memberships.dues_reminders_send", acks_late=True)
def dues_reminders_send() -> int:
    """The daily dues reminders (safe to run twice: each is claimed once, see reminders.py)."""
    claimed = membership_reminders_claim()
    if claimed:
        logger.info("claimed %s membership dues reminders", len(claimed))
    return len(claimed)

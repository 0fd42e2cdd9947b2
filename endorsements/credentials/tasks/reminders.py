"""Worker tasks for renewal reminders and lapses. Thin: call one service (`services.reminders`)."""

import logging

from celery import shared_task

from ..services import reminders

logger = logging.getLogger(__name__)


@shared_task(name="credentials.renewal_reminders_and_lapses", acks_late=True)
def renewal_reminders_and_lapses() -> dict:
    """The daily job: claim due renewal reminders and lapse what passed its grace period;
    the emails and lapses go out in chunks on the worker. Scheduled daily."""
    result = reminders.reminders_and_lapses_run()
    logger.info("renewal reminders and lapses: %s", result)
    return result


@shared_task(name="credentials.renewal_reminders_send", acks_late=True)
def renewal_reminders_send(*, reminder_ids: list[int]) -> dict:
    """Send the outbox messages of a chunk of claimed reminders (each at most once). Kept for
    tasks queued before the outbox; the outbox's own hand-over and sweep now send them."""
    return reminders.reminders_send(reminder_ids=reminder_ids)


@shared_task(name="credentials.endorsements_lapse", acks_late=True)
def endorsements_lapse(*, endorsement_ids: list[int], today: str) -> int:
    """Lapse a chunk of endorsements past their deadline and grace period."""
    from datetime import date

    return reminders.endorsements_lapse(
        endorsement_ids=endorsement_ids, today=date.fromisoformat(today)
    )

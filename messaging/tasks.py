"""Worker tasks of the outbox. Thin: each calls one service; each is safe to run twice,
because every message is claimed before it is sent."""

import logging

from celery import shared_task

from .services import delivery

logger = logging.getLogger(__name__)


@shared_task(name="messaging.messages_send", acks_late=True)
def messages_send_task(*, message_ids: list[int]) -> dict:
    """Send the messages a transaction just queued (handed over after its commit)."""
    return delivery.messages_send(message_ids=message_ids)


@shared_task(name="messaging.messages_sweep", acks_late=True)
def messages_sweep_task() -> dict:
    """Send every message still due: those whose hand-over was lost (broker down), those
    waiting for a retry, those whose worker died. Scheduled every minute."""
    counts = delivery.messages_sweep()
    if counts:
        logger.info("outbox sweep: %s", counts)
    return counts

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="organisations.roster_run_process", acks_late=True)
def roster_run_process(*, run_id: int) -> None:
    """Check a large roster chunk by chunk (each its own transaction, so the page shows
    progress). Safe to run twice: each chunk claims only lines not checked yet."""
    from .services.rosters import roster_run_step

    while roster_run_step(run_id=run_id):
        pass


@shared_task(name="organisations.digests_send", acks_late=True)
def organisation_digests_send() -> None:
    """Daily: each organisation's digest of its watched credentials (each day claimed once)."""
    from .services.watches import organisation_digests_send as send

    send()

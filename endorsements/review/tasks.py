"""Celery tasks of the review workflow (the lead schedules them in beat)."""

from celery import shared_task

from .services import review_reminders_send as _send


@shared_task(name="review.reminders_send", acks_late=True)
def review_reminders_send() -> dict[str, int]:
    """Daily: reminders before the due date, escalation after it. Safe to run twice: each
    message is claimed by a unique ReviewReminderLog(assignment, kind) row first."""
    return _send()

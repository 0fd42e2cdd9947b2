"""Reminders to reviewers before the due date, and the escalation of overdue reviews.

An overdue review is escalated once (claimed here) and reaches the coordinators through their
daily digest (`endorsements.reports.digest`), not as one email per review.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from endorsements.models import ApplicationStatus

from ..models import Assignment, ReminderKind, ReviewReminderLog
from . import notify

logger = logging.getLogger(__name__)


def _send(assignment: Assignment, kind: str, send=None) -> bool:
    """Claim the reminder through the unique (assignment, kind) row and queue its email (if
    any) in the outbox, in one transaction: False when it was claimed already. A claim can no
    longer be left without its email (the outbox sends it whenever the mail server takes it)."""
    try:
        with transaction.atomic():
            ReviewReminderLog.objects.create(assignment=assignment, kind=kind)
            if send is not None:
                send(assignment)
    except IntegrityError:
        return False
    return True


def review_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send each due reminder once: to the reviewer REVIEW_REMINDER_DAYS_BEFORE (default 3)
    days before the due date; an assignment past its due date is escalated once.

    Side effects, per open assignment in review: a ReviewReminderLog row claims the message
    (so a second run, or a second worker, sends nothing) and the reviewer's email, queued in
    the outbox in the same transaction. An escalation is only the claim: the coordinators read
    overdue reviews in their daily digest. Safe to run twice. Returns the number of reminders
    sent and escalations made.
    """
    today = today or timezone.localdate()
    days_before = getattr(settings, "REVIEW_REMINDER_DAYS_BEFORE", 3)
    open_assignments = Assignment.objects.filter(
        completed_at__isnull=True, application__status=ApplicationStatus.IN_REVIEW
    ).select_related("reviewer", "application__category")
    sent = {"reminders": 0, "escalations": 0}
    soon = open_assignments.filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=days_before)
    ).exclude(reminder_logs__kind=ReminderKind.REMINDER)
    for assignment in soon:
        if _send(assignment, ReminderKind.REMINDER, notify.reviewer_reminder_notify):
            sent["reminders"] += 1
    overdue = open_assignments.filter(due_on__lt=today).exclude(
        reminder_logs__kind=ReminderKind.ESCALATION
    )
    for assignment in overdue:
        if _send(assignment, ReminderKind.ESCALATION):
            sent["escalations"] += 1
    return sent

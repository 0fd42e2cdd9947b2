"""Reminders to raters who have not answered: due after REFERENCE_REMINDER_DAYS, at most
REFERENCE_REMINDER_MAX per link, each sent once even when the job runs twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from endorsements.models import ApplicationStatus
from endorsements.services.references import reference_reminders_send, reference_resend
from endorsements.tasks import remind_reference_raters
from endorsements.tests.factories import (
    ApplicationFactory,
    ReferenceRequestFactory,
    completed_reference,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_rater_who_has_not_answered_is_reminded_once_per_period(
    django_capture_on_commit_callbacks,
):
    reference = ReferenceRequestFactory(sent_at=days_ago(8))
    ReferenceRequestFactory(sent_at=days_ago(2))  # too soon
    completed_reference(ApplicationFactory())  # answered

    with django_capture_on_commit_callbacks(execute=True):
        assert reference_reminders_send() == 1
        assert reference_reminders_send() == 0  # the same run again sends nothing

    reference.refresh_from_db()
    assert reference.reminders_sent == 1 and reference.last_reminded_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reference.rater_email]
    assert mail.outbox[0].subject.startswith("Reminder: ")
    assert "This is a reminder" in mail.outbox[0].body


def test_reminders_stop_at_the_maximum_and_for_expired_or_submitted(settings):
    settings.REFERENCE_REMINDER_MAX = 2
    worn = ReferenceRequestFactory(sent_at=days_ago(30), reminders_sent=2)
    ReferenceRequestFactory(sent_at=days_ago(40), expires_at=days_ago(1))
    ReferenceRequestFactory(
        sent_at=days_ago(9),
        application=ApplicationFactory(status=ApplicationStatus.SUBMITTED),
    )

    assert reference_reminders_send() == 0
    worn.refresh_from_db()
    assert worn.reminders_sent == 2


def test_resend_starts_a_new_round_of_reminders(django_capture_on_commit_callbacks):
    reference = ReferenceRequestFactory(sent_at=days_ago(30), reminders_sent=3)

    reference_resend(reference=reference)

    reference.refresh_from_db()
    assert reference.reminders_sent == 0 and reference.last_reminded_at is None


def test_task_runs_the_service():
    ReferenceRequestFactory(sent_at=days_ago(8))

    assert remind_reference_raters.delay().get() == 1

"""The emails of the life of an endorsement go through the durable outbox: each is a row written
in the transaction of the change that causes it (rolled back with it, never sent for a change
that did not happen), under a key naming the event, and in order where one must arrive first.

A held decision tells nobody until its release; on release the applicant reads "you are
endorsed" before "your certificate is ready". A reviewer given more time is reminded again
before the new date.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from accounts.tests.factories import coordinator
from competencies.models import RenewalPolicy
from endorsements.credentials.models import CredentialRequest, RequestKind
from endorsements.credentials.services import lifecycle, overdue, renewals, requests
from endorsements.credentials.tests.factories import endorsement, evidence_for_renewal, submission
from endorsements.models import EndorsementStatus
from endorsements.reports.digest import coordinator_digests_send
from endorsements.review import services as review
from endorsements.review.models import Outcome
from endorsements.review.tests.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    qualified_reviewer,
    review_submitted,
)
from endorsements.services.transitions import endorsement_transition
from messaging.models import Message

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
TODAY = date(2026, 11, 2)
E = EndorsementStatus
REMINDER_SUBJECT = "Reminder: your IFA review is due"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


class RolledBack(Exception):
    pass


# --- Each change and its email: (what to set up, the change, the kind of email it queues) ---


def _suspended():
    e = endorsement()
    lifecycle.endorsement_suspend(endorsement=e, actor=coordinator(), reason="Board matter")
    return e


def _lapsed():
    e = endorsement(issued_on=date(2024, 3, 1))
    return endorsement_transition(endorsement=e, to=E.LAPSED, effective_on=TODAY)


def _audited():
    e = endorsement()
    evidence_for_renewal(user=e.holder)
    RenewalPolicy.objects.in_effect(date(2026, 12, 31)).filter(category=e.category).update(
        audit_sample_percent=Decimal(100)
    )
    return e


def _in_review(due_days: int = 10):
    application = SubmittedApplicationFactory(status="in_review")
    return AssignmentFactory(
        application=application,
        reviewer=qualified_reviewer(),
        due_on=TODAY + timedelta(days=due_days),
    )


def _ready_to_decide():
    coordinator()
    assignment = _in_review()
    review_submitted(assignment)
    return assignment.application


CHANGES = {
    "suspended": (
        endorsement,
        lambda e: lifecycle.endorsement_suspend(endorsement=e, actor=coordinator(), reason="B"),
        "credentials_suspended",
    ),
    "suspension lifted": (
        _suspended,
        lambda e: lifecycle.endorsement_suspension_lift(
            endorsement=e, actor=coordinator(), reason="Cleared"
        ),
        "credentials_suspension_lifted",
    ),
    "revoked": (
        endorsement,
        lambda e: lifecycle.endorsement_revoke(endorsement=e, actor=coordinator(), reason="R"),
        "credentials_revoked",
    ),
    "request declined": (
        lambda: CredentialRequest.objects.create(
            endorsement=_lapsed(), kind=RequestKind.REINSTATEMENT
        ),
        lambda r: requests.credential_request_decline(
            request=r, actor=coordinator(), reason="Hours unproven"
        ),
        "credentials_request_declined",
    ),
    "audit selected": (
        _audited,
        lambda e: renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True),
        "credentials_renewal_audit",
    ),
    "undecided renewal lapsed": (
        lambda: submission(endorsement=endorsement(issued_on=date(2024, 3, 1))),
        lambda s: overdue.renewal_lapse(submission=s, code="lapsed_undecided", today=TODAY),
        "credentials_lapsed",
    ),
    "returned before review": (
        SubmittedApplicationFactory,
        lambda a: review.application_return_incomplete(
            application=a, actor=coordinator(), message="The transcript is missing."
        ),
        "review_returned",
    ),
    "reviewer replaced": (
        _in_review,
        lambda a: review.assignment_replace(
            assignment=a, reviewer=qualified_reviewer(), actor=coordinator(), reason="Away"
        ),
        "review_assigned",
    ),
    "due date extended": (
        _in_review,
        lambda a: review.assignment_extend(
            assignment=a, due_on=TODAY + timedelta(days=17), actor=coordinator(), reason="Ill"
        ),
        "review_due_extended",
    ),
    "held decision released": (
        lambda: review.application_decide(
            application=_ready_to_decide(), outcome=Outcome.ENDORSE, actor=coordinator(), hold=True
        ),
        lambda d: review.decision_release(decision=d, actor=coordinator()),
        "review_endorsed",
    ),
    "coordinators' digest": (
        _ready_to_decide,
        lambda _a: coordinator_digests_send(today=TODAY),
        "coordinator_digest",
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_email_is_written_in_the_changes_transaction_and_rolled_back_with_it(change):
    arrange, act, kind = CHANGES[change]
    thing = arrange()
    assert not Message.objects.filter(kind=kind).exists()

    with pytest.raises(RolledBack), transaction.atomic():
        act(thing)
        # Queued before the change commits: nothing waits for an after-commit hook.
        queued = list(Message.objects.filter(kind=kind))
        raise RolledBack

    assert queued and all(m.idempotency_key and m.about_type for m in queued)
    assert not Message.objects.filter(kind=kind).exists()


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_same_event_never_makes_two_emails(change):
    arrange, act, kind = CHANGES[change]
    thing = arrange()
    act(thing)
    keys = list(Message.objects.filter(kind=kind).values_list("idempotency_key", "recipient"))

    # The event again (a retried task, a second worker): refused, or nothing new queued.
    try:
        with transaction.atomic():
            act(thing)
    except Exception:
        pass

    again = list(Message.objects.filter(kind=kind).values_list("idempotency_key", "recipient"))
    assert again == keys and len(set(keys)) == len(keys) >= 1


def test_a_held_decision_tells_the_applicant_only_on_release_news_before_certificate(
    django_capture_on_commit_callbacks,
):
    application = _ready_to_decide()
    email = application.applicant.email
    with django_capture_on_commit_callbacks(execute=True):
        held = review.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator(), hold=True
        )
    assert not Message.objects.filter(recipient=email).exists()

    with django_capture_on_commit_callbacks(execute=True):
        review.decisions_release(decisions=[held], actor=coordinator())

    subjects = [m.subject for m in mail.outbox if m.to == [email]]
    assert len(subjects) == 2
    assert "You are endorsed" in subjects[0]
    assert "certificate is ready" in subjects[1]
    news = Message.objects.get(recipient=email, kind="review_endorsed")
    ready = Message.objects.get(recipient=email, kind="certificate_ready")
    assert ready.after_key == news.idempotency_key


def test_a_reviewer_given_more_time_is_reminded_again_before_the_new_date(
    django_capture_on_commit_callbacks,
):
    assignment = _in_review(due_days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert review.review_reminders_send(today=TODAY)["reminders"] == 1
        review.assignment_extend(
            assignment=assignment,
            due_on=TODAY + timedelta(days=12),
            actor=coordinator(),
            reason="Family matter",
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert review.review_reminders_send(today=TODAY + timedelta(days=10))["reminders"] == 1

    reminders = Message.objects.filter(kind="review_reminder", recipient=assignment.reviewer.email)
    assert reminders.count() == 2
    subjects = [m.subject for m in mail.outbox if m.to == [assignment.reviewer.email]]
    assert len([s for s in subjects if s.startswith(REMINDER_SUBJECT)]) == 2

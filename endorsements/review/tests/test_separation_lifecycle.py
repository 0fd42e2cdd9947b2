"""Separation of duties in the life of an endorsement (issue 14's services, issue 15's guard).

Issue 15: "Nobody decides, approves or scores their own application, renewal, reinstatement or
exam, nor that of someone they declared a conflict with: refused in the services, not only
hidden in the pages." Issue 14 added the decisions that follow an endorsement (suspend, lift,
revoke, reinstatement and completion requests, held decisions released, reviewer changes,
return before review, the exam closed); each calls `case_conflict_refuse` before it writes
anything. Each case is tried by the person themself, by a coordinator who declared a conflict
with the person, and by one who did not (who succeeds).
"""

import datetime as dt
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from accounts.services import role_grant
from accounts.tests.factories import coordinator
from core.models import AuditEvent
from endorsements.credentials.models import CredentialRequest, RequestKind, RequestStatus
from endorsements.credentials.services import lifecycle, renewals, requests
from endorsements.credentials.tests.factories import endorsement, submission
from endorsements.models import ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.review import services
from endorsements.review.conflicts import DECLARED_CONFLICT, OWN_CASE
from endorsements.review.models import ExamSitting, Outcome, Recommendation, ReviewerConflict
from endorsements.services.transitions import application_transition, endorsement_transition

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    review_submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus
E = EndorsementStatus
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


# --- Each case, built for a person, and the act on it by an actor --------------------------------


def _suspended(person):
    e = endorsement(holder=person)
    lifecycle.endorsement_suspend(endorsement=e, actor=coordinator(), reason="Board matter")
    return e


def _lapsed(person):
    e = endorsement(holder=person, issued_on=date(2024, 3, 1))
    return endorsement_transition(endorsement=e, to=E.LAPSED, effective_on=TODAY - timedelta(40))


def _request(person, kind):
    if kind == RequestKind.REINSTATEMENT:
        e = _lapsed(person)
    else:
        application = SubmittedApplicationFactory(
            applicant=person, category=category("IFRS"), status=S.IN_REVIEW
        )
        application_transition(application=application, to=S.ENDORSED_EMERGING)
        e = Endorsement.objects.get(application=application)
    return CredentialRequest.objects.create(endorsement=e, kind=kind)


def _reviewed(person, **fields):
    application = SubmittedApplicationFactory(applicant=person, status=S.IN_REVIEW, **fields)
    assignments = [
        AssignmentFactory(
            application=application,
            reviewer=qualified_reviewer(),
            due_on=timezone.localdate() + dt.timedelta(days=21),
        )
        for _ in range(2)
    ]
    return application, assignments


def _held(person):
    application, assignments = _reviewed(person)
    for assignment in assignments:
        review_submitted(assignment, Recommendation.ENDORSE)
    return services.application_decide(
        application=application, outcome=Outcome.ENDORSE, actor=coordinator(), hold=True
    )


def _settled_sitting(person):
    application, assignments = _reviewed(person, category=category("IMHS"))
    for assignment in assignments:
        review_submitted(assignment, Recommendation.EXAM)
    services.application_decide(application=application, outcome=Outcome.EXAM, actor=coordinator())
    return ExamSitting.objects.create(
        application=application,
        sat_on=dt.date(2026, 10, 1),
        part1_score=Decimal(60),
        part1_pass_mark=Decimal(80),
        part1_passed=False,
    )


def suspend(person):
    e = endorsement(holder=person)
    return lambda actor: lifecycle.endorsement_suspend(endorsement=e, actor=actor, reason="Board")


def lift(person):
    e = _suspended(person)
    return lambda actor: lifecycle.endorsement_suspension_lift(
        endorsement=e, actor=actor, reason="Cleared"
    )


def revoke(person):
    e = endorsement(holder=person)
    return lambda actor: lifecycle.endorsement_revoke(endorsement=e, actor=actor, reason="Fraud")


def reinstatement_approve(person):
    request = _request(person, RequestKind.REINSTATEMENT)
    return lambda actor: requests.credential_request_approve(request=request, actor=actor)


def reinstatement_decline(person):
    request = _request(person, RequestKind.REINSTATEMENT)
    return lambda actor: requests.credential_request_decline(
        request=request, actor=actor, reason="Hours unproven"
    )


def completion_approve(person):
    request = _request(person, RequestKind.COMPLETION)
    return lambda actor: requests.credential_request_approve(request=request, actor=actor)


def held_release(person):
    decision = _held(person)
    return lambda actor: services.decision_release(decision=decision, actor=actor)


def held_cancel(person):
    decision = _held(person)
    return lambda actor: services.decision_hold_cancel(decision=decision, actor=actor)


def overdue_renewal_approve(person):
    # A renewal still waiting after the deadline and grace period: the overdue decisions list
    # links to the same approval as any renewal.
    waiting = submission(endorsement=endorsement(holder=person, issued_on=date(2024, 3, 1)))
    return lambda actor: renewals.renewal_approve(submission=waiting, actor=actor)


def overdue_renewal_decline(person):
    waiting = submission(endorsement=endorsement(holder=person, issued_on=date(2024, 3, 1)))
    return lambda actor: renewals.renewal_decline(submission=waiting, actor=actor, note="No")


def replace_reviewer(person):
    _, (first, _second) = _reviewed(person)
    fresh = qualified_reviewer()
    return lambda actor: services.assignment_replace(
        assignment=first, reviewer=fresh, actor=actor, reason="Overdue"
    )


def remove_reviewer(person):
    _, (first, _second) = _reviewed(person)
    return lambda actor: services.assignment_remove(assignment=first, actor=actor, reason="Away")


def extend_reviewer(person):
    _, (first, _second) = _reviewed(person)
    later = first.due_on + dt.timedelta(days=14)
    return lambda actor: services.assignment_extend(
        assignment=first, due_on=later, actor=actor, reason="Ill"
    )


def return_before_review(person):
    application = SubmittedApplicationFactory(applicant=person)
    return lambda actor: services.application_return_incomplete(
        application=application, actor=actor, message="The transcript is missing."
    )


def exam_close(person):
    sitting = _settled_sitting(person)
    return lambda actor: services.exam_sitting_settle(sitting=sitting, actor=actor)


CASES = {
    "suspend": (suspend, lifecycle.CredentialActionRefused),
    "lift": (lift, lifecycle.CredentialActionRefused),
    "revoke": (revoke, lifecycle.CredentialActionRefused),
    "reinstatement approve": (reinstatement_approve, requests.RequestRefused),
    "reinstatement decline": (reinstatement_decline, requests.RequestRefused),
    "emerging completion approve": (completion_approve, requests.RequestRefused),
    "held decision release": (held_release, services.DecisionRefused),
    "held decision cancel": (held_cancel, services.DecisionRefused),
    "overdue renewal approve": (overdue_renewal_approve, renewals.RenewalNotAllowed),
    "overdue renewal decline": (overdue_renewal_decline, renewals.RenewalNotAllowed),
    "replace reviewer": (replace_reviewer, services.AssignmentRefused),
    "remove reviewer": (remove_reviewer, services.AssignmentRefused),
    "extend due date": (extend_reviewer, services.AssignmentRefused),
    "return before review": (return_before_review, services.AssignmentRefused),
    "exam closed": (exam_close, services.ExamRefused),
}


def coordinator_applying():
    person = coordinator()
    role_grant(user=person, role=Role.APPLICANT)
    return person


def _refused(case, *, actor, person):
    build, refused = CASES[case]
    act = build(person)
    before = AuditEvent.objects.count()
    with pytest.raises(refused) as caught:
        act(actor)
    # Refused before anything is written: no audit row either.
    assert AuditEvent.objects.count() == before
    return caught.value


@pytest.mark.parametrize("case", CASES)
def test_nobody_acts_on_their_own_case(case):
    person = coordinator_applying()

    refused = _refused(case, actor=person, person=person)

    assert refused.conflict == OWN_CASE
    assert "your own case" in str(refused)


@pytest.mark.parametrize("case", CASES)
def test_nobody_acts_on_the_case_of_someone_they_declared_a_conflict_with(case):
    person, conflicted = coordinator_applying(), coordinator()
    ReviewerConflict.objects.create(reviewer=conflicted, person=person, note="My sister")

    refused = _refused(case, actor=conflicted, person=person)

    assert refused.conflict == DECLARED_CONFLICT
    assert "declared a conflict" in str(refused)


@pytest.mark.parametrize("case", CASES)
def test_another_coordinator_without_a_conflict_may_act(case):
    person, other = coordinator_applying(), coordinator()
    build, _ = CASES[case]
    act = build(person)

    if case == "reinstatement approve":
        # The hours owed are the request's own rule (tested in credentials): here only that the
        # guard lets a coordinator without a conflict through to it.
        CredentialRequest.objects.update(references_required=0)
    act(other)  # no refusal


def test_a_completion_request_approved_by_another_coordinator_changes_the_credential():
    person, other = coordinator_applying(), coordinator()
    request = _request(person, RequestKind.COMPLETION)

    requests.credential_request_approve(request=request, actor=other)

    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert request.endorsement.status == E.ACTIVE

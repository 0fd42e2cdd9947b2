"""Every state machine, every pair of statuses: what the table allows succeeds with one
history row; what it does not is refused and writes nothing.

The machines: applications, credentials (endorsements), renewals, holders' requests and exam
sittings. Each goes through its own service built on `core.transitions.transition`.
"""

import datetime as dt

import pytest

from core.transitions import InvariantBroken, TransitionNotAllowed
from endorsements.credentials.models import (
    RENEWAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    CredentialRequest,
    RenewalStatus,
    RequestKind,
    RequestStatus,
)
from endorsements.credentials.services.renewals import renewal_transition
from endorsements.credentials.services.requests import credential_request_transition
from endorsements.credentials.tests.factories import endorsement, submission
from endorsements.models import (
    APPLICATION_TRANSITIONS,
    ENDORSEMENT_TRANSITIONS,
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementStatus,
)
from endorsements.review.models import EXAM_TRANSITIONS, ExamOutcome, ExamSitting
from endorsements.review.services.exams import exam_sitting_transition
from endorsements.services.credentials import endorsement_issue
from endorsements.services.transitions import application_transition, endorsement_transition
from endorsements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def pairs(table, statuses):
    return [(a, b, b in table[a]) for a in statuses for b in statuses]


def _ids(cases):
    return [f"{a}->{b}:{'ok' if ok else 'refused'}" for a, b, ok in cases]


# --- Applications ------------------------------------------------------------------------------

APP_CASES = pairs(APPLICATION_TRANSITIONS, ApplicationStatus.values)


def _application(status: str) -> Application:
    application = ApplicationFactory(status=status)
    if status == ApplicationStatus.ENDORSED_EMERGING:
        endorsement_issue(application=application, emerging=True)
    return application


@pytest.mark.parametrize(("current", "target", "allowed"), APP_CASES, ids=_ids(APP_CASES))
def test_application_transitions(current, target, allowed):
    application = _application(current)

    if allowed:
        application_transition(application=application, to=target, code="test")
        application.refresh_from_db()
        assert application.status == target
        event = application.events.get()
        assert (event.from_status, event.to_status, event.code) == (current, target, "test")
    else:
        with pytest.raises(TransitionNotAllowed):
            application_transition(application=application, to=target)
        application.refresh_from_db()
        assert application.status == current
        assert not application.events.exists()


def test_endorsed_means_a_credential_exists():
    """The invariant lives inside the transition: endorsing issues the credential, endorsing
    as emerging an emerging one, and completing makes the emerging one active."""
    plain = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    emerging = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)

    application_transition(application=plain, to=ApplicationStatus.ENDORSED)
    application_transition(application=emerging, to=ApplicationStatus.ENDORSED_EMERGING)

    assert Endorsement.objects.get(application=plain).status == EndorsementStatus.ACTIVE
    credential = Endorsement.objects.get(application=emerging)
    assert credential.status == EndorsementStatus.EMERGING

    application_transition(application=emerging, to=ApplicationStatus.ENDORSED)

    credential.refresh_from_db()
    assert credential.status == EndorsementStatus.ACTIVE
    assert credential.events.last().code == "emerging_completed"


def test_completing_is_refused_when_the_emerging_credential_is_no_longer_emerging():
    application = _application(ApplicationStatus.ENDORSED_EMERGING)
    credential = Endorsement.objects.get(application=application)
    endorsement_transition(endorsement=credential, to=EndorsementStatus.LAPSED)

    with pytest.raises(InvariantBroken) as refused:
        application_transition(application=application, to=ApplicationStatus.ENDORSED)

    assert refused.value.code == "credential_not_emerging"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDORSED_EMERGING


# --- Credentials -------------------------------------------------------------------------------

CREDENTIAL_CASES = pairs(ENDORSEMENT_TRANSITIONS, EndorsementStatus.values)


@pytest.mark.parametrize(
    ("current", "target", "allowed"), CREDENTIAL_CASES, ids=_ids(CREDENTIAL_CASES)
)
def test_credential_transitions(current, target, allowed):
    credential = endorsement()
    Endorsement.objects.filter(pk=credential.pk).update(status=current)  # arrange
    credential.refresh_from_db()
    before = credential.events.count()

    if allowed:
        endorsement_transition(endorsement=credential, to=target, code="test")
        credential.refresh_from_db()
        assert credential.status == target
        assert credential.events.count() == before + 1
        event = credential.events.order_by("pk").last()
        assert (event.from_status, event.to_status) == (current, target)
    else:
        with pytest.raises(TransitionNotAllowed):
            endorsement_transition(endorsement=credential, to=target)
        credential.refresh_from_db()
        assert credential.status == current
        assert credential.events.count() == before


# --- Renewals ----------------------------------------------------------------------------------

RENEWAL_CASES = pairs(RENEWAL_TRANSITIONS, RenewalStatus.values)


@pytest.mark.parametrize(("current", "target", "allowed"), RENEWAL_CASES, ids=_ids(RENEWAL_CASES))
def test_renewal_transitions(current, target, allowed):
    renewal = submission(endorsement=endorsement(), status=current)
    fields = {"audit_due_on": dt.date(2027, 1, 31)} if target == RenewalStatus.AUDIT else None

    if allowed:
        renewal_transition(submission=renewal, to=target, code="test", fields=fields)
        renewal.refresh_from_db()
        assert renewal.status == target
        event = renewal.events.get()
        assert (event.from_status, event.to_status, event.audience) == (
            current,
            target,
            "applicant",
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            renewal_transition(submission=renewal, to=target, fields=fields)
        renewal.refresh_from_db()
        assert renewal.status == current
        assert not renewal.events.exists()


# --- Holders' requests -------------------------------------------------------------------------

REQUEST_CASES = pairs(REQUEST_TRANSITIONS, RequestStatus.values)


@pytest.mark.parametrize(("current", "target", "allowed"), REQUEST_CASES, ids=_ids(REQUEST_CASES))
def test_request_transitions(current, target, allowed):
    request = CredentialRequest.objects.create(
        endorsement=endorsement(), kind=RequestKind.REINSTATEMENT, status=current
    )

    if allowed:
        credential_request_transition(request=request, to=target, code="test")
        request.refresh_from_db()
        assert request.status == target
        assert request.events.get().to_status == target
    else:
        with pytest.raises(TransitionNotAllowed):
            credential_request_transition(request=request, to=target)
        request.refresh_from_db()
        assert request.status == current
        assert not request.events.exists()


# --- Exam sittings -----------------------------------------------------------------------------

EXAM_CASES = pairs(EXAM_TRANSITIONS, ExamOutcome.values)


@pytest.mark.parametrize(("current", "target", "allowed"), EXAM_CASES, ids=_ids(EXAM_CASES))
def test_exam_sitting_transitions(current, target, allowed):
    sitting = ExamSitting.objects.create(
        application=ApplicationFactory(status=ApplicationStatus.EXAM_PENDING),
        sat_on=dt.date(2026, 5, 1),
        part1_score=85,
        part1_pass_mark=80,
        part1_passed=True,
        outcome=current,
    )

    if allowed:
        exam_sitting_transition(sitting=sitting, to=target, code="test")
        sitting.refresh_from_db()
        assert sitting.outcome == target
        event = sitting.events.get()
        assert (event.from_status, event.to_status, event.audience) == (current, target, "staff")
    else:
        with pytest.raises(TransitionNotAllowed):
            exam_sitting_transition(sitting=sitting, to=target)
        sitting.refresh_from_db()
        assert sitting.outcome == current
        assert not sitting.events.exists()

"""Nobody decides, approves or scores their own case, nor that of someone they declared a
conflict with (the person or their agency): refused in the services themselves, whatever page
or script calls them. Each action is also recorded in the audit trail by the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.services import role_grant
from accounts.tests.factories import coordinator
from applicants.tests.factories import ProfileFactory
from core.models import AuditAction, AuditEvent
from endorsements.credentials.models import RenewalStatus
from endorsements.credentials.services import renewals
from endorsements.credentials.tests.factories import endorsement, submission
from endorsements.models import ApplicationStatus
from endorsements.review import services
from endorsements.review.conflicts import (
    DECLARED_CONFLICT,
    OWN_CASE,
    case_conflict,
)
from endorsements.review.models import Outcome, Recommendation, ReviewerConflict

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    qualified_reviewer,
    review_submitted,
)
from .test_resubmission_exam_reminders import exam_pending_application

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def reviewed_application(**kwargs):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW, **kwargs)
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.ENDORSE)
    return application


def coordinator_applying():
    """A coordinator who is also an applicant, with an application in review."""
    person = coordinator()
    role_grant(user=person, role=Role.APPLICANT)
    return person, reviewed_application(applicant=person)


def test_case_conflict_says_why():
    person, other, colleague = coordinator(), coordinator(), coordinator()
    profile = ProfileFactory(user=colleague)
    ReviewerConflict.objects.create(reviewer=other, agency=profile.agency)

    assert case_conflict(actor=person, subject=person) == OWN_CASE
    assert case_conflict(actor=other, subject=colleague) == DECLARED_CONFLICT
    assert case_conflict(actor=person, subject=colleague) is None
    assert case_conflict(actor=None, subject=colleague) is None  # the system, by its own rules


def test_coordinator_cannot_decide_their_own_application():
    person, application = coordinator_applying()

    with pytest.raises(services.DecisionRefused, match="your own case"):
        services.application_decide(application=application, outcome=Outcome.ENDORSE, actor=person)

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert not AuditEvent.objects.filter(action=AuditAction.DECISION_RECORDED).exists()


def test_coordinator_cannot_decide_for_someone_they_declared_a_conflict_with():
    application = reviewed_application()
    conflicted = coordinator()
    ReviewerConflict.objects.create(reviewer=conflicted, person=application.applicant)

    with pytest.raises(services.DecisionRefused, match="conflict of interest"):
        services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=conflicted
        )

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_another_coordinator_decides_and_the_service_records_it():
    application = reviewed_application()
    deciding = coordinator()

    services.application_decide(application=application, outcome=Outcome.ENDORSE, actor=deciding)

    event = AuditEvent.objects.get(action=AuditAction.DECISION_RECORDED)
    assert event.actor == deciding and event.application_id == application.pk
    assert event.subject == application.applicant
    assert event.details["kind"] == "application" and event.details["outcome"] == "endorse"


def test_the_decide_page_says_why_instead_of_offering_the_form(client):
    person, application = coordinator_applying()
    client.force_login(person)

    page = client.get(reverse("review:decide", args=[application.pk])).content.decode()

    assert "You cannot decide this application" in page
    assert "Record decision" not in page


def test_coordinator_cannot_assign_reviewers_to_their_own_application():
    person = coordinator()
    role_grant(user=person, role=Role.APPLICANT)
    application = SubmittedApplicationFactory(applicant=person)

    with pytest.raises(services.AssignmentRefused, match="your own case"):
        services.assignment_create(
            application=application,
            reviewers=[qualified_reviewer(), qualified_reviewer()],
            actor=person,
        )


def test_assignments_and_submitted_reviews_are_audited():
    application = SubmittedApplicationFactory()
    reviewers = [qualified_reviewer(), qualified_reviewer()]
    actor = coordinator()

    created = services.assignment_create(application=application, reviewers=reviewers, actor=actor)
    services.review_save(
        assignment=created[0],
        submit=True,
        sections={"education": {"met": True, "comment": ""}},
        competency_ids=[],
        comments="",
        recommendation=Recommendation.ENDORSE,
        feedback="",
        sections_to_reopen=[],
    )

    assigned = AuditEvent.objects.filter(action=AuditAction.ASSIGNMENT_CREATED)
    assert {e.details["reviewer"] for e in assigned} == {r.pk for r in reviewers}
    assert all(e.actor == actor and e.application_id == application.pk for e in assigned)
    submitted = AuditEvent.objects.get(action=AuditAction.REVIEW_SUBMITTED)
    assert submitted.actor == reviewers[0]
    assert submitted.details["recommendation"] == "endorse"


def record_sitting(application, *, actor, scorers):
    return services.exam_sitting_record(
        application=application,
        sat_on=dt.date(2026, 4, 1),
        part1_score=Decimal("85"),
        scorers=scorers,
        actor=actor,
        part2_answers="Vignette 1",
    )


def test_nobody_records_the_exam_of_someone_they_declared_a_conflict_with():
    application = exam_pending_application()
    conflicted = coordinator()
    ReviewerConflict.objects.create(reviewer=conflicted, person=application.applicant)

    with pytest.raises(services.ExamRefused, match="conflict of interest"):
        record_sitting(
            application, actor=conflicted, scorers=[qualified_reviewer(), qualified_reviewer()]
        )


def test_a_scorer_who_declared_a_conflict_cannot_be_given_the_paper():
    application = exam_pending_application()
    conflicted = qualified_reviewer()
    ReviewerConflict.objects.create(reviewer=conflicted, person=application.applicant)

    with pytest.raises(services.ExamRefused, match="declared a conflict"):
        record_sitting(application, actor=coordinator(), scorers=[conflicted, qualified_reviewer()])


def test_a_scorer_who_declares_a_conflict_later_cannot_score_and_others_cannot_score_for_them():
    application = exam_pending_application()
    scorers = [qualified_reviewer(), qualified_reviewer()]
    sitting = record_sitting(application, actor=coordinator(), scorers=scorers)
    first, second = list(sitting.scores.order_by("pk"))
    ReviewerConflict.objects.create(reviewer=first.scorer, person=application.applicant)

    with pytest.raises(services.ExamRefused, match="conflict of interest"):
        services.part2_score_record(score=first, passed=True, comment="", actor=first.scorer)
    with pytest.raises(services.ExamRefused, match="Only the scorer"):
        services.part2_score_record(score=second, passed=True, comment="", actor=first.scorer)

    first.refresh_from_db()
    assert first.scored_at is None


def test_exam_sittings_scores_and_outcome_are_audited():
    application = exam_pending_application()
    scorers = [qualified_reviewer(), qualified_reviewer()]
    recorder = coordinator()
    sitting = record_sitting(application, actor=recorder, scorers=scorers)

    for score in sitting.scores.all():
        services.part2_score_record(score=score, passed=True, comment="", actor=score.scorer)

    recorded = AuditEvent.objects.get(action=AuditAction.EXAM_SITTING_RECORDED)
    assert recorded.actor == recorder and recorded.details["part1_score"] == "85"
    scored = AuditEvent.objects.filter(action=AuditAction.EXAM_SCORE_RECORDED)
    assert {e.actor for e in scored} == set(scorers)
    outcome = AuditEvent.objects.filter(action=AuditAction.DECISION_RECORDED, details__kind="exam")
    assert outcome.get().details["outcome"] == "passed"


def test_holder_cannot_approve_or_decline_their_own_renewal():
    holder = coordinator()
    credential = endorsement(holder=holder, code="IFA")
    pending = submission(endorsement=credential)

    with pytest.raises(renewals.RenewalNotAllowed, match="your own case"):
        renewals.renewal_approve(submission=pending, actor=holder)
    with pytest.raises(renewals.RenewalNotAllowed, match="your own case"):
        renewals.renewal_decline(submission=pending, actor=holder, note="No")

    pending.refresh_from_db()
    assert pending.status == RenewalStatus.SUBMITTED


def test_audit_decision_is_refused_for_a_declared_conflict_and_recorded_otherwise():
    credential = endorsement(code="IFA")
    audited = submission(endorsement=credential, status=RenewalStatus.AUDIT_SUBMITTED)
    conflicted, other = coordinator(), coordinator()
    ReviewerConflict.objects.create(reviewer=conflicted, person=credential.holder)

    with pytest.raises(renewals.RenewalNotAllowed, match="conflict of interest"):
        renewals.renewal_decline(submission=audited, actor=conflicted, note="Evidence missing")
    renewals.renewal_decline(submission=audited, actor=other, note="Evidence missing")

    event = AuditEvent.objects.get(action=AuditAction.DECISION_RECORDED)
    assert event.actor == other and event.subject == credential.holder
    assert event.details["kind"] == "renewal" and event.details["outcome"] == "declined"


def test_the_renewal_page_shows_the_refusal(client):
    holder = coordinator()
    pending = submission(endorsement=endorsement(holder=holder, code="IFA"))
    client.force_login(holder)

    response = client.post(
        reverse("credentials:renewal_approve", args=[pending.pk]), {"approve-note": ""}, follow=True
    )

    assert "your own case" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == RenewalStatus.SUBMITTED

"""Defer -> resubmit -> same reviewers; the exam; reminders and escalation."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from accounts.tests.factories import coordinator
from endorsements.models import ApplicationStatus, Endorsement
from endorsements.review import services
from endorsements.review.models import (
    Assignment,
    ExamOutcome,
    Outcome,
    Recommendation,
    ReviewReminderLog,
)
from endorsements.review.snapshot import snapshot_sections
from endorsements.services.transitions import application_transition

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    review_submitted,
    snapshot_for,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def deferred_application():
    application = SubmittedApplicationFactory()
    first, second = qualified_reviewer(), qualified_reviewer()
    services.assignment_create(
        application=application, reviewers=[first, second], actor=coordinator()
    )
    for assignment in Assignment.objects.filter(application=application):
        review_submitted(assignment, Recommendation.DEFER)
    services.application_decide(
        application=application,
        outcome=Outcome.DEFER,
        actor=coordinator(),
        feedback="Add more training.",
        reopened_sections=["training"],
    )
    application.refresh_from_db()
    return application, {first, second}


def resubmit(application, training_hours="48"):
    """What the applicant's submit service does on resubmission."""
    application_transition(
        application=application,
        to=S.SUBMITTED,
        actor=application.applicant,
        fields={
            "previous_snapshot": application.snapshot,
            "snapshot": snapshot_for(application.applicant, training_hours=training_hours),
        },
    )


def test_resubmission_returns_to_the_same_reviewers_in_a_new_round(
    django_capture_on_commit_callbacks,
):
    application, reviewers = deferred_application()
    resubmit(application)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        created = services.application_resubmitted_assign_same_reviewers(application=application)

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert {a.reviewer for a in created} == reviewers
    assert {a.round for a in created} == {2}
    assert any("Resubmitted application" in m.subject for m in mail.outbox)


def test_resubmission_shows_what_changed_per_section():
    application, _ = deferred_application()
    resubmit(application, training_hours="48")
    application.refresh_from_db()

    sections = {
        s.key: s for s in snapshot_sections(application.snapshot, application.previous_snapshot)
    }

    assert sections["training"].changed
    assert any(line.value == "48" for line in sections["training"].added[0].lines)
    assert any(line.value == "36" for line in sections["training"].removed[0].lines)
    assert not sections["education"].changed


def test_resubmission_service_ignores_a_first_submission():
    application = SubmittedApplicationFactory()

    assert services.application_resubmitted_assign_same_reviewers(application=application) == []
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def exam_pending_application():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW, category=category("IMHS"))
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.EXAM)
    services.application_decide(application=application, outcome=Outcome.EXAM, actor=coordinator())
    application.refresh_from_db()
    assert application.status == S.EXAM_PENDING
    return application


def sit(application, score, sat_on=dt.date(2026, 4, 1)):
    scorers = [qualified_reviewer(), qualified_reviewer()]
    sitting = services.exam_sitting_record(
        application=application,
        sat_on=sat_on,
        part1_score=Decimal(score),
        scorers=scorers,
        actor=coordinator(),
        part2_answers="Vignette 1: ...",
    )
    return sitting, list(sitting.scores.all())


def test_exam_passed_on_both_parts_endorses(django_capture_on_commit_callbacks):
    application = exam_pending_application()
    sitting, scores = sit(application, "85")
    assert sitting.part1_passed and sitting.part1_pass_mark == 80

    with django_capture_on_commit_callbacks(execute=True):
        for score in scores:
            services.part2_score_record(score=score, passed=True, comment="", actor=score.scorer)

    sitting.refresh_from_db()
    application.refresh_from_db()
    assert sitting.outcome == ExamOutcome.PASSED
    assert application.status == S.ENDORSED
    assert Endorsement.objects.filter(application=application).exists()


def test_exam_failed_stays_pending_with_a_retake_date_a_year_on(django_capture_on_commit_callbacks):
    application = exam_pending_application()
    sitting, scores = sit(application, "72")

    with django_capture_on_commit_callbacks(execute=True):
        for score in scores:
            services.part2_score_record(score=score, passed=True, comment="", actor=score.scorer)

    sitting.refresh_from_db()
    application.refresh_from_db()
    assert sitting.outcome == ExamOutcome.FAILED
    assert sitting.retake_on == dt.date(2027, 4, 1)
    assert application.status == S.EXAM_PENDING
    assert "1 April 2027" in mail.outbox[-1].body
    with pytest.raises(services.ExamRefused, match="April 2027"):
        sit(application, "90", sat_on=dt.date(2026, 10, 1))


def test_exam_part2_needs_both_scorers_to_pass():
    application = exam_pending_application()
    sitting, (first, second) = sit(application, "95")

    services.part2_score_record(score=first, passed=True, comment="", actor=first.scorer)
    sitting.refresh_from_db()
    assert sitting.outcome == ExamOutcome.PENDING
    services.part2_score_record(score=second, passed=False, comment="Thin", actor=second.scorer)

    sitting.refresh_from_db()
    assert sitting.outcome == ExamOutcome.FAILED


def test_exam_failure_may_be_closed_as_not_endorsed():
    application = exam_pending_application()

    services.application_decide(
        application=application, outcome=Outcome.DENY, actor=coordinator(), feedback="Two fails."
    )

    application.refresh_from_db()
    assert application.status == S.DENIED


def test_reminders_are_sent_once_before_due_and_escalated_once_after(
    django_capture_on_commit_callbacks,
):
    # Escalated once; the coordinators read it in their daily digest, not as an email each
    # (issue 14: "an overdue review (a daily digest, not one email per event)").
    coordinator(email="cora@example.org")
    assignment = AssignmentFactory(due_on=dt.date(2026, 6, 10))

    with (
        time_machine.travel(dt.datetime(2026, 6, 8, 12, tzinfo=dt.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.review_reminders_send()
        second = services.review_reminders_send()
    with (
        time_machine.travel(dt.datetime(2026, 6, 11, 12, tzinfo=dt.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        late = services.review_reminders_send()
        again = services.review_reminders_send()

    assert first == {"reminders": 1, "escalations": 0}
    assert second == {"reminders": 0, "escalations": 0}
    assert late == {"reminders": 0, "escalations": 1}
    assert again == {"reminders": 0, "escalations": 0}
    assert ReviewReminderLog.objects.filter(assignment=assignment).count() == 2
    assert [m.to for m in mail.outbox] == [[assignment.reviewer.email]]


def test_reminders_skip_submitted_reviews():
    assignment = AssignmentFactory(due_on=dt.date(2026, 6, 10))
    review_submitted(assignment)

    with time_machine.travel(dt.datetime(2026, 6, 12, 12, tzinfo=dt.UTC)):
        assert services.review_reminders_send() == {"reminders": 0, "escalations": 0}


def test_reminder_task_runs_the_service():
    from endorsements.review.tasks import review_reminders_send

    AssignmentFactory(due_on=dt.date(2026, 6, 10))
    with time_machine.travel(dt.datetime(2026, 6, 9, 12, tzinfo=dt.UTC)):
        result = review_reminders_send.delay()

    assert result.get() == {"reminders": 1, "escalations": 0}

"""Reviews, consensus and decisions, including two deciders at once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from accounts.tests.factories import coordinator
from endorsements.models import ApplicationEvent, ApplicationStatus, Endorsement
from endorsements.review import services
from endorsements.review.models import Decision, Outcome, Recommendation

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    review_submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def reviewed(recommendations=(Recommendation.ENDORSE, Recommendation.ENDORSE), **app_kwargs):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW, **app_kwargs)
    assignments = [
        AssignmentFactory(application=application, reviewer=qualified_reviewer())
        for _ in recommendations
    ]
    for assignment, rec in zip(assignments, recommendations, strict=True):
        review_submitted(assignment, rec)
    return application, assignments


def review_values(**overrides):
    values = {
        "sections": {"education": {"met": True, "comment": ""}},
        "competency_ids": [],
        "comments": "",
        "recommendation": Recommendation.ENDORSE,
        "feedback": "",
        "sections_to_reopen": [],
    }
    return {**values, **overrides}


def test_review_draft_then_submit_completes_the_assignment():
    assignment = AssignmentFactory()

    draft = services.review_save(assignment=assignment, submit=False, **review_values())
    assert draft.submitted_at is None
    assignment.refresh_from_db()
    assert assignment.completed_at is None

    submitted = services.review_save(assignment=assignment, submit=True, **review_values())

    assignment.refresh_from_db()
    assert submitted.submitted_at is not None
    assert assignment.completed_at is not None
    with pytest.raises(services.ReviewLocked):
        services.review_save(assignment=assignment, submit=False, **review_values())


def test_decision_endorse_by_consensus_issues_the_credential(django_capture_on_commit_callbacks):
    application, _ = reviewed()

    with django_capture_on_commit_callbacks(execute=True):
        decision = services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )

    application.refresh_from_db()
    assert application.status == S.ENDORSED
    assert decision.consensus is True
    endorsement = Endorsement.objects.get(application=application)
    assert endorsement.number.startswith("CT-AIMH-IFA-")
    message = next(m for m in mail.outbox if "You are endorsed" in m.subject)
    assert message.to == [application.applicant.email]
    assert endorsement.number in message.body


def test_decision_against_a_recommendation_needs_a_tie_break_reason():
    application, _ = reviewed((Recommendation.ENDORSE, Recommendation.DEFER))

    with pytest.raises(services.DecisionRefused):
        services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )

    decision = services.application_decide(
        application=application,
        outcome=Outcome.ENDORSE,
        actor=coordinator(),
        tie_break_reason="Second reviewer's concern is met by the new transcript",
    )
    assert decision.consensus is False
    # The reason is kept as typed, in a row for staff only (never on the applicant's timeline).
    event = ApplicationEvent.objects.get(application=application, code="tie_break")
    assert event.note == "Second reviewer's concern is met by the new transcript"
    assert event.audience == "staff"


def test_decision_waits_for_every_review():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    done = AssignmentFactory(application=application)
    AssignmentFactory(application=application)
    review_submitted(done)

    with pytest.raises(services.DecisionRefused, match="every reviewer"):
        services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )


def test_decision_outcomes_follow_the_category():
    ifa, _ = reviewed()
    ifrs, _ = reviewed(category=category("IFRS"))
    imhs, _ = reviewed(category=category("IMHS"))

    assert Outcome.EMERGING not in services.outcomes_allowed(ifa)
    assert Outcome.EMERGING in services.outcomes_allowed(ifrs)
    assert Outcome.EXAM in services.outcomes_allowed(imhs)
    assert Outcome.ENDORSE not in services.outcomes_allowed(imhs)
    with pytest.raises(services.DecisionRefused):
        services.application_decide(application=ifa, outcome=Outcome.EMERGING, actor=coordinator())


def test_decision_emerging_issues_an_emerging_credential():
    application, _ = reviewed(
        (Recommendation.EMERGING, Recommendation.EMERGING), category=category("IFRS")
    )

    services.application_decide(
        application=application, outcome=Outcome.EMERGING, actor=coordinator()
    )

    application.refresh_from_db()
    assert application.status == S.ENDORSED_EMERGING
    assert Endorsement.objects.get(application=application).status == "emerging"


def test_decision_defer_reopens_sections_and_emails_feedback(django_capture_on_commit_callbacks):
    application, _ = reviewed((Recommendation.DEFER, Recommendation.DEFER))

    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            outcome=Outcome.DEFER,
            actor=coordinator(),
            feedback="Add the certificate for the attachment training.",
            reopened_sections=["training"],
        )

    application.refresh_from_db()
    assert application.status == S.DEFERRED
    assert application.reopened_sections == ["training"]
    assert application.feedback == "Add the certificate for the attachment training."
    message = mail.outbox[-1]
    assert "Changes requested" in message.subject
    assert "Add the certificate for the attachment training." in message.body
    assert "In-service training" in message.body
    assert not Endorsement.objects.filter(application=application).exists()


def test_decision_deny_needs_feedback_and_emails_it(django_capture_on_commit_callbacks):
    application, _ = reviewed((Recommendation.DEFER, Recommendation.DEFER))

    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            outcome=Outcome.DENY,
            actor=coordinator(),
            feedback="The work experience is outside the age band.",
            tie_break_reason="Second deferral would not change the outcome",
        )

    application.refresh_from_db()
    assert application.status == S.DENIED
    assert "outside the age band" in mail.outbox[-1].body


def test_decision_twice_is_refused_with_a_plain_message():
    application, _ = reviewed()
    services.application_decide(
        application=application, outcome=Outcome.ENDORSE, actor=coordinator()
    )

    with pytest.raises(services.DecisionRefused, match="already"):
        services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )

    assert Decision.objects.count() == 1
    assert Endorsement.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_deciding_at_once_produce_one_decision_and_one_endorsement():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from endorsements.tests.factories import seed_data_ensure

    seed_data_ensure()  # a browser test before this one may have flushed the seeded rows
    application, _ = reviewed()
    actors = [coordinator(), coordinator()]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(actor):
        from django.db import connections

        try:
            barrier.wait()
            stale = type(application).objects.get(pk=application.pk)
            services.application_decide(application=stale, outcome=Outcome.ENDORSE, actor=actor)
            outcomes.append("decided")
        except services.DecisionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["decided", "refused"]
    assert Decision.objects.filter(application=application).count() == 1
    assert Endorsement.objects.filter(application=application).count() == 1
    assert (
        ApplicationEvent.objects.filter(
            application=application, to_status=S.ENDORSED, audience="applicant"
        ).count()
        == 1
    )

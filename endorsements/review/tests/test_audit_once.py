"""Each audited event leaves exactly one audit row, written by its service inside the service's
own transaction (so it exists before anything runs after commit, and never without the change).

Issue 15 moved the rows of assignments, reviews, exam sittings and scores, decisions and
approvals into their services; issue 21 moved the decision's row into `application_decide`
so a hung broker cannot lose it. These tests drive each event through the page people use, so
that a view recording the event a second time would be caught too."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory, coordinator
from core.models import AuditAction, AuditEvent
from endorsements.credentials.models import RenewalStatus
from endorsements.credentials.tests.factories import endorsement, submission
from endorsements.models import ApplicationStatus
from endorsements.review import services
from endorsements.review.models import Outcome, Recommendation
from endorsements.services import references as reference_services
from endorsements.tests.factories import ApplicationFactory

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    qualified_reviewer,
    review_submitted,
)
from .test_resubmission_exam_reminders import exam_pending_application
from .test_views import review_post

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def rows(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def test_a_decision_made_on_the_decide_page_is_audited_once_before_commit(
    client, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.ENDORSE)
    client.force_login(coordinator())

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        client.post(reverse("review:decide", args=[application.pk]), {"outcome": "endorse"})
        # Written in the decision's transaction: there before any after-commit work runs.
        assert rows(AuditAction.DECISION_RECORDED).count() == 1
    assert after_commit  # the certificate's task and the outbox's hand-over still wait

    assert rows(AuditAction.DECISION_RECORDED, application_id=application.pk).count() == 1


def test_a_decision_rolled_back_leaves_no_audit_row():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.ENDORSE)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )
        raise RuntimeError("the caller's transaction fails after the decision")

    assert not rows(AuditAction.DECISION_RECORDED).exists()


def test_assigning_on_the_assign_page_audits_each_reviewer_once(client):
    application = SubmittedApplicationFactory()
    first, second = qualified_reviewer(), qualified_reviewer()
    client.force_login(coordinator())

    client.post(
        reverse("review:assign", args=[application.pk]), {"reviewers": [first.pk, second.pk]}
    )

    assigned = rows(AuditAction.ASSIGNMENT_CREATED, application_id=application.pk)
    assert assigned.count() == 2
    assert sorted(e.details["reviewer"] for e in assigned) == sorted([first.pk, second.pk])


def test_a_bulk_assignment_audits_each_reviewer_of_each_application_once(client):
    applications = [SubmittedApplicationFactory(), SubmittedApplicationFactory()]
    first, second = qualified_reviewer(), qualified_reviewer()
    client.force_login(coordinator())

    client.post(
        reverse("review:inbox_assign"),
        {
            "applications": [a.pk for a in applications],
            "first_reviewer": first.pk,
            "second_reviewer": second.pk,
        },
    )

    for application in applications:
        assert rows(AuditAction.ASSIGNMENT_CREATED, application_id=application.pk).count() == 2


def test_a_review_is_audited_once_when_submitted_and_never_as_a_draft(client):
    assignment = AssignmentFactory(
        application=SubmittedApplicationFactory(status=S.IN_REVIEW), reviewer=qualified_reviewer()
    )
    client.force_login(assignment.reviewer)
    url = reverse("review:review", args=[assignment.pk])

    client.post(url, review_post(action="draft"))
    assert not rows(AuditAction.REVIEW_SUBMITTED).exists()
    client.post(url, review_post())

    assert rows(AuditAction.REVIEW_SUBMITTED, actor=assignment.reviewer).count() == 1


def test_an_exam_sitting_its_scores_and_its_outcome_are_each_audited_once(client):
    application = exam_pending_application()
    scorers = [qualified_reviewer(), qualified_reviewer()]
    client.force_login(coordinator())

    client.post(
        reverse("review:exam_record", args=[application.pk]),
        {
            "sat_on": "2026-04-01",
            "part1_score": "85",
            "part2_answers": "Vignette 1",
            "scorers": [s.pk for s in scorers],
        },
    )
    assert rows(AuditAction.EXAM_SITTING_RECORDED, application_id=application.pk).count() == 1
    for scorer in scorers:
        paper = application.exam_sittings.get().scores.get(scorer=scorer)
        client.force_login(scorer)
        client.post(reverse("review:exam_score", args=[paper.pk]), {"result": "pass"})

    assert rows(AuditAction.EXAM_SCORE_RECORDED, application_id=application.pk).count() == 2
    exam = rows(AuditAction.DECISION_RECORDED, application_id=application.pk, details__kind="exam")
    assert exam.count() == 1 and exam.get().details["outcome"] == "passed"


@pytest.mark.parametrize(
    ("page", "data", "outcome"),
    [
        ("credentials:renewal_approve", {"approve-note": "Fine"}, "approved"),
        ("credentials:renewal_decline", {"decline-note": "Add the training"}, "declined"),
    ],
)
def test_a_renewal_decided_on_its_page_is_audited_once(client, page, data, outcome):
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))):
        pending = submission(endorsement=endorsement())
        client.force_login(coordinator())

        client.post(reverse(page, args=[pending.pk]), data)

    pending.refresh_from_db()
    assert pending.status in (RenewalStatus.APPROVED, RenewalStatus.DECLINED)
    decided = rows(AuditAction.DECISION_RECORDED, details__kind="renewal")
    assert decided.count() == 1 and decided.get().details["outcome"] == outcome


def test_vetting_a_rater_in_the_admin_is_audited_once_as_vetting(client):
    reference = reference_services.reference_invite(
        application=ApplicationFactory(),
        rater_name="Rita Rater",
        rater_email="rita@example.org",
        relationship="current_supervisor",
        rater_endorsed=True,
        rater_endorsement_number="OH-1234",
    )
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    client.post(
        reverse("admin:endorsements_referencerequest_change", args=[reference.pk]),
        {"vetted": "on", "vetted_note": "Holds IMH-E from Ohio"},
    )

    assert rows(AuditAction.RATER_VETTED, actor=admin).count() == 1
    # The admin's own record of the change is a different event (what was edited in the admin).
    assert rows(AuditAction.ADMIN_CHANGE, actor=admin).count() == 1

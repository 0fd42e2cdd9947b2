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


# --- The life of an endorsement (issue 14's events, each audited once by its service) ----------


def in_review_with_two_reviewers():
    from datetime import timedelta

    from django.utils import timezone

    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    assignments = [
        AssignmentFactory(
            application=application,
            reviewer=qualified_reviewer(),
            due_on=timezone.localdate() + timedelta(days=21),
        )
        for _ in range(2)
    ]
    return application, assignments


def test_returning_an_application_on_its_page_is_audited_once(client):
    application = SubmittedApplicationFactory()
    client.force_login(coordinator())

    client.post(reverse("review:return", args=[application.pk]), {"message": "Add the CV."})

    returned = rows(AuditAction.APPLICATION_RETURNED)
    assert returned.count() == 1
    assert returned.get().application_id == application.pk
    assert returned.get().subject == application.applicant


def test_replacing_removing_and_extending_a_reviewer_are_each_audited_once(client):
    from datetime import timedelta

    application, (first, second) = in_review_with_two_reviewers()
    fresh = qualified_reviewer()
    client.force_login(coordinator())

    client.post(
        reverse("review:assignment_replace", args=[first.pk]),
        {"reviewer": fresh.pk, "reason": "Overdue"},
    )
    replaced = application.assignments.get(reviewer=fresh)
    client.post(
        reverse("review:assignment_extend", args=[replaced.pk]),
        {"due_on": (replaced.due_on + timedelta(days=7)).isoformat(), "reason": "Asked for time"},
    )
    client.post(reverse("review:assignment_remove", args=[second.pk]), {"reason": "Away"})

    for action in (
        AuditAction.ASSIGNMENT_REPLACED,
        AuditAction.ASSIGNMENT_EXTENDED,
        AuditAction.ASSIGNMENT_REMOVED,
    ):
        assert rows(action, application_id=application.pk).count() == 1, action
    # A replacement is its own event, not also a new assignment.
    assert not rows(AuditAction.ASSIGNMENT_CREATED).exists()


def test_holding_then_releasing_a_decision_is_audited_once_each(
    client, django_capture_on_commit_callbacks
):
    application, assignments = in_review_with_two_reviewers()
    for assignment in assignments:
        review_submitted(assignment, Recommendation.ENDORSE)
    client.force_login(coordinator())

    client.post(
        reverse("review:decide", args=[application.pk]), {"outcome": "endorse", "hold": "on"}
    )
    held = rows(AuditAction.DECISION_HELD, application_id=application.pk)
    assert held.count() == 1
    assert not rows(AuditAction.DECISION_RECORDED).exists()  # nothing in effect yet
    decision = application.decisions.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review:held_decisions"), {"decisions": [str(decision.pk)]})

    assert rows(AuditAction.DECISION_RELEASED, application_id=application.pk).count() == 1
    assert rows(AuditAction.DECISION_HELD).count() == 1
    assert not rows(AuditAction.DECISION_RECORDED).exists()


@pytest.mark.parametrize(
    ("page", "action"),
    [
        ("credentials:credential_suspend", AuditAction.CREDENTIAL_SUSPENDED),
        ("credentials:credential_revoke", AuditAction.CREDENTIAL_REVOKED),
    ],
)
def test_suspending_or_revoking_on_its_page_is_audited_once(client, page, action):
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))):
        credential = endorsement()
        client.force_login(coordinator())

        client.post(reverse(page, args=[credential.pk]), {"reason": "Board review"})

    event = rows(action).get()
    assert event.subject == credential.holder
    assert event.application_id == credential.application_id


def test_lifting_a_suspension_on_its_page_is_audited_once(client):
    from endorsements.credentials.services import lifecycle

    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))):
        credential = endorsement()
        lifecycle.endorsement_suspend(endorsement=credential, actor=coordinator(), reason="Board")
        client.force_login(coordinator())

        client.post(reverse("credentials:credential_lift", args=[credential.pk]), {"reason": "Ok"})

    assert rows(AuditAction.CREDENTIAL_UNSUSPENDED).count() == 1
    assert rows(AuditAction.CREDENTIAL_SUSPENDED).count() == 1


def _request(kind):
    from datetime import date, timedelta

    from endorsements.credentials.models import CredentialRequest
    from endorsements.services.transitions import endorsement_transition

    credential = endorsement(issued_on=date(2024, 3, 1))
    endorsement_transition(
        endorsement=credential,
        to="lapsed",
        effective_on=date(2026, 11, 2) - timedelta(days=40),
    )
    return CredentialRequest.objects.create(endorsement=credential, kind=kind)


@pytest.mark.parametrize(
    ("page", "data", "action"),
    [
        ("credentials:request_approve", {}, AuditAction.CREDENTIAL_REINSTATED),
        ("credentials:request_decline", {"decline-reason": "Hours"}, AuditAction.REQUEST_DECLINED),
    ],
)
def test_a_reinstatement_answered_on_its_page_is_audited_once(client, page, data, action):
    from endorsements.credentials.models import RequestKind, RequestStatus

    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))):
        request = _request(RequestKind.REINSTATEMENT)
        client.force_login(coordinator())

        client.post(reverse(page, args=[request.pk]), data)

    request.refresh_from_db()
    assert request.status in (RequestStatus.APPROVED, RequestStatus.DECLINED)
    event = rows(action).get()
    assert event.subject == request.endorsement.holder
    answers = (AuditAction.CREDENTIAL_REINSTATED, AuditAction.REQUEST_DECLINED)
    assert AuditEvent.objects.filter(action__in=answers).count() == 1


def test_an_emerging_completion_approved_is_audited_once():
    from endorsements.credentials.models import CredentialRequest, RequestKind
    from endorsements.credentials.services import requests
    from endorsements.models import Endorsement
    from endorsements.services.transitions import application_transition
    from endorsements.tests.factories import category

    application = ApplicationFactory(category=category("IFRS"), status=S.IN_REVIEW)
    application_transition(application=application, to=S.ENDORSED_EMERGING)
    credential = Endorsement.objects.get(application=application)
    request = CredentialRequest.objects.create(endorsement=credential, kind=RequestKind.COMPLETION)

    requests.credential_request_approve(request=request, actor=coordinator())

    assert rows(AuditAction.EMERGING_COMPLETED, subject=application.applicant).count() == 1
    assert not rows(AuditAction.DECISION_RECORDED).exists()


def test_an_undecided_renewal_lapsed_by_the_policy_is_audited_once():
    from datetime import date

    from endorsements.credentials.services import overdue

    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))):
        waiting = submission(endorsement=endorsement(issued_on=date(2024, 3, 1)))
        overdue.renewal_lapse(submission=waiting, code="lapsed_undecided", today=date(2026, 11, 2))

    event = rows(AuditAction.RENEWAL_LAPSED).get()
    assert event.actor is None  # the policy, not a person
    assert event.subject == waiting.endorsement.holder

"""The review workload `seed_demo --applicants N` builds: reviewers, applications in every inbox
status with their assignments, reviews, decisions and history, and pages that show them."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Role, User
from accounts.tests.factories import coordinator
from demo.seed import bulk_applicants
from endorsements.models import Application, ApplicationStatus, Endorsement
from endorsements.models.credentials import CURRENT_STATUSES
from endorsements.review.models import Assignment, Decision, Outcome, Review
from endorsements.review.snapshot import completeness

pytestmark = pytest.mark.django_db
S = ApplicationStatus
PEOPLE = 500  # one application in 100 (at least five): two submitted, two in review, one exam


@pytest.fixture
def seeded():
    """The generated people's ids and their applications (those of the workload)."""
    ids = bulk_applicants(count=PEOPLE, seed=11, progress=False)
    applications = list(
        Application.objects.filter(applicant_id__in=ids)
        .select_related("applicant", "category", "requirement_set")
        .order_by("submitted_at")
    )
    return ids, applications


def test_workload_fills_every_inbox_status_in_proportion(seeded):
    ids, applications = seeded

    statuses = Counter(a.status for a in applications)

    assert len(applications) == PEOPLE // 100
    assert len({a.applicant_id for a in applications}) == len(applications)
    assert set(statuses) == {S.SUBMITTED, S.IN_REVIEW, S.EXAM_PENDING}
    assert statuses[S.SUBMITTED] == pytest.approx(0.40 * len(applications), abs=1)
    assert statuses[S.IN_REVIEW] == pytest.approx(0.45 * len(applications), abs=2)
    assert statuses[S.EXAM_PENDING] == pytest.approx(0.15 * len(applications), abs=1)


def test_workload_applications_are_dated_and_carry_a_real_snapshot(seeded):
    _, applications = seeded
    now = timezone.now()

    for application in applications:
        snapshot = application.snapshot
        met, total = completeness(snapshot["checklist"])

        assert now - timedelta(days=121) < application.submitted_at <= now
        assert application.created_at < application.submitted_at
        assert application.requirement_set.category_id == application.category_id
        assert snapshot["applicant"]["id"] == application.applicant_id
        assert snapshot["category"]["code"] == application.category.code
        assert snapshot["requirement_set"]["id"] == application.requirement_set_id
        assert total >= 8 and 0 < met <= total
        assert len(snapshot["references"]) == 3
        assert snapshot["attestation"]["typed_name"] == application.applicant.full_name


def test_workload_history_follows_each_transition_in_order(seeded):
    _, applications = seeded
    path = {
        S.SUBMITTED: [(S.DRAFT, S.SUBMITTED)],
        S.IN_REVIEW: [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.IN_REVIEW)],
        S.EXAM_PENDING: [
            (S.DRAFT, S.SUBMITTED),
            (S.SUBMITTED, S.IN_REVIEW),
            (S.IN_REVIEW, S.EXAM_PENDING),
        ],
    }

    for application in applications:
        # The status changes, written as the services write them (codes); the reviewers'
        # names follow the assignment in a staff-only row.
        events = list(application.events.filter(audience="applicant"))
        notes = list(application.events.filter(audience="staff"))

        assert [(e.from_status, e.to_status) for e in events] == path[application.status]
        assigned = application.status != S.SUBMITTED
        assert [n.code for n in notes] == (["reviewers_assigned"] if assigned else [])
        assert all(e.code and e.note == "" for e in events)
        assert events[0].created_at == application.submitted_at
        assert events[0].actor_id == application.applicant_id
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)


def test_workload_reviewers_hold_a_current_endorsement_and_never_review_themselves(seeded):
    ids, applications = seeded
    reviewers = set(
        User.objects.filter(pk__in=ids, groups__name=Role.REVIEWER).values_list("pk", flat=True)
    )
    holders = set(
        Endorsement.objects.filter(holder_id__in=reviewers, status__in=CURRENT_STATUSES)
        .values_list("holder_id", flat=True)
        .distinct()
    )

    assert len(reviewers) == 3  # at least three, one in 2,500 beyond that
    assert holders == reviewers
    for application in applications:
        assignments = list(application.assignments.all())
        if application.status == S.SUBMITTED:
            assert assignments == []
            continue
        assert len(assignments) == 2
        assert {a.round for a in assignments} == {1}
        assert len({a.reviewer_id for a in assignments}) == 2
        assert {a.reviewer_id for a in assignments} <= reviewers
        assert application.applicant_id not in {a.reviewer_id for a in assignments}
        for assignment in assignments:
            review = Review.objects.filter(assignment=assignment).first()
            # Handed in exactly when the review is: the assignment is complete with it.
            assert (assignment.completed_at is not None) == bool(review and review.is_submitted)
            assert assignment.conflict_flags == []  # chosen without a conflict


def test_workload_exam_pending_applications_have_their_reviews_and_decision(seeded):
    _, applications = seeded
    exam = [a for a in applications if a.status == S.EXAM_PENDING]

    assert exam
    for application in exam:
        assignments = Assignment.objects.filter(application=application)
        decision = Decision.objects.get(application=application)

        assert application.requirement_set.exam_required
        assert all(a.completed_at is not None for a in assignments)
        assert {a.review.recommendation for a in assignments} == {"exam"}
        assert (decision.outcome, decision.round, decision.consensus) == (Outcome.EXAM, 1, True)


def test_workload_shows_in_the_inbox_and_on_the_decide_page(client, seeded):
    _, applications = seeded
    in_review = next(a for a in applications if a.status == S.IN_REVIEW)
    reviewers = [a.reviewer.full_name for a in in_review.assignments.select_related("reviewer")]
    client.force_login(coordinator())

    inbox = client.get(reverse("review:inbox"))
    decide = client.get(reverse("review:decide", args=[in_review.pk]))

    assert inbox.status_code == 200
    page = inbox.content.decode()
    for application in applications:
        assert escape(application.applicant.full_name) in page
    assert "None yet" in page  # the submitted ones wait for reviewers
    assert len(re.findall(r"\d+ of \d+ met", page)) == len(applications)  # read from snapshots
    assert decide.status_code == 200
    page = decide.content.decode()
    assert escape(in_review.applicant.full_name) in page
    assert all(escape(name) in page for name in reviewers)
    assert "Round 1 assigned to" in page and "Submitted by the applicant." in page


def test_workload_grows_when_the_seed_runs_again(seeded):
    first_ids, first = seeded

    second_ids = bulk_applicants(count=PEOPLE, seed=12, progress=False)

    second = Application.objects.filter(applicant_id__in=second_ids)
    assert second.count() == len(first)
    assert Application.objects.filter(applicant_id__in=first_ids).count() == len(first)
    assert User.objects.filter(pk__in=second_ids, groups__name=Role.REVIEWER).count() == 3


def test_workload_assignment_shows_the_snapshot_to_its_reviewer(client, seeded):
    _, applications = seeded
    in_review = next(a for a in applications if a.status == S.IN_REVIEW)
    assignment = in_review.assignments.select_related("reviewer").first()
    snapshot = in_review.snapshot
    client.force_login(assignment.reviewer)

    response = client.get(reverse("review:review", args=[assignment.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert escape(snapshot["profile"]["display_name"]) in page
    assert escape(snapshot["references"][0]["rater_name"]) in page
    assert escape(snapshot["training"][0]["title"]) in page

"""Who may open each page: anonymous, applicants (own and other), reviewers (assigned,
unassigned, conflicted), coordinator, registry admin.

Coordinator pages answer 403 to every other signed-in person (they exist for every
coordinator, so nothing leaks); pages about one assignment, file or exam paper answer 404 to
anyone but the person it belongs to."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin
from applicants.tests.factories import stored_pdf
from applicants.uploads import check_upload
from endorsements.models import ApplicationStatus
from endorsements.review import services
from endorsements.review.models import Assignment, ReviewerConflict

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    snapshot_for,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def world():
    in_review = SubmittedApplicationFactory(status=S.IN_REVIEW)
    cv = stored_pdf(owner=in_review.applicant, name="cv.pdf")
    in_review.snapshot = snapshot_for(in_review.applicant, files={"cv": cv})
    in_review.save()
    assigned = qualified_reviewer()
    assignment = AssignmentFactory(application=in_review, reviewer=assigned)
    AssignmentFactory(application=in_review)
    conflicted = qualified_reviewer()
    ReviewerConflict.objects.create(reviewer=conflicted, person=in_review.applicant)
    submitted = SubmittedApplicationFactory(applicant=in_review.applicant, category=category("IFS"))
    exam = SubmittedApplicationFactory(status=S.EXAM_PENDING, category=category("IMHS"))
    from applicants.tests.factories import upload

    sitting = services.exam_sitting_record(
        application=exam,
        sat_on=exam.submitted_at.date(),
        part1_score=Decimal("90"),
        scorers=[assigned, qualified_reviewer()],
        actor=coordinator(),
        part2_answers="Answers",
        part2_upload=check_upload(upload("answers.pdf")),
    )
    conflict = ReviewerConflict.objects.get(reviewer=conflicted)
    return {
        "users": {
            "applicant_own": in_review.applicant,
            "applicant_other": applicant(),
            "reviewer_assigned": assigned,
            "reviewer_unassigned": qualified_reviewer(),
            "reviewer_conflicted": conflicted,
            "coordinator": coordinator(),
            "admin": registry_admin(),
        },
        "urls": {
            "inbox": ("get", reverse("review:inbox")),
            "inbox_assign": ("post", reverse("review:inbox_assign")),
            "assign": ("get", reverse("review:assign", args=[submitted.pk])),
            "return": ("post", reverse("review:resubmission_return", args=[submitted.pk])),
            "decide": ("get", reverse("review:decide", args=[in_review.pk])),
            "exam_record": ("get", reverse("review:exam_record", args=[exam.pk])),
            "file": ("get", reverse("review:file", args=[in_review.pk, cv.pk])),
            "queue": ("get", reverse("review:queue")),
            "review": ("get", reverse("review:review", args=[assignment.pk])),
            "conflicts": ("get", reverse("review:conflicts")),
            "conflict_delete": ("post", reverse("review:conflict_delete", args=[conflict.pk])),
            "exam_score": (
                "get",
                reverse("review:exam_score", args=[sitting.scores.get(scorer=assigned).pk]),
            ),
            "exam_answers": (
                "get",
                reverse("review:exam_answers", args=[sitting.scores.get(scorer=assigned).pk]),
            ),
        },
    }


COORDINATOR_PAGE = {
    "applicant_own": 403,
    "applicant_other": 403,
    "reviewer_assigned": 403,
    "reviewer_unassigned": 403,
    "reviewer_conflicted": 403,
    "coordinator": 200,
    "admin": 403,
}
REVIEWER_PAGE = {
    **COORDINATOR_PAGE,
    "reviewer_assigned": 200,
    "reviewer_unassigned": 200,
    "reviewer_conflicted": 200,
    "coordinator": 403,
}
ASSIGNED_ONLY = {**dict.fromkeys(COORDINATOR_PAGE, 404), "reviewer_assigned": 200}
EXPECTED = {
    "inbox": COORDINATOR_PAGE,
    "inbox_assign": {**COORDINATOR_PAGE, "coordinator": 302},
    "assign": COORDINATOR_PAGE,
    "return": {**COORDINATOR_PAGE, "coordinator": 302},
    "decide": COORDINATOR_PAGE,
    "exam_record": COORDINATOR_PAGE,
    "file": {**ASSIGNED_ONLY, "coordinator": 200},
    "queue": REVIEWER_PAGE,
    "review": ASSIGNED_ONLY,
    "conflicts": REVIEWER_PAGE,
    # Only the conflicted reviewer declared this conflict: another reviewer gets 404.
    "conflict_delete": {
        **COORDINATOR_PAGE,
        "reviewer_assigned": 404,
        "reviewer_unassigned": 404,
        "reviewer_conflicted": 302,
        "coordinator": 403,
    },
    "exam_score": ASSIGNED_ONLY,
    "exam_answers": ASSIGNED_ONLY,
}
CASES = [(page, who) for page, expected in EXPECTED.items() for who in expected]


@pytest.mark.parametrize(("page", "who"), CASES)
def test_permissions_matrix(client, world, page, who):
    method, url = world["urls"][page]
    client.force_login(world["users"][who])

    response = getattr(client, method)(url)

    assert response.status_code == EXPECTED[page][who]


@pytest.mark.parametrize("page", list(EXPECTED))
def test_permissions_anonymous_is_sent_to_log_in(client, world, page):
    method, url = world["urls"][page]

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_permissions_reviewer_file_must_be_in_the_snapshot(client, world):
    in_review = Assignment.objects.get(reviewer=world["users"]["reviewer_assigned"]).application
    other_file = stored_pdf(owner=in_review.applicant, name="private.pdf")
    client.force_login(world["users"]["reviewer_assigned"])

    response = client.get(reverse("review:file", args=[in_review.pk, other_file.pk]))

    assert response.status_code == 404


def test_permissions_file_is_an_attachment(client, world):
    client.force_login(world["users"]["reviewer_assigned"])
    _, url = world["urls"]["file"]

    response = client.get(url)

    assert response["Content-Disposition"].startswith("attachment")
    assert b"%PDF" in b"".join(response.streaming_content)


def test_permissions_exam_answers_are_named_by_candidate_code_only(client, world):
    client.force_login(world["users"]["reviewer_assigned"])
    _, url = world["urls"]["exam_answers"]

    response = client.get(url)

    assert 'filename="answers-C-' in response["Content-Disposition"]

"""A reviewer reads an applicant's portfolio and files only while they hold the reviewer role
and their assignment is open, or was decided less than REVIEWER_ACCESS_DAYS ago; a revoked
reviewer is refused at once; staff access always asks for the second factor."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.services import role_revoke
from accounts.tests.factories import PASSWORD, coordinator
from applicants.tests.factories import stored_pdf, upload
from applicants.uploads import check_upload
from endorsements.models import ApplicationStatus
from endorsements.review import services
from endorsements.review.models import Assignment, Outcome

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


@pytest.fixture
def assigned():
    """An application in review with a CV in its snapshot, and one of its two reviewers."""
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    cv = stored_pdf(owner=application.applicant, name="cv.pdf")
    application.snapshot = snapshot_for(application.applicant, files={"cv": cv})
    application.save()
    reviewer = qualified_reviewer()
    assignment = AssignmentFactory(application=application, reviewer=reviewer)
    other = AssignmentFactory(application=application)
    return {"application": application, "assignment": assignment, "other": other, "cv": cv}


def pages(world):
    application = world["application"]
    return [
        reverse("review:review", args=[world["assignment"].pk]),
        reverse("review:file", args=[application.pk, world["cv"].pk]),
    ]


def test_assigned_reviewer_reads_the_open_assignment(client, assigned):
    client.force_login(assigned["assignment"].reviewer)

    for url in pages(assigned):
        assert client.get(url).status_code == 200, url


def test_revoked_reviewer_gets_404_at_once(client, assigned):
    reviewer = assigned["assignment"].reviewer
    client.force_login(reviewer)
    role_revoke(user=reviewer, role=Role.REVIEWER)

    for url in pages(assigned):
        assert client.get(url).status_code == 404, url
    queue = client.get(reverse("review:queue"))
    assert queue.status_code == 403


def decide(application, *, when):
    for assignment in Assignment.objects.filter(application=application):
        review_submitted(assignment)
    with time_machine.travel(when, tick=False):
        services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )


def test_access_lasts_30_days_after_the_decision_then_ends(client, assigned, settings):
    settings.REVIEWER_ACCESS_DAYS = 30
    decided = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    decide(assigned["application"], when=decided)
    client.force_login(assigned["assignment"].reviewer)

    with time_machine.travel(decided + dt.timedelta(days=29, hours=23), tick=False):
        assert all(client.get(url).status_code == 200 for url in pages(assigned))
        queue = client.get(reverse("review:queue")).content.decode()
        assert reverse("review:review", args=[assigned["assignment"].pk]) in queue
    with time_machine.travel(decided + dt.timedelta(days=30, hours=1), tick=False):
        assert all(client.get(url).status_code == 404 for url in pages(assigned))
        queue = client.get(reverse("review:queue")).content.decode()
        assert reverse("review:review", args=[assigned["assignment"].pk]) not in queue
        assert "no longer open to you" in queue


def test_the_number_of_days_is_a_setting(client, assigned, settings):
    settings.REVIEWER_ACCESS_DAYS = 5
    decided = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    decide(assigned["application"], when=decided)
    client.force_login(assigned["assignment"].reviewer)

    with time_machine.travel(decided + dt.timedelta(days=6), tick=False):
        assert client.get(pages(assigned)[0]).status_code == 404


def test_withdrawn_application_closes_the_portfolio_to_its_reviewers(client, assigned):
    from endorsements.services.applications import application_withdraw

    application = assigned["application"]
    application_withdraw(application=application, actor=application.applicant)
    client.force_login(assigned["assignment"].reviewer)

    assert all(client.get(url).status_code == 404 for url in pages(assigned))


@pytest.fixture
def paper():
    """A part 2 paper given to a scorer."""
    exam = SubmittedApplicationFactory(status=S.EXAM_PENDING, category=category("IMHS"))
    scorer = qualified_reviewer()
    sitting = services.exam_sitting_record(
        application=exam,
        sat_on=exam.submitted_at.date(),
        part1_score=Decimal("90"),
        scorers=[scorer, qualified_reviewer()],
        actor=coordinator(),
        part2_answers="Vignette",
        part2_upload=check_upload(upload("answers.pdf")),
    )
    return sitting.scores.get(scorer=scorer)


def test_scorer_whose_reviewer_role_is_revoked_cannot_open_the_paper(client, paper):
    client.force_login(paper.scorer)
    urls = [
        reverse("review:exam_score", args=[paper.pk]),
        reverse("review:exam_answers", args=[paper.pk]),
    ]
    assert all(client.get(url).status_code == 200 for url in urls)

    role_revoke(user=paper.scorer, role=Role.REVIEWER)

    assert all(client.get(url).status_code == 404 for url in urls)


def test_anyone_holding_staff_access_passes_the_second_factor(client, assigned, paper):
    """Password alone: the review, its files and the exam paper all ask for the code first."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    reviewer = assigned["assignment"].reviewer
    TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": reviewer.email, "password": PASSWORD})
    scorer_client = client.__class__()
    TOTPDevice.objects.create(user=paper.scorer, name="phone", confirmed=True)
    scorer_client.post(reverse("login"), {"username": paper.scorer.email, "password": PASSWORD})

    for who, url in [
        (client, pages(assigned)[0]),
        (client, pages(assigned)[1]),
        (scorer_client, reverse("review:exam_score", args=[paper.pk])),
        (scorer_client, reverse("review:exam_answers", args=[paper.pk])),
    ]:
        response = who.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor")), url


# --- Issue 14's pages and changes of reviewer -----------------------------------------------


@pytest.mark.parametrize("change", ["replace", "remove"])
def test_a_replaced_or_removed_reviewer_gets_404_at_once(client, assigned, change):
    assignment = assigned["assignment"]
    reviewer = assignment.reviewer
    client.force_login(reviewer)
    assert all(client.get(url).status_code == 200 for url in pages(assigned))

    if change == "replace":
        fresh = qualified_reviewer()
        services.assignment_replace(
            assignment=assignment, reviewer=fresh, actor=coordinator(), reason="Overdue"
        )
    else:
        services.assignment_remove(assignment=assignment, actor=coordinator(), reason="Away")

    # The round is still open, but no longer theirs: the portfolio and its files close.
    for url in pages(assigned):
        assert client.get(url).status_code == 404, url
    queue = client.get(reverse("review:queue")).content.decode()
    assert reverse("review:review", args=[assignment.pk]) not in queue
    if change == "replace":
        client.force_login(fresh)
        taken = Assignment.objects.get(application=assigned["application"], reviewer=fresh)
        assert client.get(reverse("review:review", args=[taken.pk])).status_code == 200
        assert client.get(pages(assigned)[1]).status_code == 200


def test_the_staff_pages_are_closed_to_a_reviewer_even_their_own_applications(client, assigned):
    """The staff application page and the reviewer changes are coordinators' pages; an
    assigned reviewer is refused there as for any page they may not use (403, whatever the
    object), so it never says whether the object exists."""
    application, assignment = assigned["application"], assigned["assignment"]
    client.force_login(assignment.reviewer)

    for name, args in [
        ("review:decide", [application.pk]),
        ("review:return", [application.pk]),
        ("review:assignment_replace", [assignment.pk]),
        ("review:assignment_remove", [assignment.pk]),
        ("review:assignment_extend", [assignment.pk]),
        ("review:held_decisions", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
        assert (
            client.get(reverse(name, args=[*args[:-1], 999_999] if args else [])).status_code == 403
        )


def _round_two(application, reviewer):
    """Round 1 reviewed and deferred, round 2 given to `reviewer` again."""
    first = AssignmentFactory(application=application, reviewer=reviewer, round=1)
    review_submitted(first, comments="Needs more RSC hours")
    Assignment.objects.filter(application=application, round=1).update(
        completed_at=dt.datetime.now(dt.UTC)
    )
    return AssignmentFactory(application=application, reviewer=reviewer, round=2)


def test_round_two_prefill_is_only_for_a_reviewer_with_access_now(client):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    reviewer = qualified_reviewer()
    second = _round_two(application, reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("review:review", args=[second.pk]))
    assert page.context["form"].initial["comments"] == "Needs more RSC hours"

    role_revoke(user=reviewer, role=Role.REVIEWER)

    assert client.get(reverse("review:review", args=[second.pk])).status_code == 404


def test_round_two_given_to_someone_else_is_not_prefilled_with_the_replaced_reviewers_answers(
    client,
):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    reviewer = qualified_reviewer()
    second = _round_two(application, reviewer)
    fresh = qualified_reviewer()
    services.assignment_replace(
        assignment=second, reviewer=fresh, actor=coordinator(), reason="On leave"
    )
    client.force_login(reviewer)
    assert client.get(reverse("review:review", args=[second.pk])).status_code == 404

    client.force_login(fresh)
    taken = Assignment.objects.get(application=application, round=2)
    page = client.get(reverse("review:review", args=[taken.pk]))

    assert page.status_code == 200
    assert not page.context["form"].initial.get("comments")
    assert "Needs more RSC hours" not in page.content.decode()

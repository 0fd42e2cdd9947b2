"""Query counts of the list pages: the same with one application as with many.

Every signed-in page costs 3 queries before the view: session, user (with the role names,
which the view's role check and the navigation use), and the staff 2FA device check."""

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator
from applicants.tests.factories import ProfileFactory
from endorsements.models import ApplicationStatus

from .factories import AssignmentFactory, SubmittedApplicationFactory, qualified_reviewer

pytestmark = pytest.mark.django_db
MANY = 15


def make_inbox(n):
    reviewers = [qualified_reviewer(), qualified_reviewer()]
    for i in range(n):
        application = SubmittedApplicationFactory()
        ProfileFactory(user=application.applicant)
        if i % 2:
            # In review, so that each row asks whether its open reviews are overdue.
            application.status = ApplicationStatus.IN_REVIEW
            application.save(update_fields=["status"])
            for reviewer in reviewers:
                AssignmentFactory(application=application, reviewer=reviewer)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("count", [1, MANY])
def test_inbox_queries(client, django_assert_num_queries, count, language):
    make_inbox(count)
    client.force_login(coordinator(preferred_language=language))

    # session, user with roles, 2FA device, filter choices (categories, regions), the count
    # for the pages, the page's ids, its applications with category and region joined,
    # their assignments with reviewers, the reviewer group's id, the reviewers, their loads.
    with django_assert_num_queries(12):
        response = client.get(reverse("review:inbox"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("count", [1, MANY])
def test_queue_queries(client, django_assert_num_queries, count, language):
    reviewer = qualified_reviewer(preferred_language=language)
    for _ in range(count):
        AssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)

    # session, user with roles, 2FA device, the assignments with application, category and review,
    # the exam papers.
    with django_assert_num_queries(5):
        response = client.get(reverse("review:queue"))

    assert len(response.context["open"]) == count


def test_inbox_shows_each_change_at_once(client):
    """Nothing of the inbox is kept between visits: an assignment, a new applicant name or a
    withdrawal shows on the next visit."""
    from endorsements.services.transitions import application_transition

    make_inbox(2)
    waiting = SubmittedApplicationFactory()
    ProfileFactory(user=waiting.applicant)
    client.force_login(coordinator())
    url = reverse("review:inbox")
    assert client.get(url).content.decode().count("Assign reviewers<span") == 2

    reviewer = qualified_reviewer(given_name="Newly", family_name="Assigned")
    AssignmentFactory(application=waiting, reviewer=reviewer)
    assert "Newly Assigned" in client.get(url).content.decode()

    waiting.applicant.family_name = "Renamed"
    waiting.applicant.save()
    assert "Renamed" in client.get(url).content.decode()

    application_transition(
        application=waiting, to=ApplicationStatus.WITHDRAWN, actor=waiting.applicant, note="x"
    )
    assert "Renamed" not in client.get(url).content.decode()


def test_inbox_assignment_form_carries_its_own_sessions_token(client):
    """With CSRF checks on, a tick-and-assign from the inbox is accepted: the form holds the
    token of the session that sees it, even right after another coordinator's visit."""
    from django.test import Client

    make_inbox(1)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator())
    client.force_login(coordinator())
    client.get(reverse("review:inbox"))
    page = strict.get(reverse("review:inbox")).content.decode()

    form = page.split('id="inbox-assign"')[1].split("</form>")[0]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = strict.post(reverse("review:inbox_assign"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # not 403: the token is this session's own


@pytest.mark.parametrize("reviewers", [1, 2])
def test_assigning_writes_its_emails_in_the_same_queries_whatever_the_recipients(client, reviewers):
    """The assign page emails the applicant and every reviewer: the outbox part of the page
    costs the same whether it tells two people or three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competencies.models import RequirementSet
    from endorsements.review.models import Assignment
    from messaging.models import Message

    application = SubmittedApplicationFactory()
    RequirementSet.objects.filter(pk=application.requirement_set_id).update(
        reviewers_required=reviewers
    )
    chosen = [qualified_reviewer().pk for _ in range(reviewers)]
    client.force_login(coordinator())

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("review:assign", args=[application.pk]), {"reviewers": chosen}
        )

    assert response.status_code == 302
    assert Assignment.objects.filter(application=application).count() == reviewers
    assert Message.objects.count() == 1 + reviewers
    outbox = [q["sql"] for q in queries.captured_queries if '"messaging_message"' in q["sql"]]
    # The applicant's message: 1 insert, 1 read back; all the reviewers' messages together:
    # 1 insert, 1 read back.
    assert len(outbox) == 4, outbox

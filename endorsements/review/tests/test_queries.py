"""Query counts of the list pages: the same with one application as with many.

Every signed-in page costs 3 queries before the view: session, user (with the role names,
which the view's role check and the navigation use), and the staff 2FA device check."""

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator
from applicants.tests.factories import ProfileFactory

from .factories import AssignmentFactory, SubmittedApplicationFactory, qualified_reviewer

pytestmark = pytest.mark.django_db
MANY = 15


def make_inbox(n):
    reviewers = [qualified_reviewer(), qualified_reviewer()]
    for i in range(n):
        application = SubmittedApplicationFactory()
        ProfileFactory(user=application.applicant)
        if i % 2:
            for reviewer in reviewers:
                AssignmentFactory(application=application, reviewer=reviewer)


@pytest.mark.parametrize("count", [1, MANY])
def test_inbox_queries(client, django_assert_num_queries, count):
    make_inbox(count)
    client.force_login(coordinator())

    # session, user with roles, 2FA device, filter choices (categories, regions), the count
    # for the pages, the applications with category and region joined, their assignments
    # with reviewers, the reviewer group's id, the reviewers with their load.
    with django_assert_num_queries(10):
        response = client.get(reverse("review:inbox"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, MANY])
def test_queue_queries(client, django_assert_num_queries, count):
    reviewer = qualified_reviewer()
    for _ in range(count):
        AssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)

    # session, user with roles, 2FA device, the assignments with application, category and review,
    # the exam papers.
    with django_assert_num_queries(5):
        response = client.get(reverse("review:queue"))

    assert len(response.context["open"]) == count

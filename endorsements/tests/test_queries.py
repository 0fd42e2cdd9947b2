"""Query counts: the application list costs the same with one application as with many."""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant
from competencies.selectors import category_list
from endorsements.models import ApplicationStatus
from endorsements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def applications_for(user, count):
    categories = list(category_list())[:count]
    for i, cat in enumerate(categories):
        status = ApplicationStatus.DRAFT if i % 2 == 0 else ApplicationStatus.SUBMITTED
        ApplicationFactory(applicant=user, category=cat, status=status)


@pytest.mark.parametrize("count", [1, 12])
def test_application_list_query_count_is_constant(client, django_assert_num_queries, count):
    user = applicant()
    applications_for(user, count)
    client.force_login(user)

    # session, user, applications with their categories (roles come with the user).
    with django_assert_num_queries(3):
        response = client.get(reverse("endorsements:application_list"))

    assert len(response.context["applications"]) == count


@pytest.mark.parametrize("count", [1, 12])
def test_dashboard_hook_adds_one_query_whatever_the_count(client, django_assert_num_queries, count):
    user = applicant()
    applications_for(user, count)
    client.force_login(user)

    # session, user, profile, the evidence counts and totals, the work periods (the applicants
    # app's own), and the applications with their categories (the hook).
    with django_assert_num_queries(6):
        response = client.get(reverse("applicants:dashboard"))

    assert response.content.decode().count("/applications/") >= count


@pytest.mark.parametrize("count", [1, 8])
def test_reference_list_query_count_is_constant(client, django_assert_num_queries, count):
    from endorsements.tests.factories import ReferenceRequestFactory

    application = ApplicationFactory()
    for _ in range(count):
        ReferenceRequestFactory(application=application)
    client.force_login(application.applicant)

    # session, user, the application (category, applicant, requirement set joined), the
    # requirement set in effect with its two category sets, the references, the newest
    # email of each rater's link (one query for all of them).
    with django_assert_num_queries(8):
        response = client.get(reverse("endorsements:reference_list", args=[application.pk]))

    assert len(response.context["rows"]) == count

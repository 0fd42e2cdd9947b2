"""Query counts: list pages and the dashboard cost the same with one entry as with many.

Every signed-in page costs 2 queries before the view (session, user) and 1 for the role
groups when the navigation renders.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant
from competencies.models import Competency

from .factories import (
    DocumentFactory,
    EducationFactory,
    LeadershipFactory,
    ProfileFactory,
    TrainingFactory,
    WorkFactory,
    stored_pdf,
)

pytestmark = pytest.mark.django_db

MANY = 12


def make_education(user, n):
    for _ in range(n):
        EducationFactory(user=user, transcript=stored_pdf(owner=user))


def make_work(user, n):
    WorkFactory.create_batch(n, user=user)


def make_training(user, n):
    areas = list(Competency.objects.all()[:3])
    for _ in range(n):
        training = TrainingFactory(user=user, certificate=stored_pdf(owner=user))
        training.competencies.set(areas)


def make_leadership(user, n):
    LeadershipFactory.create_batch(n, user=user)


def make_documents(user, n):
    DocumentFactory.create_batch(n, user=user)


# section -> (builder, queries): session, user, the list (with its files joined), [the
# trainings' competency areas with their domains], the role groups for the navigation.
CASES = {
    "education": (make_education, 4),
    "work": (make_work, 4),
    "training": (make_training, 5),
    "leadership": (make_leadership, 4),
    "documents": (make_documents, 4),
}


@pytest.mark.parametrize("rows", [1, MANY])
@pytest.mark.parametrize("section", CASES)
def test_section_list_query_count_is_constant(client, django_assert_num_queries, section, rows):
    user = applicant()
    builder, queries = CASES[section]
    builder(user, rows)
    client.force_login(user)
    url = reverse(f"applicants:{section}_list")

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert len(response.context["entries"]) == rows


@pytest.mark.parametrize("rows", [1, MANY])
def test_dashboard_query_count_is_constant(client, django_assert_num_queries, rows):
    user = applicant()
    ProfileFactory(user=user, languages=["English", "Spanish"])
    for builder, _ in CASES.values():
        builder(user, rows)
    client.force_login(user)

    # session, user, profile (county, region, agency joined), its languages, degrees, work,
    # trainings, their competency areas, leadership, documents, role groups, and the
    # applications listed by endorsements' hook (_dashboard_applications.html).
    with django_assert_num_queries(12):
        response = client.get(reverse("applicants:dashboard"))

    assert len(response.context["evidence"].trainings) == rows

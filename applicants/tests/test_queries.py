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


# section -> (builder, queries): session, user (with role names, for the navigation), the
# list (with its files joined), [the trainings' competency areas with their domains].
CASES = {
    "education": (make_education, 3),
    "work": (make_work, 3),
    "training": (make_training, 4),
    "leadership": (make_leadership, 3),
    "documents": (make_documents, 3),
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

    # session, user (with role names), profile (employer joined, languages as a yes/no),
    # every count and total of the evidence in one statement, the work periods, and the
    # applications listed by endorsements' hook (_dashboard_applications.html), and the
    # person's membership records (the warning reads the association's records).
    with django_assert_num_queries(7):
        response = client.get(reverse("applicants:dashboard"))

    assert response.context["evidence"].trainings == rows
    assert (
        response.context["missing"] == []
        or "Languages you work in" not in (response.context["missing"])
    )


def test_dashboard_shows_each_change_of_the_portfolio_at_once(client):
    """Nothing of the dashboard is kept between visits: new evidence, a profile change, a
    deletion or an application shows on the next visit."""
    from endorsements.tests.factories import ApplicationFactory

    user = applicant()
    profile = ProfileFactory(user=user, languages=["English"])
    make_training(user, 1)
    client.force_login(user)
    url = reverse("applicants:dashboard")
    assert "6 hours in total" in client.get(url).content.decode()

    make_training(applicant(), 1)  # someone else's
    assert "6 hours in total" in client.get(url).content.decode()

    make_training(user, 1)
    assert "12 hours in total" in client.get(url).content.decode()

    profile.job_title = "Home visitor lead"
    profile.save()
    assert "Home visitor lead" in client.get(url).content.decode()

    profile.languages.clear()
    assert "Languages you work in" in client.get(url).content.decode()

    user.trainings.all().delete()
    assert "hours in total" not in client.get(url).content.decode()

    ApplicationFactory(applicant=user)
    assert "Start another application" in client.get(url).content.decode()

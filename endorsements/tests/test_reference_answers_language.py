"""The applicant reads a rater's answers in their own language: the statements and their
domains come from the rating items by id, whatever language the rater answered in."""

import pytest
from django.urls import reverse
from django.utils import translation

from endorsements.models import RatingItem, ReferenceRequest
from endorsements.tests.factories import ApplicationFactory, completed_reference

pytestmark = pytest.mark.django_db

REFLECTS = "Thinks about how their own feelings and experiences affect their work."
REFLECTS_ES = "Piensa en cómo sus propios sentimientos y experiencias afectan su trabajo."


def _page(client, application, language: str) -> str:
    url = reverse("endorsements:reference_list", args=[application.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def application(client):
    application = ApplicationFactory()
    with translation.override("en"):  # the rater answered in English
        completed_reference(application)
    client.force_login(application.applicant)
    return application


def test_a_spanish_applicant_reads_the_answers_in_spanish(client, application):
    page = _page(client, application, "es")

    assert REFLECTS_ES in page
    assert "<td>Reflexión</td>" in page
    assert REFLECTS not in page and "<td>Reflection</td>" not in page


def test_an_english_applicant_reads_the_answers_in_english(client, application):
    with translation.override("es"):  # a rater who answered in Spanish
        completed_reference(application)

    page = _page(client, application, "en")

    assert page.count(REFLECTS) == 2
    assert "<td>Reflection</td>" in page
    assert REFLECTS_ES not in page


def test_a_statement_deleted_since_shows_the_words_it_was_answered_with(client, application):
    reference = ReferenceRequest.objects.get(application=application)
    reference.answers = [
        {"item": 999_999, "domain": "Old domain", "text": "An old statement", "rating": 3}
    ]
    reference.save(update_fields=["answers"])

    page = _page(client, application, "es")

    assert "An old statement" in page and "<td>Old domain</td>" in page


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("count", [1, 4])
def test_the_answers_cost_one_query_in_either_language(
    client, application, django_assert_num_queries, count, language
):
    for _ in range(count - 1):
        completed_reference(application)
    assert RatingItem.objects.exists()

    # session, user, the application (category, applicant, requirement set joined), the
    # requirement set in effect with its two category sets, the references, the newest email
    # of each rater's link, and the rating statements of every answer (one query for all, every
    # language's columns in it: the one the reference list without answers does not make).
    with django_assert_num_queries(9):
        page = _page(client, application, language)

    assert page.count("<caption") == count

"""The frozen snapshot in the reader's language: choices written from their codes, rating
statements, competency areas, regions and languages from their rows by id, older snapshots
from what they stored, and the same queries in English and Spanish."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import coordinator
from applicants.models import Language, Region
from competencies.models import Competency
from endorsements.models import ApplicationStatus, RatingItem

from .factories import AssignmentFactory, SubmittedApplicationFactory, snapshot_for

pytestmark = pytest.mark.django_db

REFLECTS = "Thinks about how their own feelings and experiences affect their work."
REFLECTS_ES = "Piensa en cómo sus propios sentimientos y experiencias afectan su trabajo."


def snapshot_v4(user) -> dict:
    """A snapshot as the builder writes it now: codes and ids, English words beside them."""
    item = RatingItem.objects.get(text_en=REFLECTS)
    area = Competency.objects.get(name_en="Pregnancy & early parenthood")
    region = Region.objects.get(name_en="North Central")
    asl = Language.objects.get(name_en="American Sign Language (ASL)")
    snapshot = snapshot_for(user)
    snapshot["format"] = 4
    snapshot["profile"].update(
        {
            "agency": {
                "name": "Hartford Healthy Start",
                "program_type": "home_visiting",
                "program_type_label": "Home visiting",
            },
            "region_id": region.pk,
            "region": "North Central",
            "language_ids": [asl.pk],
            "languages": ["American Sign Language (ASL)"],
        }
    )
    snapshot["training"][0]["competencies"] = [
        {"id": area.pk, "name": "Pregnancy & early parenthood", "domain": "Theory"}
    ]
    snapshot["rsc"]["sessions"][0].update({"modality": "in_person", "modality_label": "In person"})
    for reference in snapshot["references"]:
        reference.update(
            {
                "relationship": "current_supervisor",
                "relationship_label": "My current or most recent supervisor",
                "status": "completed",
                "answers": [
                    {"item": item.pk, "domain": "Reflection", "text": REFLECTS, "rating": 4}
                ],
            }
        )
    return snapshot


@pytest.fixture
def application():
    application = SubmittedApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    application.snapshot = snapshot_v4(application.applicant)
    application.save(update_fields=["snapshot"])
    return application


def _decide(client, application, language: str) -> str:
    client.force_login(coordinator(preferred_language=language))
    url = reverse("review:decide", args=[application.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_spanish_coordinator_reads_the_snapshot_in_spanish(client, application):
    page = _decide(client, application, "es")

    assert f"Reflexión – {REFLECTS_ES}" in page
    assert "Embarazo y primeros tiempos de la crianza" in page
    assert "Centro Norte" in page
    assert "Lengua de señas americana (ASL)" in page
    assert "Visitas domiciliarias" in page  # the agency's program type, from its code
    assert "Mi supervisor(a) actual o más reciente" in page
    assert "Presencial" in page
    assert ">Terminado</dd>" in page  # the reference's status, from its code
    for english in (
        REFLECTS,
        "Pregnancy &amp; early parenthood",
        "North Central",
        "American Sign Language (ASL)",
        "home_visiting",
        "Home visiting",
        ">completed<",
        "In person",
    ):
        assert english not in page


def test_an_english_coordinator_reads_the_snapshot_in_english(client, application):
    page = _decide(client, application, "en")

    assert f"Reflection – {REFLECTS}" in page
    assert "Pregnancy &amp; early parenthood" in page
    assert "North Central" in page and "American Sign Language (ASL)" in page
    assert "Home visiting" in page and "home_visiting" not in page
    assert ">Completed</dd>" in page
    assert REFLECTS_ES not in page and "Centro Norte" not in page


def test_a_spanish_reviewer_reads_the_snapshot_in_spanish(client, application):
    assignment = AssignmentFactory(application=application)
    assignment.reviewer.preferred_language = "es"
    assignment.reviewer.save(update_fields=["preferred_language"])
    client.force_login(assignment.reviewer)

    page = client.get(reverse("review:review", args=[assignment.pk])).content.decode()

    assert f"Reflexión – {REFLECTS_ES}" in page
    assert "Centro Norte" in page and "Visitas domiciliarias" in page
    assert REFLECTS not in page and "North Central" not in page


def test_an_older_snapshot_still_shows_what_it_stored(client):
    # The factory's snapshot is of the older shape: a region by its English name, no
    # language ids, no program type label, answers naming statements that do not exist.
    application = SubmittedApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    for reference in application.snapshot["references"]:
        for answer in reference["answers"]:
            answer["item"] = 999_000 + answer["item"]
    application.save(update_fields=["snapshot"])

    page = _decide(client, application, "es")

    assert "Reflection – Reflects on own work" in page  # as the rater answered it
    assert "Centro Norte" in page  # the region found by the name it froze
    assert "Visitas domiciliarias" in page  # the code is enough
    assert "Confidential comment from rater 1" in page


def _queries(client, url: str, language: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_snapshot_pages_cost_the_same_queries_in_both_languages(client, application):
    assignment = AssignmentFactory(application=application)
    staff = coordinator()
    decide = reverse("review:decide", args=[application.pk])
    review = reverse("review:review", args=[assignment.pk])
    client.force_login(staff)
    _queries(client, decide, "en")  # warm the caches a first visit fills

    english, spanish = _queries(client, decide, "en"), _queries(client, decide, "es")
    client.force_login(assignment.reviewer)
    _queries(client, review, "en")
    english_review, spanish_review = _queries(client, review, "en"), _queries(client, review, "es")

    assert len(english) == len(spanish)
    assert len(english_review) == len(spanish_review)
    # The rows the snapshot names come in one query, the same in both languages.
    assert sum("UNION ALL" in q for q in english) == sum("UNION ALL" in q for q in spanish) == 1

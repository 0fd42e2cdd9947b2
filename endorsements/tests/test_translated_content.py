"""The rating statements and the Code of Ethics in the reader's language, both languages of a
rating item in the admin, and the data migration that fills them."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.tests.factories import UserFactory
from endorsements.models import RatingItem
from endorsements.services.references import reference_link
from endorsements.tests.factories import ApplicationFactory, ReferenceRequestFactory

pytestmark = pytest.mark.django_db

REFLECTS = "Thinks about how their own feelings and experiences affect their work."
REFLECTS_ES = "Piensa en cómo sus propios sentimientos y experiencias afectan su trabajo."


def _rating_form(client, language) -> str:
    # The rater's page is in the language the applicant invited them in.
    reference = ReferenceRequestFactory(language=language)
    path = reference_link(reference=reference).removeprefix("http://testserver")
    return client.get(path).content.decode()


def test_rating_form_asks_the_statements_in_spanish_for_a_spanish_reader(client):
    html = _rating_form(client, "es")

    assert f"Reflexión: {REFLECTS_ES}" in html
    assert REFLECTS not in html


def test_rating_form_asks_the_statements_in_english_for_an_english_reader(client):
    html = _rating_form(client, "en")

    assert f"Reflection: {REFLECTS}" in html
    assert REFLECTS_ES not in html


def test_an_item_without_spanish_is_asked_in_english(client):
    RatingItem.objects.filter(text_en=REFLECTS).update(text_es="", domain_es=None)

    html = _rating_form(client, "es")

    assert f"Reflection: {REFLECTS}" in html


def test_admin_rating_item_form_edits_both_languages(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    item = RatingItem.objects.get(text_en=REFLECTS)

    url = reverse("admin:endorsements_ratingitem_change", args=[item.pk])
    html = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "domain_en": "Reflection",
            "domain_es": "Reflexión",
            "text_en": REFLECTS,
            "text_es": "Piensa en cómo lo que siente influye en su trabajo.",
            "order": item.order,
            "active": "on",
        },
    )

    assert 'name="text_en"' in html and 'name="text_es"' in html
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text_es == "Piensa en cómo lo que siente influye en su trabajo."
    assert item.text_en == REFLECTS


def test_data_migration_keeps_todays_wording_in_english_and_adds_the_seeded_spanish():
    migration = import_module("endorsements.migrations.0014_translated_rating_items_data")
    own = RatingItem.objects.create(domain="Reflection", text="Our own statement.", order=999)
    # As before the migration: only the untranslated columns hold the wording.
    RatingItem.objects.update(domain_en=None, domain_es=None, text_en=None, text_es=None)
    state = MigrationExecutor(connection).loader.project_state(
        ("endorsements", "0014_translated_rating_items_data")
    )

    migration.forward(state.apps, None)

    seeded = RatingItem.objects.get(text_en=REFLECTS)
    assert (seeded.domain_es, seeded.text_es) == ("Reflexión", REFLECTS_ES)
    own.refresh_from_db()
    assert (own.text_en, own.text_es, own.domain_es) == ("Our own statement.", None, "Reflexión")
    assert not RatingItem.objects.filter(text_en__isnull=True).exists()


# --- The Code of Ethics -----------------------------------------------------------------------


def _attestation_page(client, user_language: str) -> str:
    application = ApplicationFactory(applicant__preferred_language=user_language)
    client.force_login(application.applicant)
    return client.get(reverse("endorsements:attestation", args=[application.pk])).content.decode()


def test_code_of_ethics_is_shown_in_spanish_to_a_spanish_reader(client):
    html = _attestation_page(client, "es")

    assert "Código de Ética (resumen)" in html
    assert "Acuerdo de Acreditación (resumen)" in html
    assert "Code of Ethics (in short)" not in html


def test_code_of_ethics_is_shown_in_english_to_an_english_reader(client):
    html = _attestation_page(client, "en")

    assert "Code of Ethics (in short)" in html
    assert "Código de Ética" not in html


def test_code_of_ethics_falls_back_to_english_without_a_spanish_file(client, settings, tmp_path):
    # A new version whose Spanish file is not written yet: the English file is shown.
    (tmp_path / "endorsements" / "ethics").mkdir(parents=True)
    (tmp_path / "endorsements" / "ethics" / "2099-01.html").write_text("<p>Version 2099</p>")
    settings.ETHICS_DOCUMENT_VERSION = "2099-01"
    main, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**main, "DIRS": [tmp_path, *main["DIRS"]]}, *others]

    html = _attestation_page(client, "es")

    assert "<p>Version 2099</p>" in html

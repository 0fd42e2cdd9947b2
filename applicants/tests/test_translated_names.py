"""Region and language names in the reader's language (English fallback), both languages in
the admin, and the data migration that fills them."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.tests.factories import UserFactory, applicant
from applicants.models import Language, Region

pytestmark = pytest.mark.django_db


def test_profile_form_lists_languages_and_counties_in_the_readers_language(client):
    client.force_login(applicant(preferred_language="es"))

    html = client.get(reverse("applicants:profile")).content.decode()

    assert "Español" in html and "Vietnamita" in html
    assert "Vietnamese" not in html


def test_profile_form_in_english_keeps_the_english_names(client):
    client.force_login(applicant(preferred_language="en"))

    html = client.get(reverse("applicants:profile")).content.decode()

    assert "Vietnamese" in html and "Vietnamita" not in html


def test_a_name_without_spanish_is_shown_in_english(client):
    Language.objects.filter(name_en="Vietnamese").update(name_es=None)
    client.force_login(applicant(preferred_language="es"))

    html = client.get(reverse("applicants:profile")).content.decode()

    assert "Vietnamese" in html


def test_admin_region_form_edits_both_languages(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    region = Region.objects.get(code="eastern")

    html = client.get(reverse("admin:applicants_region_change", args=[region.pk])).content.decode()

    assert 'name="name_en"' in html and 'name="name_es"' in html
    assert 'value="Este"' in html


def test_two_regions_may_both_lack_a_spanish_name():
    # Names are unique per language; an empty Spanish name is NULL, which may repeat.
    Region.objects.update(name_es=None)
    Region.objects.create(name="Western", code="western", order=9)

    assert Region.objects.filter(name_es__isnull=True).count() == Region.objects.count()


def test_data_migration_keeps_todays_names_in_english_and_adds_the_seeded_spanish():
    migration = import_module("applicants.migrations.0011_translated_names_data")
    own = Region.objects.create(name="Capitol", code="capitol", order=9)
    Region.objects.update(name_en=None, name_es=None)
    Language.objects.update(name_en=None, name_es=None)
    state = MigrationExecutor(connection).loader.project_state(
        ("applicants", "0011_translated_names_data")
    )

    migration.forward(state.apps, None)

    eastern = Region.objects.get(code="eastern")
    assert (eastern.name_en, eastern.name_es) == ("Eastern", "Este")
    own.refresh_from_db()
    assert (own.name_en, own.name_es) == ("Capitol", None)
    spanish = Language.objects.get(name_en="Spanish")
    assert spanish.name_es == "Español"

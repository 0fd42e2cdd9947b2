"""Categories, domains and areas in the reader's language (English fallback), the same queries
in both languages, both languages in the admin, and the data migration that fills them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.tests.factories import UserFactory
from competencies import defaults
from competencies.models import Competency, CompetencyDomain, EndorsementCategory

pytestmark = pytest.mark.django_db

LIST = reverse("competencies:list")
IFA = reverse("competencies:detail", args=["IFA"])


def test_list_names_the_categories_in_spanish_for_a_spanish_reader(client):
    html = client.get(LIST, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Asociado(a) familiar de bebés (IFA)" in html
    assert "Especialista en salud mental de la primera infancia (ECMHS)" in html
    assert "Infant Family Associate" not in html


def test_list_names_the_categories_in_english_for_an_english_reader(client):
    html = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Infant Family Associate (IFA)" in html
    assert "Asociado(a) familiar de bebés" not in html


def test_category_page_names_domains_and_areas_in_spanish(client):
    html = client.get(IFA, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Asociado(a) familiar de bebés (IFA)" in html
    assert "Asociado(a) familiar de la primera infancia (ECFA)" in html  # the twin
    assert "Fundamentos teóricos" in html
    assert "Embarazo y primeros tiempos de la crianza" in html
    assert "Theoretical Foundations" not in html
    assert "Pregnancy &amp; early parenthood" not in html


def test_category_page_follows_the_spanish_readers_account(client):
    client.force_login(UserFactory(preferred_language="es"))

    html = client.get(IFA).content.decode()

    assert "Asociado(a) familiar de bebés (IFA)" in html


def test_an_empty_spanish_name_falls_back_to_the_english(client):
    EndorsementCategory.objects.filter(code="IFA").update(name_es="")
    Competency.objects.filter(name_en="Cultural competence").update(name_es=None)

    html = client.get(IFA, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Infant Family Associate (IFA)" in html
    assert "Cultural competence" in html
    assert "Fundamentos teóricos" in html  # the rest stays in Spanish


@pytest.mark.parametrize("language", ["en", "es"])
def test_list_query_count_is_the_same_in_both_languages(
    client, django_assert_num_queries, language
):
    # The same 8 queries as test_pages.test_list_query_count_does_not_grow_with_categories:
    # both languages' names are columns of the rows already read.
    with django_assert_num_queries(8):
        client.get(LIST, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_detail_query_count_is_the_same_in_both_languages(
    client, django_assert_num_queries, language
):
    # The same 11 queries as test_pages.test_detail_query_count.
    with django_assert_num_queries(11):
        client.get(reverse("competencies:detail", args=["IMHS"]), HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_category_form_edits_both_languages(superuser_client):
    category = EndorsementCategory.objects.get(code="IFA")
    url = reverse("admin:competencies_endorsementcategory_change", args=[category.pk])

    html = superuser_client.get(url).content.decode()

    assert 'name="name_en"' in html and 'name="name_es"' in html
    assert 'value="Asociado(a) familiar de bebés"' in html


def test_admin_domain_form_edits_both_languages_of_its_areas(superuser_client):
    domain = CompetencyDomain.objects.get(name_en="Reflection")
    url = reverse("admin:competencies_competencydomain_change", args=[domain.pk])

    html = superuser_client.get(url).content.decode()

    assert 'name="name_en"' in html and 'name="name_es"' in html
    assert 'name="competencies-0-name_es"' in html
    assert 'name="competencies-0-description_es"' in html


# --- The data migration ---------------------------------------------------------------------


def _apps_at(app: str, migration: str):
    return MigrationExecutor(connection).loader.project_state((app, migration)).apps


def test_data_migration_keeps_todays_names_in_english_and_adds_the_shipped_spanish():
    from importlib import import_module

    migration = import_module("competencies.migrations.0011_translated_content_data")
    own = EndorsementCategory.objects.create(
        code="OWN", name="Our own category", track="infant", scope_of_practice="promotion", level=1
    )
    changed = EndorsementCategory.objects.get(code="IFS")
    # As before the migration: only the untranslated column holds the names.
    EndorsementCategory.objects.rewrite(False).filter(code="IFS").update(
        name="Family Specialist (infants)"
    )
    EndorsementCategory.objects.update(name_en=None, name_es=None)
    Competency.objects.update(name_en=None, name_es=None, description_en=None)

    migration.forward(_apps_at("competencies", "0011_translated_content_data"), None)

    ifa = EndorsementCategory.objects.get(code="IFA")
    assert (ifa.name_en, ifa.name_es) == (
        "Infant Family Associate",
        "Asociado(a) familiar de bebés",
    )
    own.refresh_from_db()
    assert (own.name_en, own.name_es) == ("Our own category", None)
    changed.refresh_from_db()
    # The association's own English stays; no shipped Spanish is put next to it.
    assert (changed.name_en, changed.name_es) == ("Family Specialist (infants)", None)
    area = Competency.objects.get(name_en="Cultural competence")
    assert area.name_es == "Competencia cultural" and area.description_en == ""


def test_data_migration_never_overwrites_spanish_an_association_wrote():
    EndorsementCategory.objects.filter(code="IFA").update(name_es="Nuestra traducción")

    defaults.translations_install()

    assert EndorsementCategory.objects.get(code="IFA").name_es == "Nuestra traducción"


def test_every_shipped_name_has_spanish():
    names = {c[1] for c in defaults._CATEGORIES} | {c[2] for c in defaults._CATEGORIES}
    names |= {defaults.EDITION_NAME}
    for domain, _mentor, areas in defaults.GUIDELINES:
        names |= {domain} | {area for area, _level in areas}

    assert names - set(defaults.SPANISH) == set()
    assert not EndorsementCategory.objects.filter(name_es__isnull=True).exists()
    assert not Competency.objects.filter(name_es__isnull=True).exists()


def test_admin_speaks_spanish_to_a_spanish_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, preferred_language="es"))

    html = client.get(reverse("admin:competencies_requirementset_add")).content.decode()
    listing = client.get(reverse("admin:competencies_renewalpolicy_changelist")).content.decode()

    assert "Trabajo especializado" in html and "Capacitación" in html
    assert ">Specialized work<" not in html  # the heading; help texts are the models' room
    assert "Empieza en el futuro" in listing

"""django-rosetta at /translations/: registry admins (past the second factor) correct the
Spanish catalogue; nobody else opens it (rosetta sends them to the login page)."""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from accounts.tests.test_two_factor import password_login, staff_two_factor_enforced  # noqa: F401
from core.navigation import links_for

pytestmark = pytest.mark.django_db

HOME = "/translations/"
FILES = reverse("rosetta-file-list", kwargs={"po_filter": "project"})
SPANISH = reverse("rosetta-form", kwargs={"po_filter": "project", "lang_id": "es", "idx": 0})


def test_registry_admin_opens_the_spanish_catalogue(client):
    # force_login passes both factors for staff (conftest): as after the real two-step login.
    client.force_login(registry_admin())

    listing = client.get(HOME, follow=True)
    catalogue = client.get(SPANISH)

    assert listing.redirect_chain[-1][0] == FILES
    assert "locale/es/LC_MESSAGES/django.po" in listing.content.decode()
    assert catalogue.status_code == 200
    assert "Español" in catalogue.content.decode()


@pytest.mark.usefixtures("staff_two_factor_enforced")
def test_registry_admin_without_the_second_factor_is_stopped(client):
    password_login(client, registry_admin())

    response = client.get(SPANISH)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


@pytest.mark.parametrize("make", [applicant, reviewer, coordinator])
def test_other_people_are_sent_to_the_login_page(client, make):
    client.force_login(make())

    for url in (FILES, SPANISH):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(SPANISH)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_registry_admins_have_the_translations_link():
    assert ("Translations", HOME) in links_for(registry_admin())[0]
    for make in (applicant, reviewer, coordinator):
        assert ("Translations", HOME) not in links_for(make())[0]

"""A training provider's staff find their trainings in the menu (issue 20): a provider is an
organisation of that kind, so its staff also see their organisation's page."""

import pytest
from django.urls import reverse

from organisations.tests.factories import staff_member

from .factories import provider_staff

pytestmark = pytest.mark.django_db

TRAININGS = f'href="{reverse("trainings:provider_home")}">Your trainings</a>'
ORGANISATION = f'href="{reverse("organisations:home")}">My organisation</a>'


def home_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


def test_provider_staff_see_their_trainings_and_their_organisation(client):
    page = home_page(client, provider_staff())

    assert TRAININGS in page and ORGANISATION in page
    assert "Your trainings: submit trainings for the catalog" in page


def test_staff_of_an_employer_see_no_trainings_link(client):
    page = home_page(client, staff_member())

    assert ORGANISATION in page and TRAININGS not in page

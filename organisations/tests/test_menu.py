"""Staff of an organisation find their organisation's pages in the menu (issue 20).

Membership is not a role: the menu reads it with the signed-in person, in the same statement
as their roles (`accounts.models.signed_in_fact_register`), so it costs no query of its own
and shows a membership at once when it is added or removed.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory, applicant, coordinator

from ..models import Membership
from .factories import organisation, sign_in, staff_member

pytestmark = pytest.mark.django_db

LINK = f'href="{reverse("organisations:home")}">My organisation</a>'


def home_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


def test_organisation_staff_see_their_organisation_in_the_menu(client):
    page = home_page(client, staff_member())

    assert LINK in page
    # And on the home page, with its longer wording.
    assert "My organisation: check your staff" in page


def test_staff_of_an_organisation_still_waiting_see_where_it_stands(client):
    assert LINK in home_page(client, staff_member(org=organisation(status="pending")))


def test_people_outside_an_organisation_see_no_such_link(client):
    assert LINK not in home_page(client, applicant())
    client.logout()
    assert LINK not in client.get(reverse("core:home")).content.decode()


def test_a_membership_shows_in_the_menu_at_once_and_goes_with_it(client):
    person = applicant()
    assert LINK not in home_page(client, person)

    membership = Membership.objects.create(organisation=organisation(), user=person)
    assert LINK in client.get(reverse("core:home")).content.decode()

    membership.delete()
    assert LINK not in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("make", [staff_member, UserFactory, coordinator])
def test_the_link_costs_no_query(client, make):
    """The organisation is read with the signed-in person, in the statement that reads their
    roles: no page asks for the membership on its own, member or not, staff or not."""
    sign_in(client, make())  # both factors: the coordinator sees the page, not the 2FA step
    client.get(reverse("core:home"))  # the menu for this set of audiences, worked out once

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("core:home")).status_code == 200

    membership = Membership._meta.db_table
    asked = [q["sql"] for q in captured if membership in q["sql"]]
    assert len(asked) == 1 and "role_list" in asked[0]

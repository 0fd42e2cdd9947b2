"""The membership pages: who may open each one, what they show, and their queries."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin, reviewer
from conftest import otp_verify_session
from memberships.member_list import member_list_stage
from memberships.models import Membership
from memberships.tests.factories import ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def staff(client, user):
    client.force_login(user)
    otp_verify_session(client, user)
    return user


def _staff_urls(person, record, claim, staged):
    return [
        ("get", reverse("memberships:person", args=[person.pk])),
        ("get", reverse("memberships:record_add", args=[person.pk])),
        ("get", reverse("memberships:record_edit", args=[record.pk])),
        ("get", reverse("memberships:claims")),
        ("get", reverse("memberships:claim", args=[claim.pk])),
        ("post", reverse("memberships:claim_reject", args=[claim.pk])),
        ("get", reverse("memberships:import_upload")),
        ("get", reverse("memberships:import_preview", args=[staged.pk])),
        ("post", reverse("memberships:import_confirm", args=[staged.pk])),
        ("post", reverse("memberships:import_discard", args=[staged.pk])),
    ]


def test_only_staff_reach_the_staff_pages(client):
    person = applicant()
    record = MembershipFactory(person=person)
    claim = ClaimFactory(person=person)
    staged = member_list_stage(actor=coordinator(), filename="list.csv", rows=[])
    urls = _staff_urls(person, record, claim, staged)

    for method, url in urls:  # anonymous: to the login page
        assert getattr(client, method)(url).status_code == 302
    for visitor in (person, applicant(), reviewer()):
        client.force_login(visitor)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (visitor, url)
    for visitor in (coordinator(), registry_admin()):
        staff(client, visitor)
        for method, url in urls:
            if method == "get":
                assert client.get(url).status_code == 200, (visitor, url)
    claim.refresh_from_db()
    assert claim.status == "claimed"  # nobody's refused post changed it


def test_my_membership_shows_only_my_own_records(client):
    mine = MembershipFactory(number="CT-MINE", ends_on=date(2026, 12, 31))
    MembershipFactory(number="CT-THEIRS")
    ClaimFactory(person=mine.person, number="CT-CLAIMED")
    client.force_login(mine.person)

    html = client.get(reverse("memberships:mine")).content.decode()

    assert "CT-MINE" in html
    assert "CT-THEIRS" not in html
    assert "is waiting for a coordinator to confirm it" in html


def test_anonymous_visitors_are_sent_to_log_in_for_my_membership(client):
    response = client.get(reverse("memberships:mine"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_profile_says_a_typed_number_waits_for_confirmation(client):
    claim = ClaimFactory(number="CT-2041", ends_on=date(2027, 6, 30))
    client.force_login(claim.person)

    html = client.get(reverse("applicants:profile")).content.decode()

    assert "(number CT-2041, until 30 June 2027) is waiting for a coordinator" in html


def test_a_coordinator_confirms_a_claim_with_the_dates_checked(client):
    claim = ClaimFactory(number="CT-9")
    staff(client, coordinator())

    response = client.post(
        reverse("memberships:claim", args=[claim.pk]),
        {
            "membership_type": "individual",
            "number": "CT-9",
            "starts_on": "2026-07-01",
            "ends_on": "2027-06-30",
        },
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.ends_on) == ("recorded", date(2027, 6, 30))


def test_a_record_ending_before_it_starts_is_refused_with_everything_kept(client):
    person = applicant()
    staff(client, coordinator())

    response = client.post(
        reverse("memberships:record_add", args=[person.pk]),
        {
            "membership_type": "student",
            "number": "CT-KEPT",
            "starts_on": "2026-07-01",
            "ends_on": "2026-06-30",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The last day must be the same as or after the first day." in html
    assert 'value="CT-KEPT"' in html
    assert not Membership.objects.filter(person=person).exists()


def test_rejecting_needs_a_reason(client):
    claim = ClaimFactory()
    staff(client, coordinator())

    response = client.post(reverse("memberships:claim_reject", args=[claim.pk]), {"reason": ""})

    assert "Enter why the claim cannot be confirmed." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "claimed"


@pytest.mark.parametrize("count", [1, 6])
def test_the_claims_list_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        ClaimFactory()
    staff(client, coordinator())

    # session, user with roles, OTP device, the claims with their people
    with django_assert_num_queries(4):
        response = client.get(reverse("memberships:claims"))
    assert response.content.decode().count("/memberships/claims/") >= count


@pytest.mark.parametrize("count", [1, 6])
def test_a_persons_records_queries(client, django_assert_num_queries, count):
    person = applicant()
    for year in range(count):
        MembershipFactory(
            person=person, starts_on=date(2010 + year, 1, 1), ends_on=date(2010 + year, 12, 31)
        )
    staff(client, coordinator())

    # session, user with roles, OTP device, the person, their rows (association, recorder)
    with django_assert_num_queries(5):
        response = client.get(reverse("memberships:person", args=[person.pk]))
    assert response.content.decode().count("Correct<span") == count


@pytest.mark.parametrize("count", [1, 6])
def test_my_membership_queries(client, django_assert_num_queries, count):
    person = applicant()
    for year in range(count):
        MembershipFactory(
            person=person, starts_on=date(2010 + year, 1, 1), ends_on=date(2010 + year, 12, 31)
        )
    client.force_login(person)

    # session, user with roles, my rows, my latest claim
    with django_assert_num_queries(4):
        response = client.get(reverse("memberships:mine"))
    assert response.content.decode().count("31 December 20") == count

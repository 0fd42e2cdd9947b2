"""The profile page and the dashboard's view of it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import applicant
from applicants.models import Agency, ApplicantProfile, County, Language, Region

from .factories import AgencyFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def profile_data(**changes):
    data = {
        "given_name": "Maria",
        "family_name": "Lopez",
        "preferred_name": "María López",
        "credentials": "LCSW",
        "phone": "860-555-0199",
        "work_county": str(County.objects.get(name="New Haven").pk),
        "agency": "",
        "new_agency_name": "  Elm City   Home Visiting ",
        "new_agency_program_type": "home_visiting",
        "job_title": "Home visitor",
        "languages": [str(Language.objects.get(name="Spanish").pk)],
        "membership_number": "CT-2041",
        "membership_expires_on": "2027-06-30",
        "race_ethnicity": ["hispanic"],
        "gender": "woman",
    }
    data.update(changes)
    return data


def test_seed_data_has_connecticut_regions_and_counties():
    by_region = {
        region.name: sorted(c.name for c in region.counties.all())
        for region in Region.objects.prefetch_related("counties")
    }

    assert by_region == {
        "North Central": ["Hartford"],
        "Northwest": ["Litchfield"],
        "South Central": ["Middlesex", "New Haven"],
        "Southwest": ["Fairfield"],
        "Eastern": ["New London", "Tolland", "Windham"],
    }
    assert {"English", "Spanish", "Haitian Creole"} <= set(
        Language.objects.values_list("name", flat=True)
    )


def test_profile_new_form_starts_with_account_name(client):
    user = applicant(given_name="Maria", family_name="Lopez")
    client.force_login(user)

    response = client.get(reverse("applicants:profile"))

    html = response.content.decode()
    assert response.context["form"].initial["given_name"] == "Maria"
    assert "Reviewers never see your answers" in html
    assert "Race or ethnicity (optional)" in html


def test_profile_save_creates_profile_and_new_agency(client):
    user = applicant()
    client.force_login(user)

    response = client.post(reverse("applicants:profile"), profile_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:dashboard")
    profile = ApplicantProfile.objects.select_related("agency__county", "work_county__region").get(
        user=user
    )
    assert profile.agency.name == "Elm City Home Visiting"
    assert profile.agency.program_type == "home_visiting"
    assert profile.agency.county.name == "New Haven"
    assert profile.work_county.region.name == "South Central"
    assert [lang.name for lang in profile.languages.all()] == ["Spanish"]
    assert profile.race_ethnicity == ["hispanic"]
    assert profile.membership_expires_on == date(2027, 6, 30)
    assert profile.display_name == "María López"


def test_profile_typed_agency_that_exists_is_reused(client):
    existing = AgencyFactory(
        name="Elm City Home Visiting", county=County.objects.get(name="New Haven")
    )
    client.force_login(applicant())

    client.post(
        reverse("applicants:profile"), profile_data(new_agency_name="elm city home visiting")
    )

    assert Agency.objects.filter(name__iexact="elm city home visiting").count() == 1
    assert ApplicantProfile.objects.get().agency == existing


def test_profile_update_changes_existing_profile(client):
    profile = ProfileFactory(user=applicant(), job_title="Home visitor")
    client.force_login(profile.user)
    data = profile_data(
        new_agency_name="", agency=str(profile.agency.pk), job_title="Supervisor", languages=[]
    )

    client.post(reverse("applicants:profile"), data)

    profile.refresh_from_db()
    assert profile.job_title == "Supervisor"
    assert ApplicantProfile.objects.count() == 1
    assert not profile.languages.exists()


def test_profile_missing_agency_and_program_type_say_what_to_do(client):
    client.force_login(applicant())

    no_agency = client.post(reverse("applicants:profile"), profile_data(new_agency_name=""))
    no_type = client.post(reverse("applicants:profile"), profile_data(new_agency_program_type=""))

    assert no_agency.context["form"].errors["agency"] == [
        "Choose your employer or program, or type its name if it is not listed."
    ]
    assert no_type.context["form"].errors["new_agency_program_type"] == [
        "Choose the kind of program for the new employer."
    ]
    assert 'value="CT-2041"' in no_type.content.decode()
    assert not ApplicantProfile.objects.exists()


def test_profile_required_fields_have_plain_messages(client):
    client.force_login(applicant())

    response = client.post(
        reverse("applicants:profile"),
        profile_data(phone="", work_county="", job_title="", given_name=""),
    )

    errors = response.context["form"].errors
    assert errors["phone"] == ["Enter a phone number."]
    assert errors["work_county"] == ["Choose the county where you work."]
    assert errors["job_title"] == ["Enter your role or job title."]
    assert errors["given_name"] == ["Enter your legal first name."]


def test_dashboard_empty_portfolio_says_where_to_start(client):
    client.force_login(applicant())

    response = client.get(reverse("applicants:dashboard"))

    html = response.content.decode()
    assert "You have not filled in your profile yet" in html
    assert html.count("None yet") == 5
    assert 'href="/portfolio/profile/"' in html


def test_dashboard_lists_missing_profile_details(client):
    profile = ProfileFactory(membership_number="", membership_expires_on=None, languages=[])
    client.force_login(profile.user)

    response = client.get(reverse("applicants:dashboard"))

    assert response.context["missing"] == [
        "Languages you work in",
        "Membership number",
        "Membership expiry date",
    ]
    assert "Complete your profile" in response.content.decode()


@time_machine.travel("2026-11-23 12:00:00-05:00", tick=False)
def test_dashboard_complete_profile_warns_of_expired_membership(client):
    profile = ProfileFactory(membership_expires_on=date(2026, 6, 30))
    client.force_login(profile.user)

    response = client.get(reverse("applicants:dashboard"))

    html = response.content.decode()
    assert "Complete." in html
    assert "membership ended on 30 June 2026, as the association's records show" in html


@time_machine.travel("2026-11-23 12:00:00-05:00", tick=False)
def test_dashboard_reads_the_membership_record_not_the_typed_date(client):
    """A past date typed in the profile is a claim: the association's record decides. A record
    covering today silences the warning; with no record, a typed claim is said to be waiting."""
    from memberships.models import Membership

    profile = ProfileFactory(membership_expires_on=date(2026, 6, 30), membership_record=False)
    Membership.objects.create(
        person=profile.user,
        number="CT-1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        status="recorded",
        source="staff",
    )
    client.force_login(profile.user)

    html = client.get(reverse("applicants:dashboard")).content.decode()

    assert "membership ended on" not in html
    assert "waiting for the association to confirm it" not in html


@time_machine.travel("2026-11-23 12:00:00-05:00", tick=False)
def test_dashboard_says_a_typed_membership_waits_for_confirmation(client):
    from memberships.services import membership_claim_submit

    profile = ProfileFactory(membership_expires_on=date(2027, 6, 30), membership_record=False)
    membership_claim_submit(person=profile.user, number="CT-9", ends_on=date(2027, 6, 30))
    client.force_login(profile.user)

    html = client.get(reverse("applicants:dashboard")).content.decode()

    assert "membership ended on" not in html
    assert "waiting for the association to confirm it" in html

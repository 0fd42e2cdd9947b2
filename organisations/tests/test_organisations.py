"""Organisations register, a coordinator approves them, their staff pass a second factor."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from core.models import AuditAction, AuditEvent
from core.transitions import TransitionNotAllowed

from ..models import Membership, Organisation, OrganisationEvent, OrganisationStatus
from ..services.organisations import organisation_transition
from .factories import organisation, sign_in, staff_member

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_registers_an_organisation_that_waits(client):
    person = applicant()
    client.force_login(person)

    response = client.post(
        reverse("organisations:register"),
        {"name": "Harbor Early Childhood", "kind": "medicaid_plan", "purpose": "We bill"},
    )

    org = Organisation.objects.get()
    assert response["Location"] == reverse("organisations:home")
    assert (org.status, org.kind) == (OrganisationStatus.PENDING, "medicaid_plan")
    assert Membership.objects.get().user == person
    assert OrganisationEvent.objects.get().code == "organisation_registered"
    page = client.get(reverse("organisations:home")).content.decode()
    assert "waiting for a coordinator to approve it" in page


def test_registration_errors_keep_what_was_typed(client):
    client.force_login(applicant())

    page = client.post(
        reverse("organisations:register"), {"name": "", "purpose": "We hire"}
    ).content.decode()

    assert "There is a problem" in page
    assert "Enter the organisation&#x27;s name" in page
    assert "Select what kind of organisation it is" in page
    assert "We hire" in page
    assert not Organisation.objects.exists()


def test_coordinator_approves_and_the_staff_are_emailed(client, django_capture_on_commit_callbacks):
    org = organisation(status=OrganisationStatus.PENDING)
    member = staff_member(org=org, given_name="Rita")
    client.force_login(coordinator())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:organisation_approve", args=[org.pk]), {"note": "Welcome"}
        )

    org.refresh_from_db()
    assert response.status_code == 302
    assert org.status == OrganisationStatus.APPROVED
    assert org.events.last().code == "organisation_approved"
    assert AuditEvent.objects.filter(action=AuditAction.ORGANISATION_DECIDED).count() == 1
    message = mail.outbox[-1]
    assert message.to == [member.email]
    assert "can now check endorsements" in message.subject
    assert "Hello Rita" in message.body and "Welcome" in message.body
    assert "/organisations/" in message.body


def test_a_declined_organisation_cannot_be_approved_later():
    org = organisation(status=OrganisationStatus.DECLINED)
    with pytest.raises(TransitionNotAllowed):
        organisation_transition(organisation=org, to="approved", actor=coordinator())


def test_only_coordinators_decide():
    org = organisation(status=OrganisationStatus.PENDING)
    with pytest.raises(PermissionError):
        organisation_transition(organisation=org, to="approved", actor=applicant())


def test_staff_of_an_approved_organisation_must_pass_the_second_factor(client):
    member = staff_member()
    client.force_login(member)  # password only: not a staff role, so no second factor yet

    response = client.get(reverse("organisations:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    sign_in(client, member)
    assert "Upload a staff roster" in client.get(reverse("organisations:home")).content.decode()


def test_people_outside_an_organisation_are_offered_to_register(client):
    client.force_login(applicant())

    response = client.get(reverse("organisations:roster_new"))

    assert response.status_code == 403
    assert "Register your organisation" in response.content.decode()


def test_coordinator_pages_refuse_others_alike(client):
    org = organisation(status=OrganisationStatus.PENDING)
    sign_in(client, staff_member(org=org))

    existing = client.get(reverse("organisations:organisation_detail", args=[org.pk]))
    missing = client.get(reverse("organisations:organisation_detail", args=[org.pk + 999]))

    assert existing.status_code == missing.status_code == 403


def test_queue_query_count(client, django_assert_num_queries):
    client.force_login(coordinator())
    organisation(status=OrganisationStatus.PENDING)
    # session, user with roles, OTP device, waiting organisations, all organisations
    with django_assert_num_queries(5):
        client.get(reverse("organisations:queue"))
    for n in range(5):
        staff_member(org=organisation(name=f"Org {n}", status=OrganisationStatus.PENDING))
    with django_assert_num_queries(5):
        page = client.get(reverse("organisations:queue")).content.decode()
    assert "Org 4" in page


def test_detail_query_count(client, django_assert_num_queries):
    client.force_login(coordinator())
    org = organisation(status=OrganisationStatus.PENDING)
    staff_member(org=org)
    # session, user, OTP device, the organisation, its staff with their accounts
    with django_assert_num_queries(5):
        page = client.get(reverse("organisations:organisation_detail", args=[org.pk]))
    assert "Approve organisation" in page.content.decode()

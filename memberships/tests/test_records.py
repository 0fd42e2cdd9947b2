"""Records kept by staff, applicants' claims and their confirmation (services)."""

from datetime import date

import pytest
from django.db import IntegrityError

from accounts.tests.factories import applicant, coordinator
from applicants.services import profile_update
from applicants.tests.factories import ProfileFactory
from core.models import AuditEvent
from memberships import services
from memberships.models import Membership
from memberships.tests.factories import ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_record_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 30))


def test_staff_record_a_membership_with_an_audit_row():
    person, staff = applicant(), coordinator()

    record = services.membership_record(
        person=person,
        actor=staff,
        membership_type="student",
        number="CT-77",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )

    assert (record.status, record.source, record.recorded_by) == ("recorded", "staff", staff)
    event = AuditEvent.objects.get(action="membership_recorded")
    assert event.subject == person


def test_nobody_records_their_own_membership():
    staff = coordinator()

    with pytest.raises(services.MembershipRefused):
        services.membership_record(
            person=staff,
            actor=staff,
            membership_type="individual",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )


def test_typing_a_number_in_the_profile_makes_a_claim_not_a_record():
    profile = ProfileFactory(
        membership_record=False, membership_number="", membership_expires_on=None
    )

    profile_update(
        user=profile.user,
        data={"membership_number": "CT-2041", "membership_expires_on": date(2027, 6, 30)},
    )

    claim = Membership.objects.get(person=profile.user)
    assert (claim.status, claim.number, claim.ends_on) == ("claimed", "CT-2041", date(2027, 6, 30))
    # Saving again without a change makes no second claim; a new number replaces it.
    profile_update(user=profile.user, data={"membership_number": "CT-2041"})
    profile_update(user=profile.user, data={"membership_number": "CT-2042"})
    assert list(Membership.objects.filter(person=profile.user).values_list("number", "status")) == [
        ("CT-2042", "claimed")
    ]


def test_confirming_a_claim_turns_it_into_a_record_with_the_checked_dates():
    claim, staff = ClaimFactory(number="CT-9"), coordinator()

    record = services.membership_claim_confirm(
        claim=claim,
        actor=staff,
        starts_on=date(2026, 7, 1),
        ends_on=date(2027, 6, 30),
        membership_type="individual",
    )

    assert (record.pk, record.status, record.source) == (claim.pk, "recorded", "claim")
    assert (record.starts_on, record.ends_on, record.number) == (
        date(2026, 7, 1),
        date(2027, 6, 30),
        "CT-9",
    )
    with pytest.raises(services.MembershipRefused):  # not twice
        services.membership_claim_confirm(
            claim=claim,
            actor=staff,
            starts_on=date(2026, 7, 1),
            ends_on=date(2027, 6, 30),
            membership_type="individual",
        )


def test_rejecting_a_claim_keeps_the_reason():
    claim = ClaimFactory()

    services.membership_claim_reject(claim=claim, actor=coordinator(), reason="No such number")

    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == ("rejected", "No such number")

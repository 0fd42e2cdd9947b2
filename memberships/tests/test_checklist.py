"""The checklist's membership item reads the association's records, not what was typed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applicants.tests.factories import ProfileFactory
from competencies.models import RequirementSet
from endorsements.selectors import application_evaluation
from endorsements.services.applications import application_open
from endorsements.tests.factories import category
from memberships.tests.factories import AssociationFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _item(person):
    application = application_open(applicant=person, category=category("IFA"))
    return application_evaluation(application=application).checklist.item("membership")


def test_a_typed_date_alone_does_not_meet_the_item():
    profile = ProfileFactory(membership_record=False)
    ClaimFactory(person=profile.user, number=profile.membership_number)

    item = _item(profile.user)

    assert not item.met
    assert item.code == "membership_claim_pending"


def test_a_record_covering_today_meets_it_and_one_ended_yesterday_does_not():
    today = timezone.localdate()
    covering = ProfileFactory(membership_record=False)
    MembershipFactory(person=covering.user, starts_on=today - timedelta(days=365), ends_on=today)
    ended = ProfileFactory(membership_record=False)
    MembershipFactory(
        person=ended.user,
        starts_on=today - timedelta(days=365),
        ends_on=today - timedelta(days=1),
    )

    assert _item(covering.user).met
    item = _item(ended.user)
    assert not item.met
    assert item.params["expires"] == today - timedelta(days=1)


def test_another_associations_membership_counts_where_the_requirement_set_accepts_it():
    today = timezone.localdate()
    profile = ProfileFactory(membership_record=False)
    MembershipFactory(
        person=profile.user,
        association=AssociationFactory(name="Michigan AIMH", code="MI-AIMH"),
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=300),
    )

    application = application_open(applicant=profile.user, category=category("IFA"))
    refused = application_evaluation(application=application).checklist.item("membership")
    RequirementSet.objects.filter(category__code="IFA").update(
        other_association_membership_accepted=True
    )
    accepted = application_evaluation(application=application).checklist.item("membership")

    assert (refused.met, refused.code) == (False, "membership_not_accepted")
    assert accepted.met
    assert accepted.params["association"] == "Michigan AIMH"

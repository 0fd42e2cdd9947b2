from datetime import date

import factory

from accounts.tests.factories import UserFactory
from memberships.models import Association, Membership


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Michigan Association for Infant Mental Health {n}")
    code = factory.Sequence(lambda n: f"MI-AIMH-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A recorded membership of this association, entered by staff."""

    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    membership_type = "individual"
    number = factory.Sequence(lambda n: f"CT-{5000 + n}")
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)
    status = "recorded"
    source = "staff"


class ClaimFactory(MembershipFactory):
    """What an applicant typed, waiting for a coordinator."""

    starts_on = None
    ends_on = date(2027, 6, 30)
    status = "claimed"
    source = "claim"

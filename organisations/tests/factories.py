from accounts.tests.factories import UserFactory
from conftest import otp_verify_session

from ..models import Membership, Organisation, OrganisationStatus


def organisation(*, status=OrganisationStatus.APPROVED, name="Harbor Early Childhood", **kwargs):
    return Organisation.objects.create(name=name, kind="employer", status=status, **kwargs)


def staff_member(*, org=None, **kwargs):
    """A person on an (approved) organisation's staff."""
    user = UserFactory(**kwargs)
    Membership.objects.create(organisation=org or organisation(), user=user)
    return user


def sign_in(client, user):
    """Signed in with both factors, as organisation staff must be."""
    client.force_login(user)
    otp_verify_session(client, user)
    return client

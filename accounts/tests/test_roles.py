"""The signed-in person is read with their roles in one query, by the authentication backend."""

import pytest

from accounts.backends import RoleLoadingModelBackend
from accounts.models import Role, User
from accounts.tests.factories import UserFactory, applicant

pytestmark = pytest.mark.django_db


def test_the_signed_in_person_comes_with_their_roles_in_one_query(django_assert_num_queries):
    person = UserFactory(roles=[Role.REVIEWER, Role.COORDINATOR])

    with django_assert_num_queries(1):
        user = RoleLoadingModelBackend().get_user(person.pk)
        assert user.is_reviewer and user.is_coordinator and not user.is_applicant
        assert user.is_staff_member

    assert user == person and user.email == person.email
    assert user.role_names == {Role.REVIEWER, Role.COORDINATOR}


def test_someone_without_roles_or_unknown_or_inactive_is_handled():
    nobody = UserFactory(roles=[])
    inactive = applicant(is_active=False)
    backend = RoleLoadingModelBackend()

    assert backend.get_user(nobody.pk).role_names == frozenset()
    assert backend.get_user(987654321) is None
    assert backend.get_user(inactive.pk) is None


def test_the_orm_path_reads_the_same_roles():
    """Databases other than PostgreSQL (the embedded SQLite default) take the ORM path."""
    person = UserFactory(roles=[Role.APPLICANT, Role.REGISTRY_ADMIN])

    loaded = User.objects.with_role_names().get(pk=person.pk)
    raw = User.objects.signed_in(person.pk)

    assert loaded.role_names == raw.role_names == {Role.APPLICANT, Role.REGISTRY_ADMIN}

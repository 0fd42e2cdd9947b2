import factory
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import role_grant

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            role_grant(user=self, role=role)


def applicant(**kwargs) -> User:
    return UserFactory(roles=[Role.APPLICANT], **kwargs)


def reviewer(**kwargs) -> User:
    return UserFactory(roles=[Role.REVIEWER], **kwargs)


def coordinator(**kwargs) -> User:
    return UserFactory(roles=[Role.COORDINATOR], **kwargs)


def registry_admin(**kwargs) -> User:
    return UserFactory(roles=[Role.REGISTRY_ADMIN], **kwargs)

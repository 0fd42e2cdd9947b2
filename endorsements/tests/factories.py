import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from competencies.models import EndorsementCategory
from endorsements.models import Application, ApplicationStatus


def category(code: str = "IFA") -> EndorsementCategory:
    """A shipped category (seeded by the competencies data migration)."""
    return EndorsementCategory.objects.get(code=code)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory, roles=[Role.APPLICANT])
    category = factory.LazyFunction(lambda: category("IFA"))
    status = ApplicationStatus.DRAFT

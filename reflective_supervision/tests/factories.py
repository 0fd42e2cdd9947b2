import datetime as dt
import secrets

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reflective_supervision.models import AttestationRequest, Provider, SupervisionSession


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"provider{n}@example.org")

    @factory.post_generation
    def supervisees(self, create, extracted, **kwargs):
        for user in extracted or ():
            self.supervisees.add(user)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession
        skip_postgeneration_save = True

    supervisee = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)
    date = factory.Sequence(lambda n: dt.date(2025, 1, 6) + dt.timedelta(weeks=n % 50))
    duration_minutes = 60
    format = SupervisionSession.Format.INDIVIDUAL
    modality = SupervisionSession.Modality.VIRTUAL
    focus = SupervisionSession.Focus.OWN_WORK
    age_band = "infant"

    @factory.post_generation
    def _in_provider_list(self, create, extracted, **kwargs):
        if create and self.provider_id:
            self.provider.supervisees.add(self.supervisee)


class AttestationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttestationRequest
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    supervisee = factory.SubFactory(UserFactory)
    nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if extracted:
            self.sessions.add(*extracted)

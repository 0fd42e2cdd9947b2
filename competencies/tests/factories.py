"""Factories for the rules data, and builders of plain facts for the rules engine."""

from datetime import date
from decimal import Decimal

import factory

from competencies import rules
from competencies.models import EndorsementCategory, RenewalPolicy, RequirementSet


class EndorsementCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EndorsementCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TST{n}")
    name = factory.LazyAttribute(lambda o: f"Test category {o.code}")
    track = "infant"
    scope_of_practice = "prevention"
    level = 2
    order = factory.Sequence(lambda n: 100 + n)


class RequirementSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequirementSet

    category = factory.SubFactory(EndorsementCategoryFactory)
    effective_from = date(2000, 1, 1)
    training_hours = Decimal("30")


class RenewalPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RenewalPolicy

    category = factory.SubFactory(EndorsementCategoryFactory)
    effective_from = date(2000, 1, 1)
    training_hours = Decimal("15")


def session(
    day: date, hours="1", *, provider="IMHS", focus="own_work", **kwargs
) -> rules.RSCSession:
    """An RSC session from a provider holding `provider` (a code, or "" for none) that day."""
    kwargs.setdefault("provider_key", "p1")
    kwargs.setdefault("provider_name", "Pat Provider")
    held = frozenset({provider}) if provider else frozenset()
    return rules.RSCSession(
        date=day,
        hours=Decimal(hours),
        provider_categories_on_date=held,
        focus=focus,
        **kwargs,
    )


def training(day: date, hours="1", **kwargs) -> rules.Training:
    return rules.Training(date=day, hours=Decimal(hours), **kwargs)


def reference(n: int, **kwargs) -> rules.Reference:
    kwargs.setdefault("completed", True)
    return rules.Reference(id=n, rater_name=f"Rater {n}", **kwargs)

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
    kwargs.setdefault("age_band", "infant")
    held = frozenset({provider}) if provider else frozenset()
    return rules.RSCSession(
        date=day,
        minutes=_minutes(hours),
        provider_categories_on_date=held,
        focus=focus,
        **kwargs,
    )


def training(day: date, hours="1", **kwargs) -> rules.Training:
    return rules.Training(date=day, minutes=_minutes(hours), **kwargs)


def _minutes(hours) -> int:
    """Hours written as in the tests ("1.5") as the whole minutes the facts carry."""
    minutes = Decimal(hours) * 60
    if minutes != minutes.to_integral_value():
        raise ValueError(f"{hours} hours is not a whole number of minutes")
    return int(minutes)


def reference(n: int, **kwargs) -> rules.Reference:
    kwargs.setdefault("completed", True)
    return rules.Reference(id=n, rater_name=f"Rater {n}", **kwargs)

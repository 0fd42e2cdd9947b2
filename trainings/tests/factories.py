from datetime import date

from accounts.tests.factories import UserFactory
from applicants.models import Language, Region
from competencies.models import Competency, CompetencyDomain, EndorsementCategory
from organisations.models import Membership, Organisation, OrganisationStatus

from ..models import CatalogTraining, TrainingStatus


def provider(*, name="Caring Institute", status=OrganisationStatus.APPROVED):
    return Organisation.objects.create(name=name, kind="training_provider", status=status)


def provider_staff(*, org=None, **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.create(organisation=org or provider(), user=user)
    return user


def catalog_training(
    *,
    org=None,
    status=TrainingStatus.APPROVED,
    title="Caring, Coping and Competence",
    starts_on=date(2026, 12, 5),
    ends_on=date(2026, 12, 6),
    minutes=12 * 60,
    areas=2,
    **kwargs,
):
    domain = CompetencyDomain.objects.filter(edition__active=True).order_by("order").first()
    training = CatalogTraining.objects.create(
        provider=org or provider(),
        title=title,
        description="Relationship development when a baby has special health care needs.",
        learning_objectives="Apply infant mental health concepts\nDescribe medical complexity",
        starts_on=starts_on,
        ends_on=ends_on,
        sessions="5 December, 9:00 to 16:00\n6 December, 9:00 to 16:00",
        minutes=minutes,
        dei_minutes=kwargs.pop("dei_minutes", 0),
        rsc_provision_minutes=kwargs.pop("rsc_provision_minutes", 0),
        format=kwargs.pop("format", "in_person"),
        language=kwargs.pop("language", None) or Language.objects.get(name="English"),
        location=kwargs.pop("location", "Hartford"),
        region=kwargs.pop("region", None) or Region.objects.order_by("order").first(),
        age_band=kwargs.pop("age_band", "infant"),
        status=status,
        **kwargs,
    )
    training.domains.set([domain])
    training.competencies.set(Competency.objects.filter(domain=domain).order_by("pk")[:areas])
    training.categories.set(EndorsementCategory.objects.order_by("order")[:2])
    return training

import secrets
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from competencies.models import EndorsementCategory
from competencies.selectors import domains_for_edition, edition_in_effect
from endorsements.models import (
    Application,
    ApplicationStatus,
    EthicsAttestation,
    RatingItem,
    ReferenceRelationship,
    ReferenceRequest,
    ethics_document_version,
)


def category(code: str = "IFA") -> EndorsementCategory:
    """A shipped category (seeded by the competencies data migration)."""
    return EndorsementCategory.objects.get(code=code)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory, roles=[Role.APPLICANT])
    category = factory.LazyFunction(lambda: category("IFA"))
    status = ApplicationStatus.DRAFT


# --- Applications: references, signatures and complete portfolios ------------------------------


class ReferenceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceRequest

    application = factory.SubFactory(ApplicationFactory)
    rater_name = factory.Faker("name")
    rater_email = factory.Sequence(lambda n: f"rater{n}@example.org")
    relationship = ReferenceRelationship.COLLEAGUE
    nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


def completed_reference(
    application: Application, *, endorsed: bool = False, not_enough_info: int = 0, **kwargs
) -> ReferenceRequest:
    """A rating answered through the service: `not_enough_info` items left unanswered.

    `endorsed`: the rater holds a current endorsement of this registry and gives its number, so
    the claim is verified."""
    from endorsements.services.references import NOT_ENOUGH_INFO, reference_complete

    number = ""
    if endorsed:
        credential = rater_endorsement()
        kwargs.setdefault("rater_name", credential.printed_name)
        number = credential.number
    reference = ReferenceRequestFactory(application=application, rater_endorsed=endorsed, **kwargs)
    items = list(RatingItem.objects.filter(active=True).order_by("order", "pk"))
    ratings = {
        item.pk: (NOT_ENOUGH_INFO if i < not_enough_info else "4") for i, item in enumerate(items)
    }
    return reference_complete(
        reference=reference,
        ratings=ratings,
        items=items,
        rater_endorsed=endorsed,
        rater_endorsement_number=number,
    )


def rater_endorsement(code: str = "IMHS", **user_kwargs):
    """A current credential of this registry, issued through the service, for a rater."""
    from endorsements.services.credentials import endorsement_issue

    holder = UserFactory(**user_kwargs)
    application = ApplicationFactory(
        applicant=holder, category=category(code), status=ApplicationStatus.ENDORSED
    )
    return endorsement_issue(application=application)


def signed(application: Application) -> EthicsAttestation:
    """The applicant's signature of the current Code of Ethics for `application`."""
    return EthicsAttestation.objects.create(
        user=application.applicant,
        application=application,
        version=ethics_document_version(),
        typed_name=application.applicant.full_name,
        attested_at=timezone.now(),
    )


def ifa_portfolio(user, *, today: date | None = None) -> None:
    """Evidence that meets every IFA item except references and the signature: a complete
    profile, a bachelor's degree with a transcript, three years of home visiting and 36 hours
    of training covering every IFA domain."""
    from applicants.tests.factories import (
        EducationFactory,
        ProfileFactory,
        TrainingFactory,
        WorkFactory,
        stored_pdf,
    )

    today = today or timezone.localdate()
    ProfileFactory(user=user, membership_expires_on=today + timedelta(days=365))
    EducationFactory(user=user, transcript=stored_pdf(owner=user), year=today.year - 5)
    WorkFactory(user=user, start_date=today - timedelta(days=3 * 365), end_date=None)
    edition = edition_in_effect(on=today)
    for domain in domains_for_edition(edition=edition):
        if domain.mentor_only:
            continue
        areas = [c for c in domain.competencies.all() if c.applies_from_level <= 1]
        training = TrainingFactory(user=user, date=today - timedelta(days=30), hours=Decimal("4.5"))
        training.competencies.set(areas[:1])


def ready_application(**kwargs) -> Application:
    """A draft IFA application whose checklist is complete: ready to submit."""
    application = ApplicationFactory(**kwargs)
    ifa_portfolio(application.applicant)
    completed_reference(application, endorsed=True)
    completed_reference(application)
    completed_reference(application)
    signed(application)
    return application


def seed_data_ensure() -> None:
    """Kept for the tests that call it directly; the root conftest now does this for every
    transactional test."""
    from conftest import seed_data_ensure as ensure

    ensure()

"""Demo credentials: the demo reviewers hold active IMHS and IFRS endorsements with certificates
(reviewers are endorsed volunteers), each from an application whose portfolio met every item on
the day it was endorsed. Idempotent: run by `seed_demo` every time."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from competencies.models import EndorsementCategory
from demo.portfolio_complete import portfolio_complete
from endorsements.credentials.services.certificates import certificate_render
from endorsements.models import Application, ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.services.credentials import endorsement_issue
from endorsements.services.snapshot import application_snapshot_build

DEMO_REVIEWERS = ("reviewer@example.org", "reviewer2@example.org")
DEMO_CATEGORIES = ("IMHS", "IFRS")


# The reviewers work at a clinic of their own: reviewers from the demo applicants' agency would
# be flagged (same agency) for every demo application.
REVIEWER_AGENCY = "Capitol Region Infant Mental Health Clinic"


def _reviewer_profile(user: User) -> None:
    """A profile at the reviewers' clinic for a demo reviewer who has none (idempotent)."""
    from applicants.models import ApplicantProfile, County, ProgramType
    from applicants.services import agency_get_or_create
    from demo.memberships import demo_membership_record

    demo_membership_record(
        user_id=user.pk,
        number=f"CT-{user.pk:06d}",
        ends_on=timezone.localdate() + timedelta(days=365),
    )
    if ApplicantProfile.objects.filter(user=user).exists():
        return
    county = County.objects.filter(name="Hartford").first() or County.objects.first()
    ApplicantProfile.objects.create(
        user=user,
        work_county=county,
        agency=agency_get_or_create(
            name=REVIEWER_AGENCY, program_type=ProgramType.IMH_CLINICAL, county=county
        ),
        job_title="Infant mental health clinician",
        membership_number=f"CT-{user.pk:06d}",
        membership_expires_on=timezone.localdate() + timedelta(days=365),
    )


def demo_reviewer_endorsements(*, emails=DEMO_REVIEWERS, codes=DEMO_CATEGORIES) -> int:
    """Give each demo reviewer a current endorsement in each category, with its certificate.
    Returns how many were created."""
    created = 0
    issued_on = timezone.localdate() - timedelta(days=200)
    categories = list(EndorsementCategory.objects.filter(code__in=codes))
    for user in User.objects.filter(email__in=emails):
        _reviewer_profile(user)
        for category in categories:
            held = Endorsement.objects.filter(
                holder=user,
                category=category,
                status__in=[EndorsementStatus.ACTIVE, EndorsementStatus.EMERGING],
            ).exists()
            if held:
                continue
            with transaction.atomic():
                application = Application.objects.create(applicant=user, category=category)
                evaluation = portfolio_complete(application=application, on=issued_on)
                # Written as the review workflow would have left it (demo history).
                Application.objects.filter(pk=application.pk).update(
                    status=ApplicationStatus.ENDORSED,
                    snapshot=application_snapshot_build(application, evaluation=evaluation),
                    requirement_set=evaluation.requirement_set,
                    submitted_at=timezone.now() - timedelta(days=240),
                )
                application.refresh_from_db()
                endorsement = endorsement_issue(application=application, issued_on=issued_on)
            certificate_render(endorsement=endorsement, notify=False)
            created += 1
    return created


# --- The life of an endorsement: an emerging case and a lapsed holder who can come back -------

EMERGING_HOLDER = ("emerging@example.org", "Emma", "Emerging")
LAPSED_HOLDER = ("lapsed@example.org", "Leo", "Lapsed")


def _demo_person(email: str, given: str, family: str) -> User:
    from accounts.models import Role
    from accounts.services import role_grant
    from demo.accounts import DEMO_PASSWORD
    from demo.portfolios import demo_applicant_portfolio

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            given_name=given,
            family_name=family,
            email_verified_at=timezone.now(),
        )
    role_grant(user=user, role=Role.APPLICANT)
    demo_applicant_portfolio(user=user)
    return user


def _demo_decided(*, user: User, category, on, status: str, emerging: bool = False):
    """An application of `user` for `category` decided as `status` on `on`, whose frozen
    portfolio met every item that day (for an emerging one: every item but those the
    requirement set lets be in progress), written as the review workflow would have left it."""
    application = Application.objects.create(applicant=user, category=category)
    evaluation = portfolio_complete(application=application, on=on, emerging=emerging)
    Application.objects.filter(pk=application.pk).update(
        status=status,
        emerging_requested=emerging,
        snapshot=application_snapshot_build(application, evaluation=evaluation),
        requirement_set=evaluation.requirement_set,
        submitted_at=timezone.now() - timedelta(days=(timezone.localdate() - on).days + 60),
    )
    application.refresh_from_db()
    return application


def demo_lifecycle() -> dict[str, int]:
    """An emerging IFRS holder (she sees what is left and asks to complete once it is met)
    and an IFA holder whose endorsement lapsed last month, with a year of hours logged, so
    he can ask to reinstate. Idempotent: each is made once. Returns their credential ids."""
    from endorsements.services.transitions import endorsement_transition

    made: dict[str, int] = {}
    today = timezone.localdate()
    email, given, family = EMERGING_HOLDER
    emma = _demo_person(email, given, family)
    ifrs = EndorsementCategory.objects.filter(code="IFRS").first()
    held = Endorsement.objects.filter(holder=emma, category=ifrs).first()
    if ifrs is not None and held is None:
        issued_on = today - timedelta(days=120)
        with transaction.atomic():
            # Endorsed as emerging: only the items IFRS lets be in progress (the leadership
            # year, the training on providing RSC) are still to do.
            application = _demo_decided(
                user=emma,
                category=ifrs,
                on=issued_on,
                status=ApplicationStatus.ENDORSED_EMERGING,
                emerging=True,
            )
            held = endorsement_issue(application=application, emerging=True, issued_on=issued_on)
        certificate_render(endorsement=held, notify=False)
    if held is not None:
        made["emerging"] = held.pk

    email, given, family = LAPSED_HOLDER
    leo = _demo_person(email, given, family)
    ifa = EndorsementCategory.objects.filter(code="IFA").first()
    held = Endorsement.objects.filter(holder=leo, category=ifa).first()
    if ifa is not None and held is None:
        # Endorsed long enough ago that the deadline and its grace period have passed.
        issued_on = today - timedelta(days=800)
        with transaction.atomic():
            application = _demo_decided(
                user=leo, category=ifa, on=issued_on, status=ApplicationStatus.ENDORSED
            )
            held = endorsement_issue(application=application, issued_on=issued_on)
            lapsed_on = min(held.valid_through + timedelta(days=31), today)
            # A year of hours to come back with: the demo portfolio's training plus the
            # hours on diversity, equity and inclusion that renewal asks for.
            from applicants.services import training_create
            from competencies.models import Competency

            training_create(
                user=leo,
                data={
                    "title": "Equity and belonging in home visiting",
                    "provider": "CT-AIMH",
                    "date": today - timedelta(days=30),
                    "minutes": 180,
                    "format": "virtual_live",
                    "dei": True,
                },
                competency_ids=Competency.objects.filter(name="Cultural competence")
                .order_by("pk")
                .values_list("pk", flat=True)[:1],
            )
            endorsement_transition(
                endorsement=held,
                to=EndorsementStatus.LAPSED,
                code="lapsed_not_renewed",
                effective_on=lapsed_on,
            )
    if held is not None:
        made["lapsed"] = held.pk
    return made

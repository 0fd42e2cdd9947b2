"""Demo credentials: the demo reviewers hold active IMHS and IFRS endorsements with certificates
(reviewers are endorsed volunteers), each from an application whose portfolio met every item on
the day it was endorsed. Idempotent: run by `seed_demo` every time."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from competencies.models import EndorsementCategory
from endorsements.demo_portfolio import portfolio_complete
from endorsements.models import Application, ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.services.credentials import endorsement_issue
from endorsements.services.snapshot import application_snapshot_build

from .services.certificates import certificate_render

DEMO_REVIEWERS = ("reviewer@example.org", "reviewer2@example.org")
DEMO_CATEGORIES = ("IMHS", "IFRS")


def demo_reviewer_endorsements(*, emails=DEMO_REVIEWERS, codes=DEMO_CATEGORIES) -> int:
    """Give each demo reviewer a current endorsement in each category, with its certificate.
    Returns how many were created."""
    created = 0
    issued_on = timezone.localdate() - timedelta(days=200)
    categories = list(EndorsementCategory.objects.filter(code__in=codes))
    for user in User.objects.filter(email__in=emails):
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

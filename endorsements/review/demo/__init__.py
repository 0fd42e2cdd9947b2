"""Demo data for the review workflow: something in the coordinator's inbox, and for
`seed_demo --applicants N` a review workload in proportion to the generated people
(`workload.py`)."""

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from accounts.services import role_grant
from applicants.demo import demo_applicant_portfolio
from competencies.models import EndorsementCategory
from endorsements.demo_portfolio import portfolio_complete
from endorsements.models import Application, ApplicationStatus
from endorsements.services.snapshot import application_snapshot_build
from endorsements.services.transitions import application_transition

from ..models import ReviewerConflict
from .workload import bulk_review_workload

__all__ = ["bulk_review_workload", "demo_review_inbox"]

S = ApplicationStatus
SECOND_APPLICANT = ("applicant2@example.org", "Bea", "Second")


def demo_review_inbox(*, conflicted_reviewer: str = "reviewer2@example.org") -> Application | None:
    """A submitted IFA application from a second demo applicant, and a conflict that the
    second demo reviewer declared with her, so the coordinator sees a flag when assigning.
    Idempotent: returns None when the application exists already."""
    email, given, family = SECOND_APPLICANT
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
    reviewer = User.objects.filter(email=conflicted_reviewer).first()
    if (
        reviewer is not None
        and not ReviewerConflict.objects.filter(reviewer=reviewer, person=user).exists()
    ):
        ReviewerConflict.objects.create(
            reviewer=reviewer, person=user, note="She was my supervisee until 2024."
        )
    category = EndorsementCategory.objects.filter(code="IFA").first()
    if category is None or Application.objects.filter(applicant=user, category=category).exists():
        return None
    application = Application.objects.create(applicant=user, category=category)
    # The demo portfolio is nearly complete for IFA: topped up until every item is met, then
    # submitted as the applicant would (no email: nobody reads demo mail).
    evaluation = portfolio_complete(application=application)
    return application_transition(
        application=application,
        to=ApplicationStatus.SUBMITTED,
        actor=user,
        note="Submitted (demo data).",
        fields={
            "snapshot": application_snapshot_build(application, evaluation=evaluation),
            "requirement_set": evaluation.requirement_set,
            "submitted_at": timezone.now(),
        },
    )


# --- The bulk review workload -------------------------------------------------------------------

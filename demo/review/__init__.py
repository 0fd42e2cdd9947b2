"""Demo data for the review workflow: something in the coordinator's inbox, and for
`seed_demo --applicants N` a review workload in proportion to the generated people
(`workload.py`)."""

from django.utils import timezone

from accounts.models import Role, User
from accounts.services import role_grant
from competencies.models import EndorsementCategory
from demo.accounts import DEMO_PASSWORD
from demo.portfolio_complete import portfolio_complete
from demo.portfolios import demo_applicant_portfolio
from demo.review.workload import bulk_review_workload
from endorsements.models import Application, ApplicationStatus
from endorsements.review.models import ReviewerConflict
from endorsements.services.snapshot import application_snapshot_build
from endorsements.services.transitions import application_history_add, application_transition

__all__ = [
    "bulk_review_workload",
    "demo_overdue_review",
    "demo_review_inbox",
    "demo_third_reviewer",
]

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
        code="submitted",
        fields={
            "snapshot": application_snapshot_build(application, evaluation=evaluation),
            "requirement_set": evaluation.requirement_set,
            "submitted_at": timezone.now(),
        },
    )


THIRD_REVIEWER = ("reviewer3@example.org", "Rosa", "Reviewer")
OVERDUE_APPLICANT = ("applicant3@example.org", "Owen", "Overdue")


def _demo_user(email: str, given: str, family: str, role) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            given_name=given,
            family_name=family,
            email_verified_at=timezone.now(),
        )
    role_grant(user=user, role=role)
    return user


def demo_third_reviewer() -> User:
    """A third reviewer, endorsed in IMHS and IFRS like the others and with no conflict, so
    the waiting application has two eligible, unconflicted reviewers to choose from (the
    second demo reviewer declared a conflict with its applicant)."""
    from demo.credentials import demo_reviewer_endorsements

    email, given, family = THIRD_REVIEWER
    user = _demo_user(email, given, family, Role.REVIEWER)
    demo_reviewer_endorsements(emails=(email,))
    return user


def demo_overdue_review() -> Application | None:
    """An IFA application in review whose reviewer (the first demo reviewer) is nine days
    past the due date: it shows as overdue in the inbox, the queue and the digest, and the
    coordinator can replace the reviewer or extend the date. Idempotent."""
    from datetime import timedelta

    from endorsements.review.models import Assignment

    email, given, family = OVERDUE_APPLICANT
    user = _demo_user(email, given, family, Role.APPLICANT)
    demo_applicant_portfolio(user=user)
    reviewer = User.objects.filter(email="reviewer@example.org").first()
    second = User.objects.filter(email=THIRD_REVIEWER[0]).first()
    category = EndorsementCategory.objects.filter(code="IFA").first()
    if (
        category is None
        or reviewer is None
        or Application.objects.filter(applicant=user, category=category).exists()
    ):
        return None
    application = Application.objects.create(applicant=user, category=category)
    # Topped up until every checklist item is met, like the waiting one (no demo application
    # is submitted with an unmet item).
    evaluation = portfolio_complete(application=application)
    application_transition(
        application=application,
        to=ApplicationStatus.SUBMITTED,
        actor=user,
        code="submitted",
        fields={
            "snapshot": application_snapshot_build(application, evaluation=evaluation),
            "requirement_set": evaluation.requirement_set,
        },
    )
    today = timezone.localdate()
    people = [reviewer, second] if second is not None else [reviewer]
    for person in people:
        Assignment.objects.create(
            application=application,
            reviewer=person,
            round=1,
            due_on=today - timedelta(days=9),
        )
    Assignment.objects.filter(application=application).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    moved = application_transition(
        application=application,
        to=ApplicationStatus.IN_REVIEW,
        code="review_started",
        params={"round": 1},
    )
    # As `assignment_create` writes it: the reviewers' names in a staff-only row.
    application_history_add(
        application=moved,
        code="reviewers_assigned",
        params={
            "reviewers": [p.full_name for p in people],
            "round": 1,
            "due_on": (today - timedelta(days=9)).isoformat(),
        },
    )
    return moved


# --- The bulk review workload -------------------------------------------------------------------

"""A reviewer's review: save a draft, submit it once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.audit import audit_record
from core.models import AuditAction

from ..models import Assignment, Recommendation, Review


class ReviewLocked(Exception):
    """The review was submitted already, or the application has moved on."""


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    sections: dict,
    competency_ids: list[int],
    comments: str,
    recommendation: str,
    feedback: str,
    sections_to_reopen: list[str],
    submit: bool,
) -> Review:
    """Save the reviewer's work on `assignment`; with `submit`, hand it in for good.

    Side effects, in order: the assignment row is locked; the Review row created or updated;
    on submit `submitted_at` on the review and `completed_at` on the assignment (it no longer
    counts towards the reviewer's load) and an audit row. Raises ReviewLocked once submitted or
    when the application is no longer in review. The form has checked completeness for a submit.
    """
    from endorsements.models import ApplicationStatus

    locked = (
        Assignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    )
    if locked.application.status != ApplicationStatus.IN_REVIEW:
        raise ReviewLocked(gettext("This application is no longer in review."))
    review, _ = Review.objects.get_or_create(assignment=locked)
    if review.is_submitted:
        raise ReviewLocked(gettext("You have submitted this review already."))
    review.sections = sections
    review.competency_ids = sorted(set(competency_ids))
    review.comments = comments
    review.recommendation = recommendation
    is_defer = recommendation == Recommendation.DEFER
    review.feedback = feedback if is_defer else ""
    review.sections_to_reopen = list(sections_to_reopen) if is_defer else []
    if submit:
        now = timezone.now()
        review.submitted_at = now
        locked.completed_at = now
        locked.save(update_fields=["completed_at", "updated_at"])
    review.save()
    if submit:
        audit_record(
            action=AuditAction.REVIEW_SUBMITTED,
            actor=locked.reviewer,
            target=review,
            details={"recommendation": recommendation, "round": locked.round},
            application_id=locked.application_id,
            subject=locked.application.applicant,
        )
    assignment.completed_at = locked.completed_at
    return review


def review_of(assignment: Assignment) -> Review | None:
    """The assignment's review, or None before the reviewer saved anything."""
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def round_complete(assignments: list[Assignment]) -> bool:
    """Every reviewer of the round has submitted (then they may see each other's reviews)."""
    reviews = [review_of(a) for a in assignments]
    return bool(reviews) and all(r is not None and r.is_submitted for r in reviews)

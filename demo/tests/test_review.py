import pytest

from demo.seed import seed_demo
from endorsements.models import ApplicationStatus
from endorsements.review.models import ReviewerConflict
from endorsements.review.selectors import inbox_applications, inbox_page_load

pytestmark = pytest.mark.django_db


def test_demo_gives_the_coordinator_an_application_and_a_declared_conflict():
    seed_demo(progress=False)
    seed_demo(progress=False)  # idempotent

    waiting = inbox_page_load(list(inbox_applications()))
    # Bea waits for reviewers; Owen's review is overdue (the demo's complete path).
    assert {a.applicant.full_name: a.status for a in waiting} == {
        "Bea Second": ApplicationStatus.SUBMITTED,
        "Owen Overdue": ApplicationStatus.IN_REVIEW,
    }
    conflict = ReviewerConflict.objects.get()
    assert conflict.reviewer.email == "reviewer2@example.org"
    assert conflict.person.email == "applicant2@example.org"


def test_demo_gives_the_whole_path():
    """Two eligible, unconflicted reviewers for the waiting application, one overdue review,
    one emerging holder, one lapsed holder able to reinstate."""
    from django.utils import timezone

    from endorsements.credentials.services.requests import reinstatement_terms
    from endorsements.models import Application, Endorsement, EndorsementStatus
    from endorsements.review.conflicts import conflicts_for
    from endorsements.review.models import Assignment
    from endorsements.review.selectors import reviewers_with_load

    seed_demo(progress=False)

    waiting = Application.objects.get(applicant__email="applicant2@example.org")
    flags = conflicts_for(application=waiting, reviewers=list(reviewers_with_load()))
    assert len([pk for pk, found in flags.items() if not found]) >= 2
    overdue = Assignment.objects.filter(
        completed_at__isnull=True,
        application__status=ApplicationStatus.IN_REVIEW,
        due_on__lt=timezone.localdate(),
    )
    assert overdue.exists()
    emerging = Endorsement.objects.get(holder__email="emerging@example.org")
    assert emerging.status == EndorsementStatus.EMERGING
    lapsed = Endorsement.objects.get(holder__email="lapsed@example.org")
    terms = reinstatement_terms(endorsement=lapsed)
    assert lapsed.status == EndorsementStatus.LAPSED and terms.open and not terms.gaps

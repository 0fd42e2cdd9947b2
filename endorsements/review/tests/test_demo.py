import pytest

from endorsements.demo import seed_demo
from endorsements.models import ApplicationStatus
from endorsements.review.models import ReviewerConflict
from endorsements.review.selectors import inbox_applications, inbox_page_load

pytestmark = pytest.mark.django_db


def test_demo_gives_the_coordinator_an_application_and_a_declared_conflict():
    seed_demo(progress=False)
    seed_demo(progress=False)  # idempotent

    waiting = inbox_page_load(list(inbox_applications()))
    assert [a.applicant.full_name for a in waiting] == ["Bea Second"]
    assert waiting[0].status == ApplicationStatus.SUBMITTED
    conflict = ReviewerConflict.objects.get()
    assert conflict.reviewer.email == "reviewer2@example.org"
    assert conflict.person.email == "applicant2@example.org"


def test_review_app_has_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "review", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()

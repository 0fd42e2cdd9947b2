"""The mixed measure's writer makes real changes through the portal's services."""

import pytest

from accounts.tests.factories import applicant, coordinator
from applicants.models import ApplicantProfile, Training
from applicants.tests.factories import ProfileFactory
from bench.writer import Writer
from endorsements.models import ApplicationStatus
from endorsements.review.models import Assignment
from endorsements.review.tests.factories import SubmittedApplicationFactory, qualified_reviewer

pytestmark = pytest.mark.django_db


def test_each_turn_changes_what_a_measured_page_shows(django_capture_on_commit_callbacks):
    person = applicant()
    listed = ProfileFactory(directory_opt_in=True, languages=["English", "Spanish"])
    application = SubmittedApplicationFactory()
    reviewers = [qualified_reviewer() for _ in range(3)]
    writer = Writer(
        rate=2,
        applicant_ids=[person.pk],
        listed_user_ids=[listed.user_id],
        coordinator=coordinator(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            writer.write_once()

    assert writer.counts.errors == 0, writer.counts.error_samples
    assert writer.counts.done == {"training": 1, "assignment": 1, "opt-in": 1}
    assert Training.objects.filter(user=person).count() == 1
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    first_round = set(application.assignments.values_list("reviewer_id", flat=True))
    assert first_round < {r.pk for r in reviewers}
    profile = ApplicantProfile.objects.get(pk=listed.pk)
    assert not profile.directory_opt_in
    assert sorted(profile.languages.values_list("name", flat=True)) == ["English", "Spanish"]

    # Nobody waits any more: the next assignment gives an open review to the third reviewer;
    # the person who opted out opts back in.
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            writer.write_once()

    assert writer.counts.errors == 0, writer.counts.error_samples
    assert Training.objects.filter(user=person).count() == 2
    now = set(
        Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True)
    )
    assert now != first_round and len(now) == 2
    assert ApplicantProfile.objects.get(pk=listed.pk).directory_opt_in


def test_a_change_that_cannot_be_made_is_counted_not_raised():
    writer = Writer(rate=2, applicant_ids=[], listed_user_ids=[], coordinator=coordinator())

    for _ in range(3):
        writer.write_once()

    assert writer.counts.total == 0 and writer.counts.errors == 3
    assert "3 failed" in writer.counts.describe()

"""Assigning reviewers: the move into review, due dates, emails, overrides, bulk, load."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from accounts.tests.factories import coordinator
from applicants.tests.factories import AgencyFactory, ProfileFactory
from endorsements.models import ApplicationEvent, ApplicationStatus
from endorsements.review import selectors, services
from endorsements.review.models import Assignment

from .factories import SubmittedApplicationFactory, qualified_reviewer

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC), tick=False)
def test_assignment_moves_to_review_and_emails_reviewers_and_applicant(
    django_capture_on_commit_callbacks, settings
):
    settings.REVIEW_DUE_DAYS = 14
    application = SubmittedApplicationFactory()
    first, second = qualified_reviewer(), qualified_reviewer()
    boss = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        created = services.assignment_create(
            application=application, reviewers=[first, second], actor=boss
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert [a.due_on for a in created] == [dt.date(2026, 5, 18)] * 2
    assert {a.round for a in created} == {1}
    event = ApplicationEvent.objects.get(application=application, audience="applicant")
    assert (event.to_status, event.actor) == ("in_review", boss)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([first.email, second.email, application.applicant.email])
    reviewer_mail = next(m for m in mail.outbox if m.to == [first.email])
    assert "18 May 2026" in reviewer_mail.subject
    assert reviewer_mail.alternatives  # text and HTML


def test_assignment_of_a_conflicted_reviewer_is_refused_without_override():
    agency = AgencyFactory()
    application = SubmittedApplicationFactory()
    ProfileFactory(user=application.applicant, agency=agency)
    clean, colleague = qualified_reviewer(), qualified_reviewer()
    ProfileFactory(user=colleague, agency=agency)

    with pytest.raises(services.AssignmentRefused) as refused:
        services.assignment_create(
            application=application, reviewers=[clean, colleague], actor=coordinator()
        )

    assert "works at the applicant's agency" in refused.value.messages[0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Assignment.objects.exists()


def test_assignment_override_is_logged_on_the_assignment_and_in_history():
    agency = AgencyFactory(name="Hartford Healthy Start")
    application = SubmittedApplicationFactory()
    ProfileFactory(user=application.applicant, agency=agency)
    clean, colleague = qualified_reviewer(), qualified_reviewer()
    ProfileFactory(user=colleague, agency=agency)

    services.assignment_create(
        application=application,
        reviewers=[clean, colleague],
        actor=coordinator(),
        override_reason="Different site; no other IMHS reviewer free",
    )

    flagged = Assignment.objects.get(reviewer=colleague)
    assert flagged.conflict_flags == [{"kind": "same_agency", "detail": "Hartford Healthy Start"}]
    assert flagged.override_reason == "Different site; no other IMHS reviewer free"
    assert Assignment.objects.get(reviewer=clean).override_reason == ""
    # The override and the reviewers' names are staff-only rows after the change: a code with
    # parameters, and the reason as the coordinator typed it.
    override = ApplicationEvent.objects.get(application=application, code="conflict_override")
    assert override.audience == "staff"
    assert override.params == {"reviewer": colleague.full_name, "flags": ["same_agency"]}
    assert override.note == "Different site; no other IMHS reviewer free"
    names = ApplicationEvent.objects.get(application=application, code="reviewers_assigned")
    assert names.audience == "staff"
    assert names.params["reviewers"] == [clean.full_name, colleague.full_name]


def test_assignment_never_lets_applicants_review_themselves():
    application = SubmittedApplicationFactory()
    from accounts.models import Role
    from accounts.services import role_grant

    role_grant(user=application.applicant, role=Role.REVIEWER)

    with pytest.raises(services.AssignmentRefused) as refused:
        services.assignment_create(
            application=application,
            reviewers=[application.applicant, qualified_reviewer()],
            actor=coordinator(),
            override_reason="trying anyway",
        )

    assert "own application" in refused.value.messages[0]


def test_assignment_needs_the_number_of_reviewers_the_requirement_set_asks():
    application = SubmittedApplicationFactory()

    with pytest.raises(services.AssignmentRefused) as refused:
        services.assignment_create(
            application=application, reviewers=[qualified_reviewer()], actor=coordinator()
        )

    assert refused.value.messages == ["Choose 2 different reviewers for this category."]


def test_bulk_assignment_checks_conflicts_per_application():
    agency = AgencyFactory()
    first, second = qualified_reviewer(), qualified_reviewer()
    ProfileFactory(user=second, agency=agency)
    fine = SubmittedApplicationFactory()
    conflicted = SubmittedApplicationFactory()
    ProfileFactory(user=conflicted.applicant, agency=agency)

    result = services.assignment_bulk_create(
        applications=[fine, conflicted], reviewers=[first, second], actor=coordinator()
    )

    assert result.assigned == [fine]
    assert [a for a, _ in result.refused] == [conflicted]
    conflicted.refresh_from_db()
    assert conflicted.status == ApplicationStatus.SUBMITTED


def test_reviewer_load_counts_open_assignments_only():
    busy, idle = qualified_reviewer(), qualified_reviewer()
    for _ in range(2):
        services.assignment_create(
            application=SubmittedApplicationFactory(),
            reviewers=[busy, qualified_reviewer()],
            actor=coordinator(),
        )
    done = Assignment.objects.filter(reviewer=busy).first()
    Assignment.objects.filter(pk=done.pk).update(
        completed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )

    loads = {u.pk: u.load for u in selectors.reviewers_with_load()}
    listed = selectors.reviewers_by_load()

    assert loads[busy.pk] == 1
    assert loads[idle.pk] == 0
    # The inbox's list says the same, in the same order (lightest first).
    assert [(u.pk, u.load) for u in listed] == [
        (u.pk, u.load) for u in selectors.reviewers_with_load()
    ]
    assert listed[0].load == 0

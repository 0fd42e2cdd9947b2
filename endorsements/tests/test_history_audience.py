"""History rows carry an audience: the applicant's timeline shows what concerns them (status
changes, feedback, sections reopened) and never internal notes, tie-break reasons or reviewers'
names; staff see both."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.tests.factories import coordinator
from core.models import HistoryAudience
from endorsements.models import ApplicationEvent, ApplicationStatus
from endorsements.review import services
from endorsements.review.models import Outcome, Recommendation
from endorsements.review.tests.factories import (
    SubmittedApplicationFactory,
    qualified_reviewer,
    review_submitted,
)
from endorsements.selectors import application_events

S = ApplicationStatus


def deferred_after_a_tie_break():
    """Assigned with a conflict override, reviewed (one endorse, one defer), deferred with a
    tie-break reason, feedback and two sections reopened."""
    application = SubmittedApplicationFactory()
    reviewers = [
        qualified_reviewer(given_name="Wilhelmina", family_name="Quarterstaff"),
        qualified_reviewer(given_name="Bartholomew", family_name="Ironside"),
    ]
    boss = coordinator()
    from endorsements.review.models import ReviewerConflict

    ReviewerConflict.objects.create(
        reviewer=reviewers[0], person=application.applicant, note="old colleague"
    )
    created = services.assignment_create(
        application=application,
        reviewers=reviewers,
        actor=boss,
        override_reason="Only qualified reviewer free this quarter",
    )
    review_submitted(created[0], Recommendation.ENDORSE)
    review_submitted(created[1], Recommendation.DEFER)
    services.application_decide(
        application=application,
        outcome=Outcome.DEFER,
        actor=boss,
        feedback="Add the transcript of your degree.",
        reopened_sections=["education", "documents"],
        tie_break_reason="Second reviewer's concern about the transcript stands",
    )
    return application, boss


INTERNAL = (
    "Wilhelmina",
    "Quarterstaff",
    "Bartholomew",
    "Ironside",
    "Only qualified reviewer free",
    "Second reviewer&#x27;s concern",
    "Tie-break",
    "consensus",
)


@pytest.mark.django_db
def test_applicant_timeline_shows_what_concerns_them_and_nothing_internal(client):
    application, _ = deferred_after_a_tie_break()
    client.force_login(application.applicant)

    page = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    html = page.content.decode()
    timeline = html[html.index('id="timeline-heading"') :]
    assert "Submitted → In review" in timeline
    assert "In review → Deferred: changes requested" in timeline
    assert "Sections reopened for changes: Education, Documents." in timeline
    assert "Add the transcript of your degree." in timeline
    for secret in INTERNAL:
        assert secret not in timeline, secret


@pytest.mark.django_db
def test_staff_see_the_changes_and_the_internal_notes(client):
    application, boss = deferred_after_a_tie_break()
    client.force_login(boss)

    html = client.get(reverse("review:decide", args=[application.pk])).content.decode()

    trail = html[html.index('id="audit-title"') :]
    assert "Wilhelmina Quarterstaff" in trail and "Bartholomew Ironside" in trail
    assert "Only qualified reviewer free this quarter" in trail
    assert "Tie-break: Second reviewer&#x27;s concern about the transcript stands" in trail
    assert "Staff note" in trail


@pytest.mark.django_db
def test_selector_gives_each_audience_its_rows():
    application, _ = deferred_after_a_tie_break()

    mine = list(application_events(application=application))
    everything = list(application_events(application=application, audience=HistoryAudience.STAFF))

    assert {e.audience for e in mine} == {HistoryAudience.APPLICANT}
    assert [(e.from_status, e.to_status) for e in mine] == [
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.DEFERRED),
    ]
    assert len(everything) == 4
    assert mine[1].details == {
        "feedback": "Add the transcript of your degree.",
        "reopened": ["education", "documents"],
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_moves_existing_staff_notes_off_the_applicants_timeline():
    before = [("endorsements", "0005_history_audience")]
    after = [("endorsements", "0006_internal_notes_for_staff")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    Application = old.get_model("endorsements", "Application")
    Event = old.get_model("endorsements", "ApplicationEvent")
    Category = old.get_model("competencies", "EndorsementCategory")
    applicant = User.objects.create(email="a@example.org", given_name="A", family_name="B")
    staff = User.objects.create(email="c@example.org", given_name="C", family_name="D")
    application = Application.objects.create(
        applicant=applicant, category=Category.objects.get(code="IFA"), status="in_review"
    )
    own = Event.objects.create(
        application=application,
        actor=applicant,
        from_status="draft",
        to_status="submitted",
        note="Submitted by the applicant.",
    )
    assigned = Event.objects.create(
        application=application,
        actor=staff,
        from_status="submitted",
        to_status="in_review",
        note="Assigned to Wilhelmina Quarterstaff and Bartholomew Ironside.",
    )

    executor.loader.build_graph()
    executor.migrate(after)

    rows = list(
        ApplicationEvent.objects.filter(application_id=application.pk).order_by("created_at", "pk")
    )
    assert [(r.audience, r.note) for r in rows] == [
        ("applicant", "Submitted by the applicant."),
        ("applicant", ""),
        ("staff", "Assigned to Wilhelmina Quarterstaff and Bartholomew Ironside."),
    ]
    assert rows[2].created_at == rows[1].created_at and rows[2].actor_id == staff.pk

    executor.loader.build_graph()
    executor.migrate(before)  # and back: the note returns to its change
    restored = executor.loader.project_state(before).apps.get_model(
        "endorsements", "ApplicationEvent"
    )
    assert restored.objects.get(pk=assigned.pk).note.startswith("Assigned to Wilhelmina")
    assert restored.objects.filter(application_id=application.pk).count() == 2
    assert restored.objects.get(pk=own.pk).note == "Submitted by the applicant."

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

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
    # One design for issues 14 and 15: the staff row's code writes the sentence, its note is
    # the reason as the coordinator typed it.
    assert "Tie-break reason for" in trail
    assert "Second reviewer&#x27;s concern about the transcript stands" in trail
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
    assert [(e.audience, e.code) for e in everything] == [
        (HistoryAudience.APPLICANT, "review_started"),
        (HistoryAudience.STAFF, "reviewers_assigned"),
        (HistoryAudience.STAFF, "conflict_override"),
        (HistoryAudience.APPLICANT, "decided"),
        (HistoryAudience.STAFF, "tie_break"),
    ]
    # What the applicant is told: codes with parameters, and the feedback as it was typed.
    assert mine[1].params == {"outcome": "defer", "reopened": ["education", "documents"]}
    assert mine[1].note == "Add the transcript of your degree."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_moves_existing_staff_notes_off_the_applicants_timeline():
    before = [("endorsements", "0008_history_audience_valid")]
    after = [("endorsements", "0009_internal_notes_for_staff")]
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
    # A row written by the services with a code (issue 14) already has its audience: what a
    # person typed for the applicant (a return message) stays on their timeline.
    returned = Event.objects.create(
        application=application,
        actor=staff,
        from_status="in_review",
        to_status="deferred",
        code="returned_incomplete",
        note="Add your transcript.",
    )

    executor.loader.build_graph()
    executor.migrate(after)

    rows = list(
        ApplicationEvent.objects.filter(application_id=application.pk).order_by("created_at", "pk")
    )
    by_time = sorted(rows, key=lambda r: (r.created_at, r.pk))
    assert [(r.audience, r.note) for r in by_time] == [
        ("applicant", "Submitted by the applicant."),
        ("applicant", ""),
        ("staff", "Assigned to Wilhelmina Quarterstaff and Bartholomew Ironside."),
        ("applicant", "Add your transcript."),
    ]
    moved = next(r for r in rows if r.audience == "staff")
    assert moved.created_at == by_time[1].created_at and moved.actor_id == staff.pk

    executor.loader.build_graph()
    executor.migrate(before)  # and back: the note returns to its change
    restored = executor.loader.project_state(before).apps.get_model(
        "endorsements", "ApplicationEvent"
    )
    assert restored.objects.get(pk=assigned.pk).note.startswith("Assigned to Wilhelmina")
    assert restored.objects.filter(application_id=application.pk).count() == 3
    assert restored.objects.get(pk=own.pk).note == "Submitted by the applicant."
    assert restored.objects.get(pk=returned.pk).note == "Add your transcript."

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# --- Every history table issue 14 added carries the same audience -----------------------------


def _staff_and_applicant_rows(model, **owner):
    """One row for the holder and one staff-only row (an internal note) on the same object."""
    model.objects.create(**owner, to_status="x", code="renewal_submitted")
    model.objects.create(
        **owner,
        to_status="x",
        code="renewal_submitted",
        note="Internal: reviewer Wilhelmina Quarterstaff thinks it is padded",
        audience=HistoryAudience.STAFF,
    )


@pytest.mark.django_db
def test_renewal_request_and_exam_histories_hide_staff_rows_from_the_applicant():
    from endorsements.credentials import selectors as credential_selectors
    from endorsements.credentials.models import (
        CredentialRequest,
        CredentialRequestEvent,
        RenewalEvent,
        RequestKind,
    )
    from endorsements.credentials.tests.factories import endorsement, submission
    from endorsements.review import selectors as review_selectors
    from endorsements.review.models import ExamSitting, ExamSittingEvent

    credential = endorsement()
    renewal = submission(endorsement=credential)
    request = CredentialRequest.objects.create(endorsement=credential, kind=RequestKind.COMPLETION)
    sitting = ExamSitting.objects.create(
        application=credential.application,
        sat_on="2026-05-01",
        part1_score=85,
        part1_pass_mark=80,
        part1_passed=True,
    )
    _staff_and_applicant_rows(RenewalEvent, renewal=renewal)
    _staff_and_applicant_rows(CredentialRequestEvent, request=request)
    _staff_and_applicant_rows(ExamSittingEvent, sitting=sitting)
    credential.events.create(
        to_status=credential.status,
        from_status=credential.status,
        effective_on=credential.issued_on,
        valid_through=credential.valid_through,
        note="Internal: board letter on file",
        audience=HistoryAudience.STAFF,
    )

    histories = {
        "renewal": lambda **kw: credential_selectors.renewal_history(renewal, **kw),
        "request": lambda **kw: credential_selectors.request_history(request, **kw),
        "exam sitting": lambda **kw: review_selectors.exam_sitting_history(sitting, **kw),
        "credential": lambda **kw: credential_selectors.credential_history(credential, **kw),
    }
    for name, history in histories.items():
        theirs, staff = history(), history(audience=HistoryAudience.STAFF)
        assert {e.audience for e in theirs} == {HistoryAudience.APPLICANT}, name
        assert not any(e.note.startswith("Internal") for e in theirs), name
        assert any(e.audience == HistoryAudience.STAFF for e in staff), name


@pytest.mark.django_db
def test_the_holders_page_never_shows_a_credentials_staff_rows(client):
    from endorsements.credentials.tests.factories import endorsement

    credential = endorsement()
    credential.events.create(
        to_status=credential.status,
        from_status=credential.status,
        effective_on=credential.issued_on,
        valid_through=credential.valid_through,
        note="Internal: board letter on file",
        audience=HistoryAudience.STAFF,
    )
    client.force_login(credential.holder)

    page = client.get(reverse("credentials:my_endorsements")).content.decode()

    assert credential.number in page
    assert "board letter" not in page


@pytest.mark.django_db
def test_every_history_table_checks_its_audience_in_the_database():
    from django.db import IntegrityError, transaction

    from endorsements.credentials.models import CredentialRequestEvent, RenewalEvent
    from endorsements.review.models import ExamSittingEvent

    for model in (ApplicationEvent, RenewalEvent, CredentialRequestEvent, ExamSittingEvent):
        names = {c.name for c in model._meta.constraints}
        assert any(name.endswith("audience_valid") for name in names), model
    application = SubmittedApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationEvent.objects.create(
            application=application, from_status="x", to_status="x", audience="public"
        )


@pytest.mark.django_db
def test_staff_pages_of_renewals_and_requests_show_the_staff_rows(client):
    from endorsements.credentials.models import (
        CredentialRequest,
        CredentialRequestEvent,
        RenewalEvent,
        RequestKind,
    )
    from endorsements.credentials.tests.factories import endorsement, submission

    credential = endorsement()
    renewal = submission(endorsement=credential)
    request = CredentialRequest.objects.create(endorsement=credential, kind=RequestKind.COMPLETION)
    _staff_and_applicant_rows(RenewalEvent, renewal=renewal)
    _staff_and_applicant_rows(CredentialRequestEvent, request=request)
    client.force_login(coordinator())

    for url in (
        reverse("credentials:renewal_detail", args=[renewal.pk]),
        reverse("credentials:request_detail", args=[request.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Internal: reviewer Wilhelmina Quarterstaff" in page, url
        assert "Staff note" in page, url

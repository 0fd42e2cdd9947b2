"""The coordinator's tools: return before review, replace / remove / extend, the warning and
reason for unmet items, held decisions released together, blind exam scorers and who an
exam endorsement is credited to, round 2 prefilled, overdue marks, and the staff page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory, applicant, coordinator, reviewer
from core.models import AuditAction, AuditEvent
from endorsements.models import ApplicationEvent, ApplicationStatus, Endorsement
from endorsements.review import services
from endorsements.review.models import (
    Assignment,
    Decision,
    Outcome,
    Recommendation,
    ReminderKind,
    ReviewerConflict,
    ReviewReminderLog,
)

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    review_submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def in_review(*, reviewers=2, due_days=21):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    assignments = [
        AssignmentFactory(
            application=application,
            reviewer=qualified_reviewer(),
            due_on=timezone.localdate() + dt.timedelta(days=due_days),
        )
        for _ in range(reviewers)
    ]
    return application, assignments


def reviewed(recommendations=(Recommendation.ENDORSE, Recommendation.ENDORSE), **kwargs):
    application, assignments = in_review(reviewers=len(recommendations))
    if kwargs:
        type(application).objects.filter(pk=application.pk).update(**kwargs)
        application.refresh_from_db()
    for assignment, recommendation in zip(assignments, recommendations, strict=True):
        review_submitted(assignment, recommendation)
    return application, assignments


# --- Return before review --------------------------------------------------------------------


def test_return_before_review_sends_it_back_with_the_message(django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory()
    cora = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_return_incomplete(
            application=application, actor=cora, message="The transcript is missing."
        )

    application.refresh_from_db()
    assert application.status == S.DEFERRED
    assert application.feedback == "The transcript is missing."
    event = application.events.get()
    assert (event.code, event.note, event.audience) == (
        "returned_incomplete",
        "The transcript is missing.",
        "applicant",
    )
    assert mail.outbox[-1].to == [application.applicant.email]
    assert "needs more before review" in mail.outbox[-1].subject
    assert "The transcript is missing." in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action=AuditAction.APPLICATION_RETURNED).exists()


def test_return_is_refused_once_reviewers_are_assigned_or_for_ones_own_application():
    application, _ = in_review()
    with pytest.raises(services.AssignmentRefused):
        services.application_return_incomplete(
            application=application, actor=coordinator(), message="Missing"
        )
    cora = coordinator()
    own = SubmittedApplicationFactory(applicant=cora)
    with pytest.raises(services.AssignmentRefused, match="your own"):
        services.application_return_incomplete(application=own, actor=cora, message="x")


def test_return_page_asks_for_the_message(client):
    application = SubmittedApplicationFactory()
    url = reverse("review:return", args=[application.pk])
    client.force_login(reviewer())
    assert client.get(url).status_code == 403
    client.force_login(coordinator())

    response = client.post(url, {"message": ""})
    assert "Tell the applicant what is missing" in response.content.decode()
    response = client.post(url, {"message": "Add the CV."})

    assert response["Location"] == reverse("review:inbox")
    application.refresh_from_db()
    assert application.status == S.DEFERRED


# --- Replace, remove, extend -------------------------------------------------------------------


def test_replace_an_overdue_reviewer_emails_the_new_one(django_capture_on_commit_callbacks):
    application, (late, other) = in_review(due_days=-5)
    fresh = qualified_reviewer()
    cora = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        created = services.assignment_replace(
            assignment=late, reviewer=fresh, actor=cora, reason="No answer for five days"
        )

    assert not Assignment.objects.filter(pk=late.pk).exists()
    assert (created.round, created.reviewer) == (1, fresh)
    assert created.due_on > timezone.localdate()
    event = ApplicationEvent.objects.get(application=application, code="reviewer_replaced")
    assert (event.note, event.audience) == ("No answer for five days", "staff")
    assert event.params["old"] == late.reviewer.full_name
    assert mail.outbox[-1].to == [fresh.email]
    audit = AuditEvent.objects.get(action=AuditAction.ASSIGNMENT_REPLACED)
    assert audit.details["new_reviewer"] == fresh.pk


def test_replacing_with_a_conflicted_or_unqualified_reviewer_needs_an_override():
    application, (first, _) = in_review()
    conflicted = qualified_reviewer()
    ReviewerConflict.objects.create(reviewer=conflicted, person=application.applicant)
    unqualified = UserFactory(roles=["Reviewers"])  # holds no endorsement
    cora = coordinator()

    for candidate in (conflicted, unqualified):
        with pytest.raises(services.AssignmentRefused) as refused:
            services.assignment_replace(
                assignment=first, reviewer=candidate, actor=cora, reason="Swap"
            )
        assert refused.value.flags  # the conflict found, as at assignment
    created = services.assignment_replace(
        assignment=first,
        reviewer=conflicted,
        actor=cora,
        reason="Swap",
        override_reason="Nobody else reads Spanish",
    )
    assert created.override_reason == "Nobody else reads Spanish"
    assert created.conflict_flags[0]["kind"] == "declared"


def test_replace_refuses_the_applicant_someone_on_the_round_and_a_submitted_review():
    application, (first, second) = in_review()
    cora = coordinator()
    with pytest.raises(services.AssignmentRefused, match="own application"):
        services.assignment_replace(
            assignment=first, reviewer=application.applicant, actor=cora, reason="x"
        )
    with pytest.raises(services.AssignmentRefused, match="on this review already"):
        services.assignment_replace(
            assignment=first, reviewer=second.reviewer, actor=cora, reason="x"
        )
    review_submitted(first)
    with pytest.raises(services.AssignmentRefused, match="submitted"):
        services.assignment_replace(
            assignment=first, reviewer=qualified_reviewer(), actor=cora, reason="x"
        )


def test_a_replaced_reviewer_can_no_longer_open_the_review(client):
    _, (first, _) = in_review()
    services.assignment_replace(
        assignment=first, reviewer=qualified_reviewer(), actor=coordinator(), reason="Away"
    )
    client.force_login(first.reviewer)

    assert client.get(reverse("review:review", args=[first.pk])).status_code == 404


def test_remove_leaves_the_round_to_the_other_reviewer_who_can_then_be_followed():
    application, (first, second) = in_review()
    cora = coordinator()

    services.assignment_remove(assignment=first, actor=cora, reason="Withdrew as a volunteer")
    review_submitted(second)
    services.application_decide(application=application, outcome=Outcome.ENDORSE, actor=cora)

    application.refresh_from_db()
    assert application.status == S.ENDORSED
    assert ApplicationEvent.objects.get(code="reviewer_removed").note == "Withdrew as a volunteer"
    with pytest.raises(services.AssignmentRefused):
        services.assignment_remove(assignment=second, actor=cora, reason="x")


def test_remove_is_refused_for_the_only_reviewer_and_needs_a_reason():
    _, (only,) = in_review(reviewers=1)
    with pytest.raises(services.AssignmentRefused, match="replace them instead"):
        services.assignment_remove(assignment=only, actor=coordinator(), reason="Away")
    _, (first, _) = in_review()
    with pytest.raises(services.AssignmentRefused, match="reason"):
        services.assignment_remove(assignment=first, actor=coordinator(), reason=" ")


def test_extend_moves_the_due_date_and_reminds_again(django_capture_on_commit_callbacks):
    _, (first, _) = in_review(due_days=-2)
    ReviewReminderLog.objects.create(assignment=first, kind=ReminderKind.ESCALATION)
    new_date = timezone.localdate() + dt.timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_extend(
            assignment=first, due_on=new_date, actor=coordinator(), reason="Family matter"
        )

    first.refresh_from_db()
    assert first.due_on == new_date
    assert not ReviewReminderLog.objects.filter(assignment=first).exists()
    assert mail.outbox[-1].to == [first.reviewer.email]
    assert "More time" in mail.outbox[-1].subject
    with pytest.raises(services.AssignmentRefused, match="later than the current one"):
        services.assignment_extend(
            assignment=first, due_on=new_date, actor=coordinator(), reason="Again"
        )


def test_replace_page_lists_candidates_with_conflicts_and_is_for_coordinators(client):
    application, (first, _) = in_review(due_days=-1)
    conflicted = qualified_reviewer()
    ReviewerConflict.objects.create(reviewer=conflicted, person=application.applicant)
    url = reverse("review:assignment_replace", args=[first.pk])
    client.force_login(first.reviewer)
    assert client.get(url).status_code == 403
    client.force_login(coordinator())

    page = client.get(url).content.decode()

    assert conflicted.full_name in page and "declared a conflict" in page
    assert first.reviewer.full_name not in page.split("<tbody>")[1].split("</tbody>")[0]


# --- Unmet checklist items need a warning and a reason ----------------------------------------


def with_unmet_item(application):
    snapshot = application.snapshot
    snapshot["checklist"]["items"].append(
        {"key": "training_hours", "label": "In-service training", "met": False}
    )
    type(application).objects.filter(pk=application.pk).update(snapshot=snapshot)
    application.refresh_from_db()
    return application


def test_endorsing_with_an_unmet_item_needs_a_reason_kept_in_the_history():
    application, _ = reviewed()
    with_unmet_item(application)
    cora = coordinator()

    with pytest.raises(services.UnmetItemsNeedReason) as refused:
        services.application_decide(application=application, outcome=Outcome.ENDORSE, actor=cora)
    unmet = {
        "key": "training_hours",
        "label": "In-service training",
        "code": "training_hours",
        "params": {},
    }
    assert refused.value.items == [unmet]

    decision = services.application_decide(
        application=application,
        outcome=Outcome.ENDORSE,
        actor=cora,
        unmet_reason="Hours shown by the certificate sent after submission",
    )

    assert decision.unmet_items == [unmet]
    event = ApplicationEvent.objects.get(application=application, code="decided_with_unmet")
    assert event.params["items"] == [
        {"key": "training_hours", "code": "training_hours", "params": {}}
    ]
    assert event.note == "Hours shown by the certificate sent after submission"
    assert event.audience == "staff"


def test_a_deferral_with_an_unmet_item_needs_no_reason():
    application, _ = reviewed((Recommendation.DEFER, Recommendation.DEFER))
    with_unmet_item(application)

    services.application_decide(
        application=application,
        outcome=Outcome.DEFER,
        actor=coordinator(),
        feedback="Add training",
        reopened_sections=["training"],
    )

    application.refresh_from_db()
    assert application.status == S.DEFERRED


def test_endorsing_as_emerging_needs_no_reason_for_the_items_allowed_in_progress():
    """Reflective-supervisor categories may endorse as emerging while the leadership year and
    the training on providing RSC are finished (the shipped emerging items)."""
    application, _ = reviewed(
        (Recommendation.EMERGING, Recommendation.EMERGING), category_id=category("IFRS").pk
    )
    snapshot = application.snapshot
    snapshot["checklist"]["items"].append(
        {"key": "leadership_years", "label": "Leadership", "met": False}
    )
    type(application).objects.filter(pk=application.pk).update(
        snapshot=snapshot,
        requirement_set=category("IFRS").requirement_sets.order_by("-effective_from").first(),
    )
    application.refresh_from_db()

    assert services.unmet_items(application, outcome=Outcome.ENDORSE)
    services.application_decide(
        application=application, outcome=Outcome.EMERGING, actor=coordinator()
    )

    assert Endorsement.objects.get(application=application).status == "emerging"


def test_the_decision_page_warns_before_and_asks_for_the_reason(client):
    application, _ = reviewed()
    with_unmet_item(application)
    client.force_login(coordinator())
    url = reverse("review:decide", args=[application.pk])

    page = client.get(url).content.decode()
    assert "Warning: checklist items not met at submission" in page
    assert "In-service training" in page

    response = client.post(url, {"outcome": "endorse"})
    assert "Enter your reason to go ahead" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


# --- Held decisions, released together ---------------------------------------------------------


def test_a_held_decision_changes_nothing_until_released(django_capture_on_commit_callbacks):
    application, _ = reviewed()
    cora = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        decision = services.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=cora, hold=True
        )

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert decision.released_at is None
    assert not Endorsement.objects.filter(application=application).exists()
    assert not any("You are endorsed" in m.subject for m in mail.outbox)
    assert ApplicationEvent.objects.get(code="decision_held").audience == "staff"
    with pytest.raises(services.DecisionRefused, match="held"):
        services.application_decide(application=application, outcome=Outcome.DENY, actor=cora)

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_release(decision=decision, actor=coordinator())

    application.refresh_from_db()
    assert application.status == S.ENDORSED
    assert Endorsement.objects.get(application=application).certificate_file
    assert any("You are endorsed" in m.subject for m in mail.outbox)
    assert AuditEvent.objects.filter(action=AuditAction.DECISION_RELEASED).count() == 1


def test_held_decisions_are_released_in_a_batch_and_each_refusal_is_said(
    client, django_capture_on_commit_callbacks
):
    first, _ = reviewed()
    second, _ = reviewed((Recommendation.DEFER, Recommendation.DEFER))
    cora = coordinator()
    a = services.application_decide(
        application=first, outcome=Outcome.ENDORSE, actor=cora, hold=True
    )
    b = services.application_decide(
        application=second,
        outcome=Outcome.DEFER,
        actor=cora,
        feedback="More training",
        reopened_sections=["training"],
        hold=True,
    )
    own, _ = reviewed()
    type(own).objects.filter(pk=own.pk).update(applicant=cora)
    own.refresh_from_db()
    other = coordinator()
    c = services.application_decide(
        application=own, outcome=Outcome.ENDORSE, actor=other, hold=True
    )
    client.force_login(cora)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:held_decisions"),
            {"decisions": [str(a.pk), str(b.pk), str(c.pk)]},
            follow=True,
        )

    page = response.content.decode()
    assert "2 decisions released" in page
    # Issue 15's guard (one wording for every service) refuses the coordinator's own case.
    assert "You cannot decide, approve or score your own case" in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.ENDORSED, S.DEFERRED)
    assert Decision.objects.get(pk=c.pk).released_at is None


def test_held_decisions_page_query_count_is_constant(client, django_assert_num_queries):
    cora = coordinator()
    client.force_login(cora)
    application, _ = reviewed()
    services.application_decide(
        application=application, outcome=Outcome.ENDORSE, actor=cora, hold=True
    )
    # session, user with roles, staff device, held decisions with application, category,
    # applicant and decider
    with django_assert_num_queries(4):
        client.get(reverse("review:held_decisions"))
    for _ in range(3):
        more, _ = reviewed()
        services.application_decide(
            application=more, outcome=Outcome.ENDORSE, actor=cora, hold=True
        )
    with django_assert_num_queries(4):
        response = client.get(reverse("review:held_decisions"))
    assert response.content.decode().count('name="decisions"') == 4


def test_a_held_decision_may_be_cancelled_to_decide_again():
    application, _ = reviewed()
    cora = coordinator()
    decision = services.application_decide(
        application=application, outcome=Outcome.ENDORSE, actor=cora, hold=True
    )

    services.decision_hold_cancel(decision=decision, actor=cora)

    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert ApplicationEvent.objects.filter(code="decision_hold_cancelled").exists()
    services.application_decide(application=application, outcome=Outcome.ENDORSE, actor=cora)


# --- Exams: blind scorers, and who the endorsement is credited to -----------------------------


def exam_pending():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW, category=category("IMHS"))
    assignments = [AssignmentFactory(application=application) for _ in range(2)]
    for assignment in assignments:
        review_submitted(assignment, Recommendation.EXAM)
    services.application_decide(application=application, outcome=Outcome.EXAM, actor=coordinator())
    application.refresh_from_db()
    return application, [a.reviewer for a in assignments]


def test_the_applications_reviewers_and_conflicted_people_are_not_blind_scorers(client):
    application, reviewers = exam_pending()
    for person in reviewers:
        person.groups.add(*UserFactory(roles=["Reviewers"]).groups.all())
    conflicted = reviewer()
    ReviewerConflict.objects.create(reviewer=conflicted, person=application.applicant)
    fine = reviewer()

    excluded = services.scorers_excluded(application, [*reviewers, conflicted, fine])

    assert excluded >= {r.pk for r in reviewers} | {conflicted.pk}
    assert fine.pk not in excluded
    with pytest.raises(services.ExamRefused, match="blind"):
        services.exam_sitting_record(
            application=application,
            sat_on=dt.date(2026, 4, 1),
            part1_score=Decimal(90),
            scorers=[reviewers[0], fine],
            actor=coordinator(),
            part2_answers="Answers",
        )
    client.force_login(coordinator())
    page = client.get(reverse("review:exam_record", args=[application.pk])).content.decode()
    assert fine.full_name in page
    assert conflicted.full_name not in page and reviewers[0].full_name not in page


def test_an_endorsement_after_passing_is_credited_to_the_portal_never_a_scorer():
    application, _ = exam_pending()
    scorers = [reviewer(), reviewer()]
    sitting = services.exam_sitting_record(
        application=application,
        sat_on=dt.date(2026, 4, 1),
        part1_score=Decimal(90),
        scorers=scorers,
        actor=coordinator(),
        part2_answers="Answers",
    )
    for score in sitting.scores.all():
        services.part2_score_record(score=score, passed=True, comment="", actor=score.scorer)

    application.refresh_from_db()
    assert application.status == S.ENDORSED
    event = application.events.get(to_status=S.ENDORSED, audience="applicant")
    assert (event.actor, event.code) == (None, "exam_passed")
    # The candidate code stands for the examinee in blind scoring: a staff row (issue 15).
    sitting_row = application.events.get(code="exam_passed_sitting")
    assert sitting_row.audience == "staff" and sitting_row.actor is None
    assert sitting_row.params["candidate_code"] == sitting.candidate_code
    credential = Endorsement.objects.get(application=application)
    assert credential.events.get().actor is None
    assert [e.code for e in sitting.events.all()] == ["exam_recorded", "exam_passed"]


# --- Round 2 starts from round 1 --------------------------------------------------------------


def test_round_two_starts_from_the_reviewers_round_one_answers(client):
    application, (first,) = in_review(reviewers=1)
    review_submitted(first, Recommendation.DEFER, comments="Needs more RSC hours")
    Assignment.objects.filter(pk=first.pk).update(round=1)
    second_round = AssignmentFactory(application=application, reviewer=first.reviewer, round=2)
    type(application).objects.filter(pk=application.pk).update(
        previous_snapshot=application.snapshot
    )
    client.force_login(first.reviewer)

    response = client.get(reverse("review:review", args=[second_round.pk]))

    form = response.context["form"]
    assert form.initial["comments"] == "Needs more RSC hours"
    assert form.initial["recommendation"] == Recommendation.DEFER
    assert "Your answers from round 1 are filled in" in response.content.decode()


# --- Overdue marks and the staff page ---------------------------------------------------------


def test_overdue_reviews_are_marked_in_the_inbox_and_the_queue(client):
    application, (late, _) = in_review(due_days=-1)
    client.force_login(coordinator())
    inbox = client.get(reverse("review:inbox")).content.decode()
    assert "Overdue" in inbox
    client.force_login(late.reviewer)
    queue = client.get(reverse("review:queue")).content.decode()
    assert "Overdue" in queue


def test_the_staff_page_shows_portfolio_checklists_reviewers_and_history(client):
    application, (first, _) = in_review(due_days=-3)
    client.force_login(coordinator())

    page = client.get(reverse("review:decide", args=[application.pk])).content.decode()

    assert "Checklist at submission and now" in page
    assert "At submission" in page and "Now (" in page
    assert "The portfolio as submitted" in page and "Confidential comment from rater 1" in page
    assert first.reviewer.full_name in page and "Overdue" in page
    assert "Replace" in page and "Extend due date" in page
    assert "History" in page


@pytest.mark.parametrize(
    "who", ["anonymous", "applicant", "other applicant", "assigned reviewer", "reviewer"]
)
def test_staff_tools_are_closed_to_everyone_but_coordinators(client, who):
    application, (first, _) = in_review()
    people = {
        "applicant": application.applicant,
        "other applicant": applicant(),
        "assigned reviewer": first.reviewer,
        "reviewer": reviewer(),
    }
    if who != "anonymous":
        client.force_login(people[who])
    for url in (
        reverse("review:assignment_replace", args=[first.pk]),
        reverse("review:assignment_remove", args=[first.pk]),
        reverse("review:assignment_extend", args=[first.pk]),
        reverse("review:return", args=[application.pk]),
        reverse("review:held_decisions"),
    ):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403), url

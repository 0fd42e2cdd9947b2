"""Reads for review: the coordinator inbox, reviewer queue, and access checks (404, not 403,
for someone else's object)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from core.transitions import HistoryAudience, history_for
from endorsements.models import Application, ApplicationStatus

from .models import Assignment, Decision, ExamSitting, Part2Score, ReviewerConflict

S = ApplicationStatus
INBOX_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.EXAM_PENDING)
INBOX_STATUS_CHOICES = [(s.value, s.label) for s in (*INBOX_STATUSES, S.DEFERRED)]
OPEN_REVIEW_STATUSES = (S.SUBMITTED, S.IN_REVIEW)


def reviewers_with_load() -> QuerySet[User]:
    """Everyone with the reviewer role, each with `.load` (open assignments), lightest first."""
    open_work = (
        Assignment.objects.filter(
            reviewer=OuterRef("pk"), completed_at__isnull=True, application__status=S.IN_REVIEW
        )
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        User.objects.holding(Role.REVIEWER)
        .filter(is_active=True)
        .annotate(load=Coalesce(Subquery(open_work, output_field=IntegerField()), 0))
        .order_by("load", "family_name", "given_name", "pk")
    )


def reviewers_by_load() -> list[User]:
    """The same people and order as `reviewers_with_load`, as a list for display: the loads
    come from one grouped count instead of a count per reviewer (4 ms against 0.5 ms with
    forty reviewers and a thousand applications)."""
    loads = dict(
        Assignment.objects.filter(completed_at__isnull=True, application__status=S.IN_REVIEW)
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    reviewers = list(
        User.objects.holding(Role.REVIEWER)
        .filter(is_active=True)
        .only("pk", "given_name", "family_name")
    )
    for reviewer in reviewers:
        reviewer.load = loads.get(reviewer.pk, 0)
    reviewers.sort(key=lambda r: (r.load, r.family_name, r.given_name, r.pk))
    return reviewers


def inbox_applications(
    *, statuses=INBOX_STATUSES, category_id=None, region_id=None, newest_first: bool = False
) -> QuerySet[Application]:
    """Applications waiting for the coordinator, oldest submission first by default: ids only,
    to count and page through. `inbox_page_load` then reads one page's rows in full.

    In two steps because a row carries its snapshot's checklist: read for every waiting
    application before the sort, that was 45 ms of a 1,000-application inbox.
    """
    qs = Application.objects.filter(status__in=list(statuses))
    if category_id:
        qs = qs.filter(category_id=category_id)
    if region_id:
        qs = qs.filter(applicant__applicant_profile__work_county__region_id=region_id)
    order = ("-submitted_at", "-pk") if newest_first else ("submitted_at", "pk")
    return qs.order_by(*order).only("pk")


def inbox_page_load(page: list[Application]) -> list[Application]:
    """The applications of one inbox page, in the page's order, with what a row shows: the
    category, the applicant's name and region, `checklist` (from the snapshot, without the
    rest of it), `current_round` (None before any assignment), and `inbox_assignments` (every
    round's, with their reviewers, by round). Two queries.

    The assignments are read in one plain query and shared out here rather than by
    prefetch_related, which made a queryset per row (a millisecond a page), and the latest
    round is read from them rather than by a subquery per row."""
    ids = [application.pk for application in page]
    rows = (
        Application.objects.filter(pk__in=ids)
        .select_related("category", "applicant__applicant_profile__work_county__region")
        .only(
            "pk",
            "status",
            "submitted_at",
            "category__code",
            "applicant__given_name",
            "applicant__family_name",
            # Both language columns: the page reads the name in the reader's language.
            "applicant__applicant_profile__work_county__region__name_en",
            "applicant__applicant_profile__work_county__region__name_es",
        )
        .annotate(checklist=F("snapshot__checklist"))
    )
    by_id = {application.pk: application for application in rows}
    for application in by_id.values():
        application.inbox_assignments = []
        application.current_round = None
    assignments = (
        Assignment.objects.filter(application_id__in=list(by_id))
        .select_related("reviewer")
        .only(
            "pk",
            "application_id",
            "round",
            "completed_at",
            "due_on",  # a row flags an overdue review
            "reviewer__given_name",
            "reviewer__family_name",
        )
        .order_by("round", "pk")
    )
    for assignment in assignments:
        application = by_id[assignment.application_id]
        assignment.application = application  # the row's, not read again
        application.inbox_assignments.append(assignment)
        application.current_round = assignment.round  # in round order: the last is the latest
    return [by_id[pk] for pk in ids if pk in by_id]


def application_for_coordinator(*, user: User, pk: int) -> Application:
    """An application a coordinator may act on (anything but drafts); 404 for anyone else."""
    if not user.is_coordinator:
        raise Http404("No such application.")
    application = (
        Application.objects.exclude(status=S.DRAFT)
        .select_related("category", "requirement_set", "applicant__applicant_profile__agency")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application.")
    return application


def current_round(application: Application) -> int:
    """The latest review round (0 before anyone is assigned)."""
    return application.assignments.aggregate(r=Max("round"))["r"] or 0


def round_assignments(application: Application, round_: int) -> list[Assignment]:
    return list(
        Assignment.objects.filter(application=application, round=round_)
        .select_related("reviewer", "review", "assigned_by")
        .order_by("pk")
    )


def reviewer_access_days() -> int:
    """Days a reviewer keeps reading a portfolio after its round was decided (default 30)."""
    return int(getattr(settings, "REVIEWER_ACCESS_DAYS", 30))


def _round_decided_at():
    """When the assignment's round was decided (the reviewers' round: from in review)."""
    return Subquery(
        Decision.objects.filter(
            application=OuterRef("application_id"),
            round=OuterRef("round"),
            from_status=S.IN_REVIEW,
        ).values("created_at")[:1]
    )


def _with_access(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate `has_access`: the round is not decided yet, or was decided less than
    `reviewer_access_days()` ago; never for a withdrawn application."""
    cutoff = timezone.now() - timedelta(days=reviewer_access_days())
    return assignments.annotate(round_decided_at=_round_decided_at()).annotate(
        has_access=ExpressionWrapper(
            ~Q(application__status=S.WITHDRAWN)
            & (Q(round_decided_at__isnull=True) | Q(round_decided_at__gte=cutoff)),
            output_field=BooleanField(),
        )
    )


def assignments_with_access(*, user: User) -> QuerySet[Assignment]:
    """The assignments whose portfolio `user` may read now: they hold the reviewer role now
    (a revoked reviewer reads nothing, at once), and the round is open or was decided less
    than REVIEWER_ACCESS_DAYS ago."""
    if not user.is_authenticated or not user.is_reviewer:
        return Assignment.objects.none()
    return (
        _with_access(Assignment.objects.filter(reviewer=user))
        .exclude(application__status=S.DRAFT)
        .filter(has_access=True)
    )


def assignment_for_reviewer(*, user: User, pk: int) -> Assignment:
    """The reviewer's own assignment with its application and review, while they may read it
    (`assignments_with_access`); 404 for anyone else, and once access has ended."""
    assignment = (
        assignments_with_access(user=user)
        .filter(pk=pk)
        .select_related("application__category", "application__requirement_set", "review")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


def reviewer_can_see_application(*, user: User, application: Application) -> bool:
    """Whether `user` may read `application`'s portfolio and files as one of its reviewers."""
    return assignments_with_access(user=user).filter(application=application).exists()


def reviewer_queue(*, user: User) -> QuerySet[Assignment]:
    """The reviewer's assignments, open ones first then by due date, each with `has_access`
    (whether its portfolio may still be opened). One query."""
    return (
        _with_access(Assignment.objects.filter(reviewer=user))
        .exclude(application__status=S.DRAFT)
        .select_related("application__category", "review")
        .defer("application__snapshot", "application__previous_snapshot", "application__feedback")
        .order_by(F("completed_at").desc(nulls_first=True), "due_on", "pk")
    )


def exam_scores_for_scorer(*, user: User) -> QuerySet[Part2Score]:
    """Part 2 papers the person scores, unscored first. Carries no examinee identity."""
    return (
        Part2Score.objects.filter(scorer=user)
        .select_related("sitting")
        .only("pk", "passed", "scored_at", "sitting__candidate_code", "sitting__sat_on")
        .order_by(F("scored_at").desc(nulls_first=True), "pk")
    )


def part2_score_for_scorer(*, user: User, pk: int) -> Part2Score:
    """A part 2 paper given to `user`, while they hold the reviewer role and the paper is
    unscored or was scored less than REVIEWER_ACCESS_DAYS ago; 404 otherwise."""
    if not user.is_authenticated or not user.is_reviewer:
        raise Http404("No such paper.")
    cutoff = timezone.now() - timedelta(days=reviewer_access_days())
    score = (
        Part2Score.objects.filter(pk=pk, scorer=user)
        .filter(Q(scored_at__isnull=True) | Q(scored_at__gte=cutoff))
        .select_related("sitting", "sitting__part2_file")
        .first()
    )
    if score is None:
        raise Http404("No such paper.")
    return score


def conflicts_for_reviewer(*, user: User) -> QuerySet[ReviewerConflict]:
    return ReviewerConflict.objects.filter(reviewer=user).select_related("agency", "person")


def conflict_get_for_reviewer(*, user: User, pk: int) -> ReviewerConflict:
    conflict = ReviewerConflict.objects.filter(pk=pk, reviewer=user).first()
    if conflict is None:
        raise Http404("No such conflict.")
    return conflict


def decisions_for(application: Application) -> list[Decision]:
    return list(Decision.objects.filter(application=application).select_related("decided_by"))


def exam_sitting_history(sitting: ExamSitting, *, audience: str = HistoryAudience.APPLICANT):
    """A sitting's history for `audience` (no staff rows unless staff: its rows are staff
    rows, as the candidate code stands for the examinee in blind scoring)."""
    events = sitting.events.select_related("actor").order_by("created_at", "pk")
    return list(history_for(events, audience=audience))


def exam_sittings_for(application: Application) -> list[ExamSitting]:
    return list(
        ExamSitting.objects.filter(application=application).prefetch_related("scores__scorer")
    )


def age_in_days(application: Application, today: date) -> int | None:
    if application.submitted_at is None:
        return None
    return (today - application.submitted_at.date()).days


# --- The staff application page ------------------------------------------------------------------


def assignment_overdue(assignment: Assignment, application: Application, today: date) -> bool:
    """An open review of an application in review, past its due date."""
    return (
        assignment.completed_at is None
        and application.status == S.IN_REVIEW
        and assignment.due_on < today
    )


def application_history(application: Application):
    """Every history row of the application (staff see all of them), oldest first."""
    events = application.events.select_related("actor").order_by("created_at", "pk")
    return list(history_for(events, audience=HistoryAudience.STAFF))


def live_checklist(application: Application):
    """The checklist as it is now (the person's evidence today against the rules in force),
    for the staff page beside the one frozen at submission."""
    from endorsements.selectors import application_evaluation

    return application_evaluation(application=application)


def credential_of(application: Application):
    """The credential issued for the application, if any."""
    from endorsements.models import Endorsement

    return Endorsement.objects.filter(application=application).first()


def assignment_for_coordinator(*, user: User, pk: int) -> Assignment:
    """An assignment a coordinator may change; 404 for anyone else."""
    if not user.is_coordinator:
        raise Http404("No such assignment.")
    assignment = (
        Assignment.objects.filter(pk=pk)
        .select_related(
            "reviewer",
            "application__category",
            "application__requirement_set",
            "application__applicant__applicant_profile__agency",
        )
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


def held_decisions() -> list[Decision]:
    """Decisions recorded and not yet released, oldest first, with the application's
    category and applicant and who decided (one query)."""
    return list(
        Decision.objects.filter(released_at__isnull=True)
        .select_related("application__category", "application__applicant", "decided_by")
        .order_by("created_at", "pk")
    )


def held_decision_for_coordinator(*, user: User, pk: int) -> Decision:
    if not user.is_coordinator:
        raise Http404("No such decision.")
    decision = Decision.objects.filter(pk=pk, released_at__isnull=True).first()
    if decision is None:
        raise Http404("No such decision.")
    return decision


def previous_review(assignment: Assignment):
    """The same reviewer's submitted review of the round before, if any."""
    from .models import Review

    return (
        Review.objects.filter(
            assignment__application_id=assignment.application_id,
            assignment__reviewer_id=assignment.reviewer_id,
            assignment__round=assignment.round - 1,
            submitted_at__isnull=False,
        )
        .order_by("-pk")
        .first()
    )

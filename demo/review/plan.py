"""Who applies for what, who reviews it and what they conclude: the plan of the demo
review workload, before any row is written."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from competencies.models import EndorsementCategory, RequirementSet
from endorsements.models import (
    Application,
    ApplicationStatus,
)
from endorsements.review.models import Recommendation

S = ApplicationStatus

BATCH = 500
PEOPLE_PER_REVIEWER = 2500
PEOPLE_PER_APPLICATION = 100
MIN_REVIEWERS = 3
MIN_APPLICATIONS = 5
# Share of the applications in each inbox status (in review: the rest).
SUBMITTED_SHARE = 0.40
EXAM_PENDING_SHARE = 0.15
WINDOW_DAYS = 120
# How often each category is applied for: mostly the first levels, the infant track first.
APPLICATION_WEIGHTS = {
    "IFA": 30, "IFS": 26, "IFRS": 10, "IMHS": 12, "IMHM-C": 4, "IMHM-P": 2, "IMHM-R": 1,
    "ECFA": 8, "ECFS": 7, "ECFRS": 2, "ECMHS": 4, "ECMHM-C": 1, "ECMHM-P": 1, "ECMHM-R": 1,
}  # fmt: skip
# What becomes of an in-review assignment so far (the rest are untouched).
SUBMITTED_REVIEW_SHARE = 0.40
DRAFT_REVIEW_SHARE = 0.15
DEFER_SHARE = 0.12
EMERGING_SHARE = 0.2
# The richest portfolios tried as the model for each requirement set (see `templates_build`).
TEMPLATE_TRIES = 4
REVIEW_COMMENTS = (
    "A well organised portfolio; the training log shows steady reflective growth.",
    "Clear evidence of relationship-based work with families.",
    "The references speak warmly of the applicant's practice.",
    "Meets the requirements; the work history is well documented.",
)
DEFER_FEEDBACK = {
    "training": "Add training that covers the competency areas not yet shown.",
    "rsc": "Ask your RSC provider to confirm the sessions still unconfirmed.",
    "work": "Describe your specialized work in more detail: hours and ages served.",
}


@dataclass
class PlannedReview:
    """What one reviewer of a planned application has done so far."""

    reviewer_id: int
    state: str  # "none", "draft" or "submitted"
    completed_at: datetime | None = None
    recommendation: str = ""


@dataclass
class Plan:
    """One application to create, with its timeline."""

    applicant_id: int
    category: EndorsementCategory
    requirement_set: RequirementSet
    status: str
    started_at: datetime
    submitted_at: datetime
    assigned_at: datetime | None = None
    decided_at: datetime | None = None
    reviews: list[PlannedReview] = field(default_factory=list)

    @property
    def last_at(self) -> datetime:
        times = [self.submitted_at, self.assigned_at, self.decided_at]
        times += [r.completed_at for r in self.reviews]
        return max(t for t in times if t is not None)


def requirement_sets_by_category(*, start: date, end: date) -> dict[int, list[RequirementSet]]:
    """Requirement sets of the active categories in effect at some time from `start` to `end`,
    newest first per category id, with the categories whose holders may review them."""
    found: dict[int, list[RequirementSet]] = defaultdict(list)
    rows = (
        RequirementSet.objects.filter(category__active=True, effective_from__lte=end)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        .select_related("category")
        .prefetch_related("reviewer_categories")
        .order_by("-effective_from")
    )
    for requirement_set in rows:
        requirement_set.reviewer_codes = frozenset(
            c.code for c in requirement_set.reviewer_categories.all()
        )
        found[requirement_set.category_id].append(requirement_set)
    return found


def _set_on(sets: list[RequirementSet], day: date) -> RequirementSet | None:
    """The set in effect on `day`, by the rule of `requirement_set_in_effect` (the newest
    one that has started and not ended), without a query per day."""
    for requirement_set in sets:
        ended = requirement_set.effective_to is not None and requirement_set.effective_to < day
        if requirement_set.effective_from <= day and not ended:
            return requirement_set
    return None


def reviewers_choose(
    *, held: dict[int, set[str]], sets: dict[int, list[RequirementSet]], wanted: int, rng
) -> list[int]:
    """`wanted` endorsed people to make reviewers: first enough for each requirement set in
    effect today (the scarcest qualification first), then others qualified for something,
    then any holder."""
    today = timezone.localdate()
    holders = sorted(held)
    rng.shuffle(holders)
    current = [s for group in sets.values() if (s := _set_on(group, today)) is not None]
    qualified = {s.pk: [h for h in holders if held[h] & s.reviewer_codes] for s in current}
    chosen: list[int] = []
    for requirement_set in sorted(current, key=lambda s: len(qualified[s.pk])):
        have = sum(1 for h in chosen if held[h] & requirement_set.reviewer_codes)
        for holder in qualified[requirement_set.pk]:
            if have >= requirement_set.reviewers_required or len(chosen) >= wanted:
                break
            if holder not in chosen:
                chosen.append(holder)
                have += 1
    codes = frozenset().union(*(s.reviewer_codes for s in current))
    for holder in sorted(holders, key=lambda h: not (held[h] & codes)):  # stable sort
        if len(chosen) >= wanted:
            break
        if holder not in chosen:
            chosen.append(holder)
    return chosen


def reviewers_grant(reviewer_ids: list[int]) -> None:
    """The Reviewer role for `reviewer_ids`, as `role_grant` gives it, in one insert."""
    group, _ = Group.objects.get_or_create(name=Role.REVIEWER)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=pk, group_id=group.pk) for pk in reviewer_ids], ignore_conflicts=True
    )


class Planner:
    """Decides each application's status, category, reviewers and timeline."""

    def __init__(self, *, now, rng, held, agencies, sets, reviewer_ids):
        self.now, self.rng, self.held, self.agencies, self.sets = now, rng, held, agencies, sets
        self.reviewer_ids = reviewer_ids
        # Assignments given to each reviewer so far: the lightest loaded are chosen, as the
        # assignment page suggests.
        self.load: Counter[int] = Counter()
        self.categories = {
            c.code: c for c in EndorsementCategory.objects.filter(active=True, pk__in=list(sets))
        }

    def plans(self, applicants: list[int]) -> list[Plan]:
        count = len(applicants)
        submitted = round(count * SUBMITTED_SHARE)
        exam = round(count * EXAM_PENDING_SHARE)
        statuses = [S.SUBMITTED] * submitted + [S.EXAM_PENDING] * exam
        statuses += [S.IN_REVIEW] * (count - len(statuses))
        self.rng.shuffle(statuses)
        # Someone who has an open application for a category cannot open a second one.
        taken = set(
            Application.objects.filter(applicant_id__in=applicants)
            .exclude(status__in=[S.WITHDRAWN, S.DENIED])
            .values_list("applicant_id", "category_id")
        )
        plans = []
        for applicant_id, status in zip(applicants, statuses, strict=True):
            plan = self.plan(applicant_id, status, taken)
            if plan is not None:
                taken.add((applicant_id, plan.category.pk))
                plans.append(plan)
        return plans

    def plan(self, applicant_id: int, status: str, taken: set) -> Plan | None:
        rng = self.rng
        submitted_at = self.now - timedelta(seconds=rng.uniform(0, WINDOW_DAYS * 86400))
        day = timezone.localdate(submitted_at)
        # Without an exam category or enough qualified reviewers, fall back a step.
        fallbacks = {S.EXAM_PENDING: S.IN_REVIEW, S.IN_REVIEW: S.SUBMITTED, S.SUBMITTED: None}
        choice = None
        while status is not None and choice is None:
            choice = self._category_choose(applicant_id, status, day, taken)
            if choice is None:
                status = fallbacks[status]
        if choice is None:
            return None
        category, requirement_set = choice
        plan = Plan(
            applicant_id=applicant_id,
            category=category,
            requirement_set=requirement_set,
            status=status,
            started_at=submitted_at - timedelta(days=rng.uniform(3, 90)),
            submitted_at=submitted_at,
        )
        if status != S.SUBMITTED:
            self._review(plan)
        return plan

    def _qualified(self, requirement_set: RequirementSet, applicant_id: int) -> list[int]:
        """Reviewers who may review the set's category and do not work at the applicant's
        agency (the conflict a coordinator would have to override)."""
        agency = self.agencies.get(applicant_id)
        return [
            r
            for r in self.reviewer_ids
            if self.held[r] & requirement_set.reviewer_codes
            and not (agency and self.agencies.get(r) == agency)
        ]

    def _category_choose(self, applicant_id: int, status: str, day: date, taken: set):
        """A category by APPLICATION_WEIGHTS, with its set in effect on `day`, that the person
        neither holds nor has open, and that can be in `status`; None when none can."""
        options, weights = [], []
        for code, weight in APPLICATION_WEIGHTS.items():
            category = self.categories.get(code)
            if category is None or code in self.held[applicant_id]:
                continue
            if (applicant_id, category.pk) in taken:
                continue
            requirement_set = _set_on(self.sets[category.pk], day)
            if requirement_set is None:
                continue
            if status == S.EXAM_PENDING and not requirement_set.exam_required:
                continue
            needed = requirement_set.reviewers_required
            if (
                status != S.SUBMITTED
                and len(self._qualified(requirement_set, applicant_id)) < needed
            ):
                continue
            options.append((category, requirement_set))
            weights.append(weight)
        return self.rng.choices(options, weights=weights)[0] if options else None

    def _review(self, plan: Plan) -> None:
        """Reviewers (the lightest loaded of those without a conflict) and how far they got."""
        rng, now = self.rng, self.now
        requirement_set = plan.requirement_set
        pool = self._qualified(requirement_set, plan.applicant_id)
        pool.sort(key=lambda r: (self.load[r], rng.random()))
        reviewers = pool[: requirement_set.reviewers_required]
        self.load.update(reviewers)
        # The coordinator assigns within the first third of the time since submission;
        # reviews come in later, the decision after the last of them.
        plan.assigned_at = plan.submitted_at + (now - plan.submitted_at) * rng.uniform(0.05, 0.35)
        exam = plan.status == S.EXAM_PENDING
        main = Recommendation.EXAM if requirement_set.exam_required else Recommendation.ENDORSE
        for reviewer_id in reviewers:
            roll = rng.random()
            review = PlannedReview(reviewer_id, "none")
            if exam or roll < SUBMITTED_REVIEW_SHARE:
                review.state = "submitted"
                review.completed_at = plan.assigned_at + (now - plan.assigned_at) * rng.uniform(
                    0.2, 0.8 if exam else 0.95
                )
                review.recommendation = main
                if not exam and rng.random() < DEFER_SHARE:
                    review.recommendation = Recommendation.DEFER
                elif not exam and plan.category.allows_emerging and rng.random() < EMERGING_SHARE:
                    review.recommendation = Recommendation.EMERGING
            elif roll < SUBMITTED_REVIEW_SHARE + DRAFT_REVIEW_SHARE:
                review.state = "draft"
            plan.reviews.append(review)
        if exam:
            last = max(r.completed_at for r in plan.reviews)
            plan.decided_at = last + (now - last) * rng.uniform(0.1, 0.9)

"""Demo data for the review workflow: something in the coordinator's inbox, and for
`seed_demo --applicants N` a review workload in proportion to the generated people."""

import json
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from accounts.services import role_grant
from applicants.demo import demo_applicant_portfolio
from applicants.models import ApplicantProfile, Training
from competencies.models import EndorsementCategory, RequirementSet
from competencies.selectors import requirement_set_in_effect
from endorsements.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Endorsement,
    EthicsAttestation,
    RatingItem,
    ReferenceRelationship,
    ReferenceRequest,
    ethics_document_version,
)
from endorsements.models.credentials import CURRENT_STATUSES
from endorsements.selectors import application_evaluation
from endorsements.services.snapshot import application_snapshot_build
from endorsements.services.transitions import application_transition
from reflective_supervision.models import SupervisionSession

from .models import Assignment, Decision, Outcome, Recommendation, Review, ReviewerConflict
from .services.assignment import review_due_on
from .snapshot import SECTIONS

S = ApplicationStatus
SECOND_APPLICANT = ("applicant2@example.org", "Bea", "Second")


def demo_review_inbox(*, conflicted_reviewer: str = "reviewer2@example.org") -> Application | None:
    """A submitted IFA application from a second demo applicant, and a conflict that the
    second demo reviewer declared with her, so the coordinator sees a flag when assigning.
    Idempotent: returns None when the application exists already."""
    email, given, family = SECOND_APPLICANT
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            given_name=given,
            family_name=family,
            email_verified_at=timezone.now(),
        )
    role_grant(user=user, role=Role.APPLICANT)
    demo_applicant_portfolio(user=user)
    reviewer = User.objects.filter(email=conflicted_reviewer).first()
    if (
        reviewer is not None
        and not ReviewerConflict.objects.filter(reviewer=reviewer, person=user).exists()
    ):
        ReviewerConflict.objects.create(
            reviewer=reviewer, person=user, note="She was my supervisee until 2024."
        )
    category = EndorsementCategory.objects.filter(code="IFA").first()
    if category is None or Application.objects.filter(applicant=user, category=category).exists():
        return None
    application = Application.objects.create(applicant=user, category=category)
    # The demo portfolio is nearly complete: submitted here without the applicant's checklist
    # gate so that the inbox has something to assign.
    return application_transition(
        application=application,
        to=ApplicationStatus.SUBMITTED,
        actor=user,
        note="Submitted (demo data).",
        fields={
            "snapshot": application_snapshot_build(application),
            "requirement_set": requirement_set_in_effect(
                category=category, on=timezone.localdate()
            ),
        },
    )


# --- The bulk review workload -------------------------------------------------------------------

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
# The richest portfolios tried as the model for each requirement set (see `_templates_build`).
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
class _Review:
    """What one reviewer of a planned application has done so far."""

    reviewer_id: int
    state: str  # "none", "draft" or "submitted"
    completed_at: datetime | None = None
    recommendation: str = ""


@dataclass
class _Plan:
    """One application to create, with its timeline."""

    applicant_id: int
    category: EndorsementCategory
    requirement_set: RequirementSet
    status: str
    started_at: datetime
    submitted_at: datetime
    assigned_at: datetime | None = None
    decided_at: datetime | None = None
    reviews: list[_Review] = field(default_factory=list)

    @property
    def last_at(self) -> datetime:
        times = [self.submitted_at, self.assigned_at, self.decided_at]
        times += [r.completed_at for r in self.reviews]
        return max(t for t in times if t is not None)


def bulk_review_workload(*, user_ids: list[int], rng: random.Random, progress: bool) -> int:
    """A coordinator's workload in proportion to `user_ids` (newly generated applicants);
    returns the number of applications created.

    Side effects, in order: the Reviewer role for about one person in 2,500 of those holding a
    current endorsement (chosen so that every category has the reviewers it needs); one
    application each for about one person in 100 of the others, over the last 120 days: 40%
    submitted, 45% in review (the required reviewers assigned in round 1, some reviews drafted
    or handed in), 15% approved to sit the exam (reviews in, a decision). Each application
    gets a snapshot of the real shape, its Assignment, Review and Decision rows, and the
    history rows `application_transition` would have written, dated as they happened. Only
    `user_ids` are touched, so a second run of `seed_demo` adds to the workload.
    """
    if not user_ids:
        return 0
    now = timezone.now()
    ids = list(user_ids)
    wanted_reviewers = max(MIN_REVIEWERS, len(ids) // PEOPLE_PER_REVIEWER)
    wanted_applications = max(MIN_APPLICATIONS, len(ids) // PEOPLE_PER_APPLICATION)
    # Choosing from a random sample ten times the size needed keeps the look-ups small at
    # 100,000 people and still leaves plenty of choice.
    sample = rng.sample(ids, min(len(ids), 10 * (wanted_reviewers + wanted_applications)))
    held: dict[int, set[str]] = defaultdict(set)
    for holder_id, code in Endorsement.objects.filter(
        holder_id__in=sample, status__in=CURRENT_STATUSES
    ).values_list("holder_id", "category__code"):
        held[holder_id].add(code)
    agencies = dict(
        ApplicantProfile.objects.filter(user_id__in=sample).values_list("user_id", "agency_id")
    )
    sets = _requirement_sets(start=now - timedelta(days=WINDOW_DAYS), end=timezone.localdate())
    reviewer_ids = _reviewers_choose(held=held, sets=sets, wanted=wanted_reviewers, rng=rng)
    _reviewers_grant(reviewer_ids)

    chosen = set(reviewer_ids)
    # People with a profile apply first: nobody can sign an application without one.
    applicants = [u for u in sample if u not in chosen and u in agencies]
    applicants += [u for u in sample if u not in chosen and u not in agencies]
    applicants = applicants[:wanted_applications]
    planner = _Planner(
        now=now,
        rng=rng,
        held=held,
        agencies=agencies,
        sets=sets,
        reviewer_ids=reviewer_ids,
    )
    plans = planner.plans(applicants)
    # Model portfolios come from the whole sample: the richest of many, not of a few.
    candidates = _richest(sample, with_profile=set(agencies))
    if not plans or not candidates:
        return 0
    templates = _templates_build(plans, candidates=candidates, rng=rng)
    profiles = {
        p.user_id: p
        for p in ApplicantProfile.objects.filter(user_id__in=applicants)
        .select_related("work_county__region", "agency")
        .prefetch_related("languages")
    }
    people = User.objects.in_bulk([*applicants, *reviewer_ids])
    coordinator = (
        User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).order_by("pk").first()
    )
    bar = tqdm(total=len(plans), desc="review workload", disable=not progress, unit="application")
    for offset in range(0, len(plans), BATCH):
        batch = plans[offset : offset + BATCH]
        with transaction.atomic():
            _applications_create(
                batch,
                templates=templates,
                profiles=profiles,
                people=people,
                coordinator=coordinator,
                rng=rng,
            )
        bar.update(len(batch))
    bar.close()
    return len(plans)


def _requirement_sets(*, start: date, end: date) -> dict[int, list[RequirementSet]]:
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


def _reviewers_choose(
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


def _reviewers_grant(reviewer_ids: list[int]) -> None:
    """The Reviewer role for `reviewer_ids`, as `role_grant` gives it, in one insert."""
    group, _ = Group.objects.get_or_create(name=Role.REVIEWER)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=pk, group_id=group.pk) for pk in reviewer_ids], ignore_conflicts=True
    )


class _Planner:
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

    def plans(self, applicants: list[int]) -> list[_Plan]:
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

    def plan(self, applicant_id: int, status: str, taken: set) -> _Plan | None:
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
        plan = _Plan(
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

    def _review(self, plan: _Plan) -> None:
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
            review = _Review(reviewer_id, "none")
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


def _templates_build(plans: list[_Plan], *, candidates: list[int], rng) -> dict[int, list[str]]:
    """Per requirement set, the snapshot (as JSON text) of a model portfolio.

    The real builder costs about 25 ms an application, too slow for thousands, so it runs for
    the few richest portfolios (`candidates`) and every application copies the best of them
    for its requirement set (see `_snapshot`). Each is built as if the person had three
    completed references and had signed the Code, inside a savepoint rolled back afterwards:
    only the document is kept. The generated portfolios are full for IFA and ECFA only, so the
    other categories' checklists show what those portfolios lack.
    """
    fake = Faker("en_US")
    fake.seed_instance(rng.randrange(2**32))
    items = list(RatingItem.objects.filter(active=True).order_by("order", "pk"))
    people = User.objects.in_bulk(candidates)
    sets = {p.requirement_set.pk: p for p in plans}  # one plan of each set, for its category
    templates: dict[int, list[str]] = {}
    for pk, plan in sets.items():
        best: list[dict] = []
        best_met = -1
        for person in candidates:
            snapshot = _template_build(plan, user=people[person], items=items, fake=fake, rng=rng)
            met = sum(1 for item in snapshot["checklist"]["items"] if item["met"])
            if met > best_met:
                best, best_met = [snapshot], met
            elif met == best_met:
                best.append(snapshot)
            if snapshot["checklist"]["complete"]:
                break
        templates[pk] = [json.dumps(s) for s in best]
    return templates


def _richest(user_ids: list[int], *, with_profile: set[int]) -> list[int]:
    """The TEMPLATE_TRIES people with the most evidence (training hours and RSC sessions),
    those with a profile first: the likeliest to meet a category's requirements. People who
    have applied already are left out: their model application could meet their real one."""
    applied = set(
        Application.objects.filter(applicant_id__in=user_ids).values_list("applicant_id", flat=True)
    )
    amount: Counter[int] = Counter()
    trainings = (
        Training.objects.filter(user_id__in=user_ids).values("user_id").annotate(n=Sum("hours"))
    )
    for row in trainings:
        amount[row["user_id"]] += int(row["n"])
    sessions = (
        SupervisionSession.objects.filter(supervisee_id__in=user_ids)
        .values("supervisee_id")
        .annotate(n=Count("pk"))
    )
    for row in sessions:
        amount[row["supervisee_id"]] += row["n"]
    people = [u for u in user_ids if u not in applied]
    ranked = sorted(people, key=lambda u: (u not in with_profile, -amount[u], u))
    return ranked[:TEMPLATE_TRIES]


def _template_build(plan: _Plan, *, user: User, items, fake, rng) -> dict:
    requirement_set = plan.requirement_set
    on = min(timezone.localdate(), requirement_set.effective_to or date.max)
    now = timezone.now()
    raters = [
        (ReferenceRelationship.CURRENT_SUPERVISOR, True),
        (ReferenceRelationship.COLLEAGUE, False),
        (ReferenceRelationship.RSC_PROVIDER, rng.random() < 0.5),
    ]
    with transaction.atomic():
        application = Application.objects.create(applicant=user, category=plan.category)
        references = []
        for i, (relationship, endorsed) in enumerate(raters):
            given, family = fake.first_name(), fake.last_name()
            answers = [
                {
                    "item": item.pk,
                    "domain": item.domain,
                    "text": item.text,
                    "rating": None if rng.random() < 0.05 else rng.choice((3, 4, 4, 5, 5)),
                }
                for item in items
            ]
            references.append(
                ReferenceRequest(
                    application=application,
                    rater_name=f"{given} {family}",
                    rater_email=f"{given}.{family}.{i}@example.org".lower(),
                    relationship=relationship,
                    rater_endorsed=endorsed,
                    rater_endorsement_number=f"DEMO-{1000 + i}" if endorsed else "",
                    nonce=secrets.token_urlsafe(24),
                    sent_at=now,
                    opened_at=now,
                    completed_at=now,
                    applicant_waived_access=rng.random() < 0.5,
                    answers=answers,
                    comments=rng.choice(REVIEW_COMMENTS),
                    not_enough_info_count=sum(1 for a in answers if a["rating"] is None),
                )
            )
        ReferenceRequest.objects.bulk_create(references)
        EthicsAttestation.objects.create(
            user=user,
            application=application,
            version=ethics_document_version(),
            typed_name=user.full_name,
            attested_at=now,
        )
        evaluation = application_evaluation(application=application, on=on)
        snapshot = application_snapshot_build(application, evaluation=evaluation)
        transaction.set_rollback(True)
    return snapshot


def _profile(profile: ApplicantProfile | None) -> dict | None:
    """The snapshot's "profile" section for one person (the shape of
    `endorsements.services.snapshot`), from a profile with its joins loaded."""
    if profile is None:
        return None
    county, agency = profile.work_county, profile.agency
    expires = profile.membership_expires_on
    return {
        "legal_given_name": profile.legal_given_name,
        "legal_family_name": profile.legal_family_name,
        "display_name": profile.display_name,
        "preferred_name": profile.preferred_name,
        "credentials": profile.credentials,
        "phone": profile.phone,
        "job_title": profile.job_title,
        "agency": {
            "name": agency.name,
            "program_type": agency.program_type,
            "program_type_label": agency.get_program_type_display(),
        }
        if agency
        else None,
        "work_county": county.name if county else "",
        "region": county.region.name if county else "",
        "languages": [language.name for language in profile.languages.all()],
        "membership_number": profile.membership_number,
        "membership_expires_on": expires.isoformat() if expires else None,
    }


def _snapshot(template: str, plan: _Plan, *, user: User, profile, rng) -> dict:
    """A copy of a model portfolio's snapshot made out to this applicant on the day of
    submission: who they are and their profile are their own, the evidence is borrowed."""
    snapshot = json.loads(template)
    requirement_set = plan.requirement_set
    snapshot["built_at"] = plan.submitted_at.isoformat()
    snapshot["evaluated_on"] = timezone.localdate(plan.submitted_at).isoformat()
    snapshot["requirement_set"] = {"id": requirement_set.pk, "label": str(requirement_set)}
    snapshot["applicant"] = {"id": user.pk, "email": user.email, "full_name": user.full_name}
    snapshot["profile"] = _profile(profile)
    for reference in snapshot.get("references") or []:
        answered = plan.submitted_at - timedelta(days=rng.uniform(1, 40))
        reference["completed_at"] = answered.isoformat()
    if snapshot.get("attestation"):
        signed = plan.submitted_at - timedelta(minutes=rng.uniform(2, 600))
        snapshot["attestation"].update(typed_name=user.full_name, attested_at=signed.isoformat())
    return snapshot


def _dated(model, rows: list[tuple]) -> None:
    """bulk_create `rows` ((object, {timestamp field: value}) pairs), then write the dates.

    auto_now and auto_now_add stamp every row with this moment on insert, and demo history
    must look as old as it is; bulk_update leaves the stamps as given.
    """
    if not rows:
        return
    objects = [obj for obj, _ in rows]
    model.objects.bulk_create(objects, batch_size=BATCH)
    for obj, stamps in rows:
        for name, value in stamps.items():
            setattr(obj, name, value)
    model.objects.bulk_update(objects, list(rows[0][1]), batch_size=BATCH)


def _applications_create(batch, *, templates, profiles, people, coordinator, rng) -> None:
    """Insert one batch of planned applications with everything that hangs off them."""
    coordinator_id = coordinator.pk if coordinator else None
    applications = []
    for plan in batch:
        template = rng.choice(templates[plan.requirement_set.pk])
        snapshot = _snapshot(
            template,
            plan,
            user=people[plan.applicant_id],
            profile=profiles.get(plan.applicant_id),
            rng=rng,
        )
        application = Application(
            applicant_id=plan.applicant_id,
            category=plan.category,
            status=plan.status,
            requirement_set=plan.requirement_set,
            submitted_at=plan.submitted_at,
            snapshot=snapshot,
        )
        applications.append(
            (application, {"created_at": plan.started_at, "updated_at": plan.last_at})
        )
    _dated(Application, applications)

    events, assignments, decisions = [], [], []
    reviews_to_write = []  # (Assignment, _Review, competency ids of the snapshot)
    for plan, (application, _) in zip(batch, applications, strict=True):
        note = "Submitted by the applicant."
        events.append(
            _event(application, plan.applicant_id, S.DRAFT, S.SUBMITTED, note, plan.submitted_at)
        )
        if plan.assigned_at is None:
            continue
        due_on = review_due_on(timezone.localdate(plan.assigned_at))
        trainings = application.snapshot.get("training") or []
        areas = sorted({c["id"] for t in trainings for c in t.get("competencies", [])})
        for review in plan.reviews:
            assignment = Assignment(
                application=application,
                reviewer_id=review.reviewer_id,
                round=1,
                assigned_by_id=coordinator_id,
                due_on=due_on,
                completed_at=review.completed_at,
            )
            stamps = {
                "created_at": plan.assigned_at,
                "updated_at": review.completed_at or plan.assigned_at,
            }
            assignments.append((assignment, stamps))
            if review.state != "none":
                reviews_to_write.append((assignment, review, areas))
        names = [people[r.reviewer_id].full_name for r in plan.reviews]
        note = "Assigned to " + " and ".join(names) + f", due {due_on.day} {due_on:%b %Y}."
        events.append(
            _event(application, coordinator_id, S.SUBMITTED, S.IN_REVIEW, note, plan.assigned_at)
        )
        if plan.status == S.EXAM_PENDING:
            note = Outcome(Outcome.EXAM).label + " (consensus)"
            events.append(
                _event(
                    application, coordinator_id, S.IN_REVIEW, S.EXAM_PENDING, note, plan.decided_at
                )
            )
            decision = Decision(
                application=application,
                round=1,
                from_status=S.IN_REVIEW,
                outcome=Outcome.EXAM,
                consensus=True,
                decided_by_id=coordinator_id,
            )
            decisions.append(
                (decision, {"created_at": plan.decided_at, "updated_at": plan.decided_at})
            )
    _dated(ApplicationEvent, events)
    _dated(Assignment, assignments)
    _dated(Review, [_review(a, r, areas, rng) for a, r, areas in reviews_to_write])
    _dated(Decision, decisions)


def _event(application, actor_id, from_status, to_status, note, at) -> tuple:
    event = ApplicationEvent(
        application=application,
        actor_id=actor_id,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    return event, {"created_at": at}


def _review(assignment: Assignment, planned: _Review, areas: list[int], rng) -> tuple:
    """A Review as `review_save` leaves it: a draft with some sections judged, or submitted
    with every section judged, the areas shown and a recommendation."""
    if planned.state == "draft":
        judged = SECTIONS[: rng.randint(1, len(SECTIONS) - 1)]
        review = Review(
            assignment=assignment,
            sections={key: {"met": True, "comment": ""} for key, _ in judged},
        )
        at = min(assignment.created_at + timedelta(days=rng.uniform(0.5, 5)), timezone.now())
        return review, {"created_at": at, "updated_at": at}
    sections = {key: {"met": True, "comment": ""} for key, _ in SECTIONS}
    feedback, reopen = "", []
    if planned.recommendation == Recommendation.DEFER:
        key = rng.choice(list(DEFER_FEEDBACK))
        sections[key] = {"met": False, "comment": DEFER_FEEDBACK[key]}
        feedback, reopen = DEFER_FEEDBACK[key], [key]
    shown = [a for a in areas if rng.random() < 0.9]
    review = Review(
        assignment=assignment,
        sections=sections,
        competency_ids=shown,
        comments=rng.choice(REVIEW_COMMENTS),
        recommendation=planned.recommendation,
        feedback=feedback,
        sections_to_reopen=reopen,
        submitted_at=planned.completed_at,
    )
    started = max(assignment.created_at, planned.completed_at - timedelta(days=rng.uniform(0, 3)))
    return review, {"created_at": started, "updated_at": planned.completed_at}

"""The review workload behind `seed_demo --applicants N`: reviewers, applications in every
inbox status, assignments, reviews and history, in proportion to the generated people."""

import random
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import Role, User
from applicants.models import ApplicantProfile
from core.transitions import HistoryAudience
from demo.review.plan import (
    BATCH,
    DEFER_FEEDBACK,
    MIN_APPLICATIONS,
    MIN_REVIEWERS,
    PEOPLE_PER_APPLICATION,
    PEOPLE_PER_REVIEWER,
    REVIEW_COMMENTS,
    WINDOW_DAYS,
    PlannedReview,
    Planner,
    S,
    requirement_sets_by_category,
    reviewers_choose,
    reviewers_grant,
)
from demo.review.snapshots import richest_applicants, snapshot_for, templates_build
from endorsements.models import (
    Application,
    ApplicationEvent,
    Endorsement,
)
from endorsements.models.credentials import CURRENT_STATUSES
from endorsements.review.models import Assignment, Decision, Outcome, Recommendation, Review
from endorsements.review.services.assignment import review_due_on
from endorsements.review.snapshot import SECTIONS


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
    sets = requirement_sets_by_category(
        start=now - timedelta(days=WINDOW_DAYS), end=timezone.localdate()
    )
    reviewer_ids = reviewers_choose(held=held, sets=sets, wanted=wanted_reviewers, rng=rng)
    reviewers_grant(reviewer_ids)

    chosen = set(reviewer_ids)
    # People with a profile apply first: nobody can sign an application without one.
    applicants = [u for u in sample if u not in chosen and u in agencies]
    applicants += [u for u in sample if u not in chosen and u not in agencies]
    applicants = applicants[:wanted_applications]
    planner = Planner(
        now=now,
        rng=rng,
        held=held,
        agencies=agencies,
        sets=sets,
        reviewer_ids=reviewer_ids,
    )
    plans = planner.plans(applicants)
    # Model portfolios come from the whole sample: the richest of many, not of a few.
    candidates = richest_applicants(sample, with_profile=set(agencies))
    if not plans or not candidates:
        return 0
    templates = templates_build(plans, candidates=candidates, rng=rng)
    profiles = {
        p.user_id: p
        for p in ApplicantProfile.objects.filter(user_id__in=applicants)
        .select_related("user", "work_county__region", "agency")
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
        snapshot = snapshot_for(
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
    reviews_to_write = []  # (Assignment, PlannedReview, competency ids of the snapshot)
    for plan, (application, _) in zip(batch, applications, strict=True):
        events.append(
            _event(
                application,
                plan.applicant_id,
                S.DRAFT,
                S.SUBMITTED,
                plan.submitted_at,
                code="submitted",
                params={},
            )
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
        # As the services write them: the change for the applicant (a code), the reviewers'
        # names in a staff-only row after it.
        events.append(
            _event(
                application,
                coordinator_id,
                S.SUBMITTED,
                S.IN_REVIEW,
                plan.assigned_at,
                code="review_started",
                params={"round": 1},
            )
        )
        events.append(
            _event(
                application,
                coordinator_id,
                S.IN_REVIEW,
                S.IN_REVIEW,
                plan.assigned_at,
                code="reviewers_assigned",
                params={"reviewers": names, "round": 1, "due_on": due_on.isoformat()},
                audience=HistoryAudience.STAFF,
            )
        )
        if plan.status == S.EXAM_PENDING:
            events.append(
                _event(
                    application,
                    coordinator_id,
                    S.IN_REVIEW,
                    S.EXAM_PENDING,
                    plan.decided_at,
                    code="decided",
                    params={"outcome": Outcome.EXAM, "reopened": []},
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


def _event(
    application,
    actor_id,
    from_status,
    to_status,
    at,
    *,
    code: str,
    params: dict,
    audience: str = HistoryAudience.APPLICANT,
) -> tuple:
    event = ApplicationEvent(
        application=application,
        actor_id=actor_id,
        from_status=from_status,
        to_status=to_status,
        audience=audience,
        code=code,
        params=params,
    )
    return event, {"created_at": at}


def _review(assignment: Assignment, planned: PlannedReview, areas: list[int], rng) -> tuple:
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

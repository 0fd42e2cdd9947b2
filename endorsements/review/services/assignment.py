"""Assigning reviewers: conflict checks, overrides, due dates, and the move into review."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction
from endorsements.models import Application, ApplicationStatus
from endorsements.services.transitions import application_transition

from ..conflicts import (
    CASE_CONFLICT_MESSAGES,
    ConflictFlag,
    case_conflict,
    conflicts_for,
    flags_overridable,
)
from ..models import Assignment
from . import notify

logger = logging.getLogger(__name__)

S = ApplicationStatus


class AssignmentRefused(Exception):
    """The assignment cannot go ahead; `messages` say why in plain words, `flags` the conflicts
    (reviewer -> flags) that an override with a reason would allow."""

    def __init__(self, messages: list[str], flags: dict | None = None):
        self.messages = messages
        self.flags = flags or {}
        super().__init__("; ".join(messages))


@dataclass
class BulkResult:
    """What a bulk assignment did, item by item: each application is its own transaction, so
    the page can say exactly which were assigned, refused, or not done because of an error."""

    assigned: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, list[str]]] = field(default_factory=list)
    failed: list[Application] = field(default_factory=list)


def review_due_on(today: date | None = None) -> date:
    days = getattr(settings, "REVIEW_DUE_DAYS", 21)
    return (today or timezone.localdate()) + timedelta(days=days)


def reviewers_required(application: Application) -> int:
    requirement_set = application.requirement_set
    return requirement_set.reviewers_required if requirement_set else 2


def _flags_text(reviewer: User, flags: list[ConflictFlag]) -> str:
    return f"{reviewer.full_name} " + "; ".join(str(f) for f in flags)


@transaction.atomic
def assignment_create(
    *,
    application: Application,
    reviewers: list[User],
    actor: User,
    override_reason: str = "",
    today: date | None = None,
) -> list[Assignment]:
    """Assign reviewers to a submitted application and start its review.

    Side effects, in order: the application row is locked; a coordinator does not handle their
    own application or that of someone they declared a conflict with; conflicts are checked per
    reviewer
    (a flagged reviewer needs `override_reason`, which is logged on the Assignment and in the
    history note; nobody reviews their own application); Assignment rows for the next round,
    due after REVIEW_DUE_DAYS, each with an audit row; the application moves submitted ->
    in_review; each reviewer's `review_assigned` and the applicant's `review_started` queued
    in the outbox. Raises AssignmentRefused.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )
    conflict = case_conflict(actor=actor, subject=locked.applicant)
    if conflict is not None:
        raise AssignmentRefused([str(CASE_CONFLICT_MESSAGES[conflict])])
    if locked.status != S.SUBMITTED:
        raise AssignmentRefused(
            [f"This application is {locked.get_status_display().lower()}: it cannot be assigned."]
        )
    reviewers = list({r.pk: r for r in reviewers}.values())
    required = reviewers_required(application)
    if len(reviewers) != required:
        noun = "reviewer" if required == 1 else "different reviewers"
        raise AssignmentRefused([f"Choose {required} {noun} for this category."])
    application.snapshot = locked.snapshot
    flags = conflicts_for(application=application, reviewers=reviewers, on=today)
    flagged = {pk: found for pk, found in flags.items() if found}
    problems = []
    for reviewer in reviewers:
        found = flagged.get(reviewer.pk)
        if found and not flags_overridable(found):
            problems.append(f"{reviewer.full_name} cannot review their own application.")
    if problems:
        raise AssignmentRefused(problems)
    override_reason = override_reason.strip()
    if flagged and not override_reason:
        raise AssignmentRefused(
            [
                _flags_text(r, flagged[r.pk])
                + ". Choose someone else, or tick the override and give a reason."
                for r in reviewers
                if r.pk in flagged
            ],
            flags=flagged,
        )
    round_ = (locked.assignments.aggregate(r=Max("round"))["r"] or 0) + 1
    due_on = review_due_on(today)
    created = [
        Assignment.objects.create(
            application=locked,
            reviewer=reviewer,
            round=round_,
            assigned_by=actor,
            due_on=due_on,
            conflict_flags=[f.as_dict() for f in flagged.get(reviewer.pk, [])],
            override_reason=override_reason if reviewer.pk in flagged else "",
        )
        for reviewer in reviewers
    ]
    _audit_assignments(created, actor=actor, applicant=locked.applicant)
    note = (
        "Assigned to "
        + " and ".join(r.full_name for r in reviewers)
        + f", due {due_on.day} {due_on:%b %Y}."
    )
    for reviewer in reviewers:
        if reviewer.pk in flagged:
            flags_text = _flags_text(reviewer, flagged[reviewer.pk])
            note += f" Conflict override for {flags_text}: {override_reason}"
    moved = application_transition(
        application=application,
        to=S.IN_REVIEW,
        actor=actor,
        staff_note=note,  # reviewers' names and overrides: never on the applicant's timeline
    )
    notify.applicant_notify("started", moved, key=f"round-{created[0].round}")
    notify.reviewers_assigned_notify(created)
    return created


def _audit_assignments(
    assignments: list[Assignment], *, actor, applicant, resubmission: bool = False
) -> None:
    for assignment in assignments:
        audit_record(
            action=AuditAction.ASSIGNMENT_CREATED,
            actor=actor,
            target=assignment,
            details={
                "reviewer": assignment.reviewer_id,
                "reviewer_email": assignment.reviewer.email,
                "round": assignment.round,
                "due_on": assignment.due_on.isoformat(),
                "conflict_override": bool(assignment.override_reason),
                "resubmission": resubmission,
            },
            application_id=assignment.application_id,
            subject=applicant,
        )


def assignment_bulk_create(
    *, applications: list[Application], reviewers: list[User], actor: User
) -> BulkResult:
    """Assign the same reviewers to several applications, each in its own transaction.

    Conflicts are still checked per application: a flagged one is refused (it needs an
    override with a reason on its own page) and the others go ahead.
    """
    result = BulkResult()
    for application in applications:
        try:
            assignment_create(application=application, reviewers=reviewers, actor=actor)
        except AssignmentRefused as refused:
            result.refused.append((application, refused.messages))
        except DatabaseError:
            # Rolled back on its own; the others stand. Reported as not done, never hidden
            # behind an error page that would leave the coordinator guessing.
            logger.exception("bulk assignment of application %s failed", application.pk)
            result.failed.append(application)
        else:
            result.assigned.append(application)
    return result


@transaction.atomic
def application_resubmitted_assign_same_reviewers(
    *, application: Application, actor: User | None = None, today: date | None = None
) -> list[Assignment]:
    """Send a resubmitted application (deferred, amended, submitted again) back to the
    reviewers of its last round, as a new round.

    Side effects, in order: the application row is locked; new Assignment rows (the last
    round's reviewers and override reasons, a new due date), each with an audit row;
    submitted -> in_review; the reviewers' `review_assigned` (which says it is a
    resubmission) and the applicant's `review_started` queued in the outbox. Returns [] when
    the application is not a resubmission waiting.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )
    last_round = locked.assignments.aggregate(r=Max("round"))["r"]
    if locked.status != S.SUBMITTED or not last_round:
        return []
    previous = list(
        Assignment.objects.filter(application=locked, round=last_round).select_related("reviewer")
    )
    due_on = review_due_on(today)
    created = [
        Assignment.objects.create(
            application=locked,
            reviewer=old.reviewer,
            round=last_round + 1,
            assigned_by=actor,
            due_on=due_on,
            conflict_flags=old.conflict_flags,
            override_reason=old.override_reason,
        )
        for old in previous
    ]
    _audit_assignments(created, actor=actor, applicant=locked.applicant, resubmission=True)
    application_transition(
        application=application,
        to=S.IN_REVIEW,
        actor=actor,
        staff_note="Resubmitted: back to "
        + " and ".join(a.reviewer.full_name for a in created)
        + f" (round {last_round + 1}), due {due_on.day} {due_on:%b %Y}.",
    )
    notify.applicant_notify("started", locked, key=f"round-{last_round + 1}")
    notify.reviewers_assigned_notify(created)
    return created


def resubmissions_waiting() -> list[Application]:
    """Submitted applications that already had reviewers (deferred and resubmitted)."""
    return list(
        Application.objects.filter(status=S.SUBMITTED, assignments__isnull=False)
        .distinct()
        .order_by("submitted_at", "pk")
    )

"""Assigning reviewers: conflict checks, overrides, due dates, and the move into review."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction
from endorsements.models import Application, ApplicationStatus
from endorsements.services.transitions import application_history_add, application_transition

from ..conflicts import ConflictFlag, case_conflict_refuse, conflicts_for, flags_overridable
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


class CaseConflictRefused(AssignmentRefused):
    """The coordinator may not handle this case (their own, or a declared conflict's)."""

    def __init__(self, message: str):
        super().__init__([message])


def case_refuse(*, actor, application: Application) -> None:
    """The separation-of-duties guard for the assignment services (`case_conflict_refuse`):
    raises CaseConflictRefused (an AssignmentRefused) with the reason."""
    case_conflict_refuse(actor=actor, subject=application.applicant, refused=CaseConflictRefused)


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


def flags_refusal(reviewer: User, flags: list[ConflictFlag]) -> str:
    """Why a flagged reviewer needs an override, as one sentence in the active language."""
    return _(
        "%(name)s %(conflicts)s. Choose someone else, or tick the override and give a reason."
    ) % {"name": reviewer.full_name, "conflicts": "; ".join(f.text for f in flags)}


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
    own application or that of someone they declared a conflict with (`case_conflict_refuse`);
    conflicts are checked per reviewer (a flagged reviewer needs `override_reason`, which is
    kept on the Assignment and in a staff history row; nobody reviews their own application);
    Assignment rows for the next round, due after REVIEW_DUE_DAYS, each with an audit row;
    the application moves submitted -> in_review (the applicant's row says only that review
    started), then staff rows name the reviewers and the overrides; each reviewer's
    `review_assigned` and the applicant's `review_started` queued in the outbox. Raises
    AssignmentRefused.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )
    case_refuse(actor=actor, application=locked)
    if locked.status != S.SUBMITTED:
        raise AssignmentRefused(
            [
                _("This application is %(status)s: it cannot be assigned.")
                % {"status": str(locked.get_status_display()).lower()}
            ]
        )
    reviewers = list({r.pk: r for r in reviewers}.values())
    required = reviewers_required(application)
    if len(reviewers) != required:
        raise AssignmentRefused(
            [
                ngettext(
                    "Choose %(count)d reviewer for this category.",
                    "Choose %(count)d different reviewers for this category.",
                    required,
                )
                % {"count": required}
            ]
        )
    application.snapshot = locked.snapshot
    flags = conflicts_for(application=application, reviewers=reviewers, on=today)
    flagged = {pk: found for pk, found in flags.items() if found}
    problems = []
    for reviewer in reviewers:
        found = flagged.get(reviewer.pk)
        if found and not flags_overridable(found):
            problems.append(
                _("%(name)s cannot review their own application.") % {"name": reviewer.full_name}
            )
    if problems:
        raise AssignmentRefused(problems)
    override_reason = override_reason.strip()
    if flagged and not override_reason:
        raise AssignmentRefused(
            [flags_refusal(r, flagged[r.pk]) for r in reviewers if r.pk in flagged],
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
    moved = application_transition(
        application=application,
        to=S.IN_REVIEW,
        actor=actor,
        code="review_started",
        params={"round": round_},
    )
    # Reviewers' names and conflict overrides: staff rows, never on the applicant's timeline.
    _history_assigned(moved, created, actor=actor)
    notify.applicant_notify("started", moved, key=f"round-{created[0].round}")
    notify.reviewers_assigned_notify(created)
    return created


def _history_assigned(application: Application, created: list[Assignment], *, actor) -> None:
    """Staff history rows: who reviews this round and by when, then each conflict override
    with the reason the coordinator typed."""
    application_history_add(
        application=application,
        code="reviewers_assigned",
        actor=actor,
        params={
            "reviewers": [a.reviewer.full_name for a in created],
            "round": created[0].round,
            "due_on": created[0].due_on.isoformat(),
        },
    )
    for assignment in created:
        if assignment.override_reason:
            application_history_add(
                application=application,
                code="conflict_override",
                actor=actor,
                params={
                    "reviewer": assignment.reviewer.full_name,
                    "flags": [f.get("kind", "") for f in assignment.conflict_flags],
                },
                note=assignment.override_reason,
            )


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

    Side effects, in order: the application row is locked; a coordinator acting (`actor`;
    None when the portal does it on resubmission) may not handle their own case or a declared
    conflict's; new Assignment rows (the last round's reviewers and override reasons, a new
    due date), each with an audit row; submitted -> in_review (the applicant's row), then
    staff rows naming the reviewers; the reviewers' `review_assigned` (which says it is a
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
    case_refuse(actor=actor, application=locked)
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
    moved = application_transition(
        application=application,
        to=S.IN_REVIEW,
        actor=actor,
        code="review_started",
        params={"round": last_round + 1},
    )
    _history_assigned(moved, created, actor=actor)
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


@transaction.atomic
def application_return_incomplete(
    *, application: Application, actor: User, message: str
) -> Application:
    """Send a submitted application back to the applicant as incomplete, before anyone
    reviews it.

    Side effects, in order: nobody returns their own application or a declared conflict's
    (`case_conflict_refuse`); only a submitted application never assigned may be returned;
    submitted -> deferred with the message as the feedback (every section reopened) and a
    history row the applicant sees, with the message; the audit event; the applicant's
    `review_returned` queued in the outbox. Raises AssignmentRefused.
    """
    from ..snapshot import SECTION_TITLES

    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )
    case_refuse(actor=actor, application=locked)
    message = message.strip()
    if not message:
        raise AssignmentRefused([_("Tell the applicant what is missing.")])
    if locked.status != S.SUBMITTED or locked.assignments.exists():
        raise AssignmentRefused(
            [_("Only a submitted application not yet with reviewers can be returned.")]
        )
    submitted_key = f"submitted-{locked.submitted_at.isoformat()}"
    application_transition(
        application=application,
        to=S.DEFERRED,
        actor=actor,
        code="returned_incomplete",
        note=message,
        fields={"feedback": message, "reopened_sections": list(SECTION_TITLES)},
    )
    # One message per submission returned (a resubmission may be returned again).
    notify.applicant_notify("returned", application, key=submitted_key)
    audit_record(
        action=AuditAction.APPLICATION_RETURNED,
        actor=actor,
        target=application,
        application_id=locked.pk,
        subject=locked.applicant,
    )
    return application

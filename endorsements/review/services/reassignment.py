"""Changing who reviews and by when: replace or remove a reviewer, extend a due date.

Each change needs the coordinator's reason, is checked as an assignment is (conflicts and
eligibility of the new reviewer, with an override reason where a flag may be overridden), and
leaves a staff history row and an audit event.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction
from endorsements.models import Application, ApplicationStatus
from endorsements.services.transitions import application_history_add

from ..conflicts import conflicts_for, flags_overridable
from ..models import Assignment, ReviewReminderLog
from . import notify
from .assignment import AssignmentRefused, case_refuse, flags_refusal, review_due_on

S = ApplicationStatus


def _open_assignment(assignment: Assignment, actor: User) -> tuple[Assignment, Application]:
    """Lock the assignment and its application; refuse the actor's own case or a declared
    conflict's (`case_conflict_refuse`), and unless the review is open and in review."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=assignment.application_id)
    )
    locked = Assignment.objects.select_for_update().select_related("reviewer").get(pk=assignment.pk)
    case_refuse(actor=actor, application=application)
    if application.status != S.IN_REVIEW:
        raise AssignmentRefused([_("This application is no longer in review.")])
    if locked.completed_at is not None:
        raise AssignmentRefused(
            [_("This reviewer has submitted their review: it can no longer be changed.")]
        )
    return locked, application


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise AssignmentRefused([_("Give the reason for the change.")])
    return reason


@transaction.atomic
def assignment_replace(
    *,
    assignment: Assignment,
    reviewer: User,
    actor: User,
    reason: str,
    override_reason: str = "",
    today: date | None = None,
) -> Assignment:
    """Give an open review to another reviewer (an overdue or unavailable one, say).

    Side effects, in order: the application and assignment are locked (only an open review
    of an application in review changes); the new reviewer is checked as at assignment
    (nobody reviews their own application; a conflict or eligibility flag needs
    `override_reason`; someone already on the round is refused); the old assignment and its
    draft are deleted, a new one made for the same round with a fresh due date; a staff
    history row with the reason; the audit event; the new reviewer's `review_assigned` queued
    in the outbox. Raises AssignmentRefused.
    """
    locked, application = _open_assignment(assignment, actor)
    reason = _reason(reason)
    if Assignment.objects.filter(
        application=application, round=locked.round, reviewer=reviewer
    ).exists():
        raise AssignmentRefused(
            [_("%(name)s is on this review already.") % {"name": reviewer.full_name}]
        )
    flags = conflicts_for(application=application, reviewers=[reviewer], on=today).get(
        reviewer.pk, []
    )
    if flags and not flags_overridable(flags):
        raise AssignmentRefused(
            [_("%(name)s cannot review their own application.") % {"name": reviewer.full_name}]
        )
    override_reason = override_reason.strip()
    if flags and not override_reason:
        raise AssignmentRefused(
            [flags_refusal(reviewer, flags)],
            flags={reviewer.pk: flags},
        )
    old_reviewer = locked.reviewer
    round_ = locked.round
    locked.delete()
    created = Assignment.objects.create(
        application=application,
        reviewer=reviewer,
        round=round_,
        assigned_by=actor,
        due_on=review_due_on(today),
        conflict_flags=[f.as_dict() for f in flags],
        override_reason=override_reason if flags else "",
    )
    application_history_add(
        application=application,
        code="reviewer_replaced",
        actor=actor,
        params={
            "old": old_reviewer.full_name,
            "new": reviewer.full_name,
            "due_on": created.due_on.isoformat(),
            "override": override_reason if flags else "",
        },
        note=reason,
    )
    audit_record(
        action=AuditAction.ASSIGNMENT_REPLACED,
        actor=actor,
        target=application,
        details={"old_reviewer": old_reviewer.pk, "new_reviewer": reviewer.pk, "reason": reason},
        application_id=application.pk,
        subject=application.applicant,
    )
    notify.reviewer_assigned_notify(created)
    return created


@transaction.atomic
def assignment_remove(*, assignment: Assignment, actor: User, reason: str) -> None:
    """Take an open review away from its reviewer, leaving the round to the others.

    Side effects, in order: as `assignment_replace` for the checks; the last reviewer of a
    round cannot be removed (replace them instead); the assignment and its draft deleted; a
    staff history row with the reason; the audit event. Raises AssignmentRefused.
    """
    locked, application = _open_assignment(assignment, actor)
    reason = _reason(reason)
    others = Assignment.objects.filter(application=application, round=locked.round).exclude(
        pk=locked.pk
    )
    if not others.exists():
        raise AssignmentRefused(
            [_("This is the only reviewer of the round: replace them instead.")]
        )
    reviewer = locked.reviewer
    locked.delete()
    application_history_add(
        application=application,
        code="reviewer_removed",
        actor=actor,
        params={"reviewer": reviewer.full_name},
        note=reason,
    )
    audit_record(
        action=AuditAction.ASSIGNMENT_REMOVED,
        actor=actor,
        target=application,
        details={"reviewer": reviewer.pk, "reason": reason},
        application_id=application.pk,
        subject=application.applicant,
    )


@transaction.atomic
def assignment_extend(
    *, assignment: Assignment, due_on: date, actor: User, reason: str
) -> Assignment:
    """Give a reviewer more time.

    Side effects, in order: as `assignment_replace` for the checks; the new date must be
    later than the current one and not in the past; `due_on` saved; the reminder and
    escalation claims cleared, so the reviewer is reminded again before the new date; a
    staff history row with the reason; the audit event; the reviewer's `review_due_extended`
    queued in the outbox. Raises AssignmentRefused.
    """
    locked, application = _open_assignment(assignment, actor)
    reason = _reason(reason)
    if due_on <= locked.due_on or due_on < timezone.localdate():
        raise AssignmentRefused(
            [_("Choose a new due date later than the current one and not in the past.")]
        )
    previous = locked.due_on
    locked.due_on = due_on
    locked.save(update_fields=["due_on", "updated_at"])
    ReviewReminderLog.objects.filter(assignment=locked).delete()
    application_history_add(
        application=application,
        code="due_extended",
        actor=actor,
        params={
            "reviewer": locked.reviewer.full_name,
            "from": previous.isoformat(),
            "to": due_on.isoformat(),
        },
        note=reason,
    )
    audit_record(
        action=AuditAction.ASSIGNMENT_EXTENDED,
        actor=actor,
        target=application,
        details={"reviewer": locked.reviewer_id, "from": str(previous), "to": str(due_on)},
        application_id=application.pk,
        subject=application.applicant,
    )
    notify.reviewer_due_extended_notify(locked)
    assignment.due_on = due_on
    return locked

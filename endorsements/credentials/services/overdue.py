"""Renewals nobody decided in time: the coordinators' "overdue decisions" list, and the lapse
of an endorsement whose renewal (or audit evidence) waited longer than the policy allows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from competencies import selectors as competency_selectors
from competencies.models.requirements import AuditConsequence
from core.transitions import TransitionNotAllowed
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.services.transitions import endorsement_transition

from ..models import PENDING_RENEWAL, RenewalStatus, RenewalSubmission
from .notices import lapse_notice
from .renewals import renewal_transition


@dataclass(frozen=True)
class OverdueRenewal:
    """A renewal still waiting after its cycle's deadline and grace period (or an audit past
    its evidence deadline), with what the policy does about it and when."""

    submission: RenewalSubmission
    grace_ends: date
    lapses_on: date | None  # None: waits for the coordinator however long
    reason: str  # "undecided" or "audit_evidence"
    code: str = "lapsed_undecided"  # the history code when it lapses


def _overdue(submission: RenewalSubmission, policies: dict, today: date) -> OverdueRenewal | None:
    category = submission.endorsement.category
    key = (category.pk, submission.cycle_end)
    if key not in policies:
        policies[key] = competency_selectors.renewal_policy_in_effect(
            category=category, on=submission.cycle_end
        )
    policy = policies[key]
    grace_ends = submission.cycle_end + timedelta(days=policy.grace_period_days if policy else 0)
    audit = submission.status == RenewalStatus.AUDIT and submission.audit_due_on is not None
    audit_late = audit and submission.audit_due_on < today
    if not (grace_ends < today or audit_late):
        return None
    days = policy.undecided_lapse_days if policy else None
    undecided_lapse = grace_ends + timedelta(days=days + 1) if days is not None else None
    if not audit:
        return OverdueRenewal(submission, grace_ends, undecided_lapse, "undecided")
    evidence_lapse = submission.audit_due_on + timedelta(days=1)
    if policy is None or policy.audit_consequence == AuditConsequence.LAPSE:
        return OverdueRenewal(
            submission, grace_ends, evidence_lapse, "audit_evidence", "lapsed_audit"
        )
    # A coordinator decides late audits; the undecided limit still applies, never before the
    # evidence was due.
    lapses = max(undecided_lapse, evidence_lapse) if undecided_lapse else None
    return OverdueRenewal(submission, grace_ends, lapses, "audit_evidence")


def renewals_overdue(*, today: date | None = None) -> list[OverdueRenewal]:
    """Renewals waiting past their deadline and grace period, or audits past the evidence
    deadline: the coordinators' "overdue decisions" list, oldest deadline first. Queries: the
    waiting renewals, then one per (category, deadline) for its policy."""
    today = today or timezone.localdate()
    policies: dict = {}
    found = []
    waiting = (
        RenewalSubmission.objects.filter(
            status__in=sorted(PENDING_RENEWAL), cycle_end__lt=today
        ).select_related("endorsement__holder", "endorsement__category")
    ) | RenewalSubmission.objects.filter(
        status=RenewalStatus.AUDIT, audit_due_on__lt=today
    ).select_related("endorsement__holder", "endorsement__category")
    for submission in waiting.order_by("cycle_end", "pk"):
        overdue = _overdue(submission, policies, today)
        if overdue is not None:
            found.append(overdue)
    return found


@transaction.atomic
def renewal_lapse(*, submission: RenewalSubmission, code: str, today: date) -> RenewalSubmission:
    """Close a renewal nobody decided in time (or an audit without evidence) and lapse the
    credential, as the policy says.

    Side effects, in order: the renewal moved to lapsed (history row; `code` says why:
    lapsed_undecided or lapsed_audit); the credential moved to lapsed, dated today (history
    row; off the registry and current no more at once); the holder's lapse notice, saying
    why, queued in the outbox; the audit event. Raises TransitionNotAllowed when it moved on.
    """
    from core.audit import audit_record
    from core.models import AuditAction

    locked = renewal_transition(submission=submission, to=RenewalStatus.LAPSED, code=code)
    endorsement = Endorsement.objects.select_related("holder", "category").get(
        pk=locked.endorsement_id
    )
    lapsed = endorsement_transition(
        endorsement=endorsement,
        to=EndorsementStatus.LAPSED,
        code=code,
        effective_on=today,
    )
    lapse_notice(endorsement, version=lapsed, reason=code)
    audit_record(
        action=AuditAction.RENEWAL_LAPSED,
        target=endorsement,
        details={"renewal": locked.pk, "reason": code},
        application_id=endorsement.application_id,
        subject=endorsement.holder,
    )
    return locked


def renewals_lapse_overdue(*, today: date | None = None) -> int:
    """The daily job's part for waiting renewals: lapse each one the policy says lapses today
    or earlier. Each in its own transaction; one moved on meanwhile is skipped. Returns the
    number lapsed."""
    today = today or timezone.localdate()
    lapsed = 0
    for overdue in renewals_overdue(today=today):
        if overdue.lapses_on is None or overdue.lapses_on > today:
            continue
        try:
            renewal_lapse(submission=overdue.submission, code=overdue.code, today=today)
        except TransitionNotAllowed:
            continue
        lapsed += 1
    return lapsed

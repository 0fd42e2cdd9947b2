"""Renewals: the cycle an endorsement is in, its checklist, submission, audit and decision.

The cycle ends on the endorsement's `valid_through` (its deadline) and is governed by the renewal
policy in force on that deadline (annual or 3-year; first-renewal skip and pro-rating are the
rules engine's business). Approval moves `valid_through` to the next deadline through
`endorsement_transition` (active -> active) and re-renders the certificate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applicants.services import stored_file_create
from applicants.uploads import CheckedUpload
from competencies import rules
from competencies import selectors as competency_selectors
from competencies.models import RenewalPolicy
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from endorsements.facts import portfolio_facts
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.review.conflicts import case_conflict_refuse
from endorsements.services.credentials import renewal_deadline
from endorsements.services.transitions import endorsement_transition

from ..models import RenewalStatus, RenewalSubmission
from .certificates import certificate_enqueue, date_text

# Only a fully active credential renews in place (active -> active); an emerging one becomes
# active through the review workflow first.
RENEWABLE = (EndorsementStatus.ACTIVE,)


class RenewalNotAllowed(Exception):
    """The renewal cannot be submitted or decided now; the message says why, in plain words."""


@dataclass(frozen=True)
class RenewalCycle:
    endorsement: Endorsement
    policy: RenewalPolicy | None
    start: date
    end: date  # the deadline, inclusive
    grace_ends: date  # last day a late renewal is accepted
    next_deadline: date  # valid_through after approval
    today: date

    @property
    def late(self) -> bool:
        return self.end < self.today <= self.grace_ends

    @property
    def closed(self) -> bool:
        return self.today > self.grace_ends

    @property
    def spec(self) -> rules.RenewalSpec:
        return self.policy.to_spec() if self.policy else rules.RenewalSpec()

    @property
    def late_fee(self) -> Decimal | None:
        return self.policy.late_fee if self.policy and self.late else None


def _anchor_year(policy: RenewalPolicy, after: date) -> int:
    # As when issuing: a policy starting on 31 December anchors its cycles there; an
    # open-ended annual policy makes every year a deadline.
    start = policy.effective_from
    return start.year if (start.month, start.day) == (12, 31) else after.year


def next_deadline_after(*, category, deadline: date) -> date:
    """The deadline of the cycle after the one ending on `deadline`."""
    after = deadline + timedelta(days=1)
    policy = competency_selectors.renewal_policy_in_effect(category=category, on=after)
    if policy is None:
        return date(deadline.year + 1, 12, 31)
    return renewal_deadline(
        after=after,
        cycle_years=policy.cycle_years,
        anchor_year=_anchor_year(policy, after),
        skip_first=False,
    )


def renewal_cycle_for(*, endorsement: Endorsement, today: date | None = None) -> RenewalCycle:
    """The cycle ending on the endorsement's `valid_through`, with the policy in force then."""
    today = today or timezone.localdate()
    deadline = endorsement.valid_through
    policy = competency_selectors.renewal_policy_in_effect(
        category=endorsement.category, on=deadline
    )
    cycle_years = policy.cycle_years if policy else 1
    start, end = rules.cycle_bounds(deadline=deadline, cycle_years=cycle_years)
    grace = policy.grace_period_days if policy else 0
    return RenewalCycle(
        endorsement=endorsement,
        policy=policy,
        start=start,
        end=end,
        grace_ends=end + timedelta(days=grace),
        next_deadline=next_deadline_after(category=endorsement.category, deadline=deadline),
        today=today,
    )


def renewal_checklist(
    *, cycle: RenewalCycle, ethics: bool = False, no_sanctions: bool = False
) -> rules.Checklist:
    """The rules engine over the holder's logged training and RSC at the cycle's dates."""
    endorsement = cycle.endorsement
    facts = portfolio_facts(
        user=endorsement.holder,
        on=cycle.end,
        ethics_signed=ethics,
        no_sanctions_attested=no_sanctions,
    )
    return rules.evaluate_renewal(
        facts,
        cycle.spec,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        endorsed_on=endorsement.issued_on,
    )


def evidence_gaps(checklist: rules.Checklist) -> list[rules.ChecklistItem]:
    """What is still missing apart from the attestations made when submitting."""
    return [item for item in checklist.missing if item.section != "attestation"]


def checklist_json(checklist: rules.Checklist) -> list[dict]:
    return [
        {"key": i.key, "label": i.label, "met": i.met, "explanation": i.explanation}
        for i in checklist.items
    ]


def audit_selected(*, submission: RenewalSubmission, percent: Decimal) -> bool:
    """Whether this submission falls in the random audit sample (seeded by its id, so the same
    submission always gets the same answer)."""
    if percent <= 0:
        return False
    draw = Decimal(str(random.Random(submission.pk).random())) * 100
    return draw < percent


def _holder_link() -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("credentials:my_endorsements")


@transaction.atomic
def renewal_submit(
    *,
    endorsement: Endorsement,
    ethics: bool,
    no_sanctions: bool,
    membership: bool,
    note: str = "",
    today: date | None = None,
) -> RenewalSubmission:
    """Submit the renewal of `endorsement` for its current cycle.

    Side effects, in order: the endorsement row locked; the RenewalSubmission with the
    checklist as it stands; then, when the evidence meets the policy, either the audit
    (status audit, holder emailed after commit) for a random sample at the policy's percentage,
    or the approval (`renewal_approve`); otherwise it waits in the coordinators' queue.
    Raises RenewalNotAllowed.
    """
    endorsement = (
        Endorsement.objects.select_for_update(of=("self",))
        .select_related("category", "holder")
        .get(pk=endorsement.pk)
    )
    if endorsement.status not in RENEWABLE:
        raise RenewalNotAllowed("Only an active endorsement can be renewed.")
    cycle = renewal_cycle_for(endorsement=endorsement, today=today)
    if cycle.closed:
        raise RenewalNotAllowed("The deadline and grace period for this renewal have passed.")
    if (
        RenewalSubmission.objects.filter(endorsement=endorsement, cycle_end=cycle.end)
        .exclude(status=RenewalStatus.DECLINED)
        .exists()
    ):
        raise RenewalNotAllowed("You have already submitted the renewal for this cycle.")
    checklist = renewal_checklist(cycle=cycle, ethics=ethics, no_sanctions=no_sanctions)
    met = checklist.complete and membership
    submission = RenewalSubmission.objects.create(
        endorsement=endorsement,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        status=RenewalStatus.SUBMITTED,
        ethics_attested=ethics,
        no_sanctions_attested=no_sanctions,
        membership_attested=membership,
        note=note,
        checklist=checklist_json(checklist),
        evidence_met=met,
        submitted_at=timezone.now(),
    )
    if not met:
        return submission
    percent = cycle.policy.audit_sample_percent if cycle.policy else Decimal(0)
    if audit_selected(submission=submission, percent=percent):
        submission.status = RenewalStatus.AUDIT
        submission.save(update_fields=["status", "updated_at"])
        transaction.on_commit(
            lambda: send_templated_email(
                "credentials_renewal_audit",
                to=endorsement.holder.email,
                context={
                    "endorsement": endorsement,
                    "link": _holder_link(),
                    "valid_through": date_text(endorsement.valid_through),
                },
            ),
            robust=True,
        )
        return submission
    return renewal_approve(submission=submission, actor=None, auto=True)


@transaction.atomic
def renewal_audit_evidence_submit(
    *, submission: RenewalSubmission, upload: CheckedUpload, note: str = ""
) -> RenewalSubmission:
    """The audited holder's evidence. Side effects, in order: the file stored (private
    storage, StoredFile row); the submission moved to audit_submitted for a coordinator."""
    locked = RenewalSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != RenewalStatus.AUDIT:
        raise RenewalNotAllowed("This renewal is not waiting for audit evidence.")
    holder = locked.endorsement.holder
    locked.evidence_file = stored_file_create(owner=holder, upload=upload)
    locked.evidence_note = note
    locked.status = RenewalStatus.AUDIT_SUBMITTED
    locked.save(update_fields=["evidence_file", "evidence_note", "status", "updated_at"])
    return locked


@transaction.atomic
def renewal_approve(
    *, submission: RenewalSubmission, actor=None, note: str = "", auto: bool = False
) -> RenewalSubmission:
    """Approve a renewal (a coordinator, an audit passed, or the policy itself with `auto`).

    Side effects, in order: the submission locked; nobody approves their own renewal or that
    of someone they declared a conflict with (`case_conflict_refuse`; the policy approving by
    itself has no actor); `endorsement_transition` active -> active with `valid_through`
    moved to the next deadline (history row); the submission approved; the audit row; after
    commit the certificate queued for re-rendering (its email tells the holder) and a
    renewal-approved email. Raises RenewalNotAllowed.
    """
    locked = (
        RenewalSubmission.objects.select_for_update(of=("self",))
        .select_related("endorsement__category", "endorsement__holder")
        .get(pk=submission.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.endorsement.holder, refused=RenewalNotAllowed)
    allowed = {RenewalStatus.SUBMITTED, RenewalStatus.AUDIT_SUBMITTED}
    if locked.status not in allowed:
        raise RenewalNotAllowed("This renewal has already been decided.")
    endorsement = locked.endorsement
    if endorsement.valid_through != locked.cycle_end:
        raise RenewalNotAllowed("The endorsement is no longer in this renewal cycle.")
    new_deadline = next_deadline_after(category=endorsement.category, deadline=locked.cycle_end)
    endorsement_transition(
        endorsement=endorsement,
        to=EndorsementStatus.ACTIVE,
        actor=actor,
        note=note or ("Renewed automatically: evidence met the policy" if auto else "Renewed"),
        valid_through=new_deadline,
        on_commit=certificate_enqueue,
    )
    locked.status = RenewalStatus.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_note = note
    locked.auto_approved = auto
    locked.new_valid_through = new_deadline
    locked.save()
    _audit_decision(locked, actor=actor, outcome="approved")
    transaction.on_commit(
        lambda: send_templated_email(
            "credentials_renewal_approved",
            to=endorsement.holder.email,
            context={
                "endorsement": endorsement,
                "valid_through": date_text(new_deadline),
                "link": _holder_link(),
            },
        ),
        robust=True,
    )
    submission.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def renewal_decline(*, submission: RenewalSubmission, actor, note: str) -> RenewalSubmission:
    """Decline a renewal (or fail an audit). Side effects, in order: nobody declines their
    own renewal or that of someone they declared a conflict with; the submission declined
    with the coordinator's note; the audit row; after commit an email telling the holder why
    and that they may submit again before the deadline and grace period end."""
    locked = (
        RenewalSubmission.objects.select_for_update(of=("self",))
        .select_related("endorsement__category", "endorsement__holder")
        .get(pk=submission.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.endorsement.holder, refused=RenewalNotAllowed)
    if locked.status not in {RenewalStatus.SUBMITTED, RenewalStatus.AUDIT_SUBMITTED}:
        raise RenewalNotAllowed("This renewal has already been decided.")
    locked.status = RenewalStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_note = note
    locked.save()
    _audit_decision(locked, actor=actor, outcome="declined")
    endorsement = locked.endorsement
    cycle = renewal_cycle_for(endorsement=endorsement)
    transaction.on_commit(
        lambda: send_templated_email(
            "credentials_renewal_declined",
            to=endorsement.holder.email,
            context={
                "endorsement": endorsement,
                "note": note,
                "grace_ends": date_text(cycle.grace_ends),
                "link": _holder_link(),
            },
        ),
        robust=True,
    )
    return locked


def _audit_decision(submission: RenewalSubmission, *, actor, outcome: str) -> None:
    audit_record(
        action=AuditAction.DECISION_RECORDED,
        actor=actor,
        target=submission,
        details={
            "kind": "renewal",
            "outcome": outcome,
            "endorsement": submission.endorsement.number,
            "cycle_end": submission.cycle_end.isoformat(),
            "audited": submission.evidence_file_id is not None,
            "automatic": submission.auto_approved,
        },
        subject=submission.endorsement.holder,
    )

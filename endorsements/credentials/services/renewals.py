"""Renewals: the cycle an endorsement is in, its checklist, submission, audit and decision.

The cycle ends on the endorsement's `valid_through` (its deadline) and is governed by the renewal
policy in force on that deadline (annual or 3-year). The calendar (where deadlines fall, the move
from the annual model onto the 3-year grid, the first-renewal skip and pro-rating) is the rules
engine's (`competencies.rules.calendar`); this module gives it the category's policies and the
holder's last renewal. Approval moves `valid_through` to the next deadline through
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
from endorsements.models.credentials import CURRENT_STATUSES
from endorsements.review.conflicts import case_conflict_refuse
from endorsements.services.credentials import endorsement_news_key
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
    start: date  # first day of the whole cycle on the calendar
    end: date  # the deadline, inclusive
    grace_ends: date  # last day a late renewal is accepted
    next_deadline: date  # valid_through after approval
    today: date
    # First day whose hours count: the latest of `start`, the endorsement day and the day after
    # the previous renewal's deadline (hours counted once never count again).
    counts_from: date | None = None
    fraction: Decimal = Decimal(1)  # share of the cycle's hours owed (pro-rating)
    previous_deadline: date | None = None  # the deadline of the last approved renewal
    first_renewal_skipped: bool = False
    # The category whose holders all provide RSC that this holder holds (this one or another
    # current endorsement), or "": then the hours on providing RSC apply without asking.
    rsc_provision_implied_by: str = ""

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

    @property
    def pro_rated(self) -> bool:
        return self.fraction != 1 and not self.first_renewal_skipped

    @property
    def counts_from_reason(self) -> str:
        """Why hours count from `counts_from`: "cycle" (its first day), "endorsed" (the
        endorsement day) or "previous_renewal" (the day after the last renewal's deadline)."""
        if self.counts_from is None or self.counts_from == self.start:
            return "cycle"
        if self.previous_deadline and self.counts_from == self.previous_deadline + timedelta(1):
            return "previous_renewal"
        return "endorsed"

    @property
    def owed_percent(self) -> Decimal:
        return (self.fraction * 100).quantize(Decimal("1"))


def next_deadline_after(*, category, deadline: date) -> date:
    """The deadline a renewal for `deadline` moves the credential to: the next one on the
    category's calendar, or the 3-year grid's first deadline for an annual renewal in its
    transition (a renewal for a 31 Dec 2024 deadline is next due 31 Dec 2027)."""
    found = rules.next_deadline_after_renewal(
        deadline=deadline,
        policies=competency_selectors.renewal_calendar_for(category=category),
    )
    return found or date(deadline.year + 1, 12, 31)


def previous_deadline_for(*, endorsement: Endorsement, before: date) -> date | None:
    """The deadline of the endorsement's last approved renewal before `before`: its hours were
    counted for that cycle and never count again."""
    return (
        RenewalSubmission.objects.filter(
            endorsement=endorsement, status=RenewalStatus.APPROVED, cycle_end__lt=before
        )
        .order_by("-cycle_end")
        .values_list("cycle_end", flat=True)
        .first()
    )


def rsc_provision_implied_by(*, endorsement: Endorsement, on: date) -> str:
    """The code of a category the holder holds (this one, or another current endorsement)
    whose renewal policy on `on` says every holder provides RSC; "" when none does. One query."""
    held = Endorsement.objects.filter(
        holder_id=endorsement.holder_id, status__in=CURRENT_STATUSES
    ).values_list("category_id", flat=True)
    ids = {endorsement.category_id, *held}
    policy = (
        RenewalPolicy.objects.in_effect(on)
        .filter(category_id__in=ids, rsc_provision_implied=True)
        .select_related("category")
        .order_by("category__order")
        .first()
    )
    return policy.category.code if policy else ""


def renewal_cycle_for(*, endorsement: Endorsement, today: date | None = None) -> RenewalCycle:
    """The cycle ending on the endorsement's `valid_through`, with the policy in force then,
    the first day whose hours count and the share of the hours owed."""
    today = today or timezone.localdate()
    deadline = endorsement.valid_through
    policy = competency_selectors.renewal_policy_in_effect(
        category=endorsement.category, on=deadline
    )
    spec = policy.to_spec() if policy else rules.RenewalSpec()
    previous = previous_deadline_for(endorsement=endorsement, before=deadline)
    dates = rules.cycle_dates(
        deadline=deadline,
        policy=spec,
        endorsed_on=endorsement.issued_on,
        previous_deadline=previous,
    )
    grace = policy.grace_period_days if policy else 0
    return RenewalCycle(
        endorsement=endorsement,
        policy=policy,
        start=dates.full_start,
        end=deadline,
        grace_ends=deadline + timedelta(days=grace),
        next_deadline=next_deadline_after(category=endorsement.category, deadline=deadline),
        today=today,
        counts_from=dates.counts_from,
        fraction=dates.fraction,
        previous_deadline=previous,
        first_renewal_skipped=dates.skipped,
        rsc_provision_implied_by=rsc_provision_implied_by(endorsement=endorsement, on=deadline),
    )


def renewal_checklist(
    *,
    cycle: RenewalCycle,
    ethics: bool = False,
    no_sanctions: bool = False,
    provides_rsc: bool | None = None,
) -> rules.Checklist:
    """The rules engine over the holder's logged training and RSC at the cycle's dates.

    `provides_rsc`: what the holder said (None: not asked yet, so the hours on providing RSC
    show as owed "if you provide RSC"). A holder of a category whose holders all provide RSC
    provides it, whatever they said.
    """
    endorsement = cycle.endorsement
    if cycle.rsc_provision_implied_by:
        provides_rsc = True
    facts = portfolio_facts(
        user=endorsement.holder,
        on=cycle.end,
        ethics_signed=ethics,
        no_sanctions_attested=no_sanctions,
        provides_rsc=provides_rsc,
    )
    return rules.evaluate_renewal(
        facts,
        cycle.spec,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        endorsed_on=endorsement.issued_on,
        previous_deadline=cycle.previous_deadline,
    )


def evidence_gaps(checklist: rules.Checklist) -> list[rules.ChecklistItem]:
    """What is still missing apart from the attestations made when submitting, and apart
    from what is owed only "if you provide RSC" before the holder has said whether they do."""
    return [
        item
        for item in checklist.missing
        if item.section != "attestation" and item.params.get("applies") != "unknown"
    ]


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def checklist_json(checklist: rules.Checklist) -> list[dict]:
    return [
        {
            "key": i.key,
            "label": i.label,
            "met": i.met,
            "explanation": i.explanation,
            "code": i.code,
            "params": _plain(dict(i.params)),
        }
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
    provides_rsc: bool = False,
    note: str = "",
    today: date | None = None,
) -> RenewalSubmission:
    """Submit the renewal of `endorsement` for its current cycle.

    `provides_rsc`: the holder says they provide RSC to others (the hours on providing RSC
    then apply whatever the category). Side effects, in order: the endorsement row locked; the
    RenewalSubmission with the checklist as it stands; then, when the evidence meets the
    policy, either the audit
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
    checklist = renewal_checklist(
        cycle=cycle, ethics=ethics, no_sanctions=no_sanctions, provides_rsc=provides_rsc
    )
    met = checklist.complete and membership
    submission = RenewalSubmission.objects.create(
        endorsement=endorsement,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        status=RenewalStatus.SUBMITTED,
        ethics_attested=ethics,
        no_sanctions_attested=no_sanctions,
        membership_attested=membership,
        provides_rsc=provides_rsc,
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
        send_templated_email(
            "credentials_renewal_audit",
            to=endorsement.holder.email,
            context={
                "endorsement": endorsement,
                "link": _holder_link(),
                "valid_through": date_text(endorsement.valid_through),
            },
            idempotency_key=f"renewal-audit:{submission.pk}",
            kind="credentials_renewal_audit",
            about=endorsement,
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
    moved to the next deadline (history row); the submission approved; the audit row; the
    renewal-approved email queued in the outbox; after commit the certificate queued for
    re-rendering (its email, sent after the approval's, tells the holder). Raises
    RenewalNotAllowed.
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
    renewed = endorsement_transition(
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
    # The news of this version of the credential: its certificate's email waits for it.
    send_templated_email(
        "credentials_renewal_approved",
        to=endorsement.holder.email,
        context={
            "endorsement": endorsement,
            "valid_through": date_text(new_deadline),
            "link": _holder_link(),
        },
        idempotency_key=endorsement_news_key(renewed),
        kind="credentials_renewal_approved",
        about=endorsement,
    )
    submission.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def renewal_decline(*, submission: RenewalSubmission, actor, note: str) -> RenewalSubmission:
    """Decline a renewal (or fail an audit). Side effects, in order: nobody declines their
    own renewal or that of someone they declared a conflict with; the submission declined
    with the coordinator's note; the audit row; an email (outbox) telling the holder why and
    that they may submit again before the deadline and grace period end."""
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
    send_templated_email(
        "credentials_renewal_declined",
        to=endorsement.holder.email,
        context={
            "endorsement": endorsement,
            "note": note,
            "grace_ends": date_text(cycle.grace_ends),
            "link": _holder_link(),
        },
        idempotency_key=f"renewal-declined:{locked.pk}",
        kind="credentials_renewal_declined",
        about=endorsement,
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

"""Renewals: the cycle an endorsement is in, its checklist, submission, audit and decision.

The cycle ends on the endorsement's `valid_through` (its deadline) and is governed by the renewal
policy in force on that deadline (annual or 3-year; first-renewal skip and pro-rating are the
rules engine's business). Approval moves `valid_through` to the next deadline through
`endorsement_transition` (active -> active) and re-renders the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.services import stored_file_create
from applicants.uploads import CheckedUpload
from competencies import rules
from competencies import selectors as competency_selectors
from competencies.models import RenewalPolicy
from competencies.models.requirements import AuditConsequence
from core.mail import send_templated_email
from endorsements.facts import portfolio_facts
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.services.credentials import renewal_deadline
from endorsements.services.duties import OwnCaseRefused, refuse_own_case
from endorsements.services.transitions import endorsement_transition

from ..models import (
    RenewalEvent,
    RenewalStatus,
    RenewalSubmission,
)
from ..selectors import RenewalOffer, offer_decide
from .certificates import certificate_enqueue, date_text
from .renewal_transitions import audit_draw, audit_selected, renewal_transition

# A current credential renews in place, keeping its status (an emerging one renews like an
# active one and stays emerging).
RENEWABLE = (EndorsementStatus.ACTIVE, EndorsementStatus.EMERGING)
# Checklist sections an attestation may stand for (the hours), when the policy allows it.
ATTESTABLE_SECTIONS = ("training", "rsc")


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


def renewal_offer(*, endorsement: Endorsement, today: date | None = None) -> RenewalOffer:
    """Renew is offered only for a current credential, in an open cycle, with no renewal
    waiting or approved for that cycle, and not before the day after the deadline last
    renewed for (`offer_decide`)."""
    if endorsement.status not in RENEWABLE:
        return RenewalOffer(False, "not_renewable", None)
    cycle = renewal_cycle_for(endorsement=endorsement, today=today)
    renewals = list(
        RenewalSubmission.objects.filter(endorsement=endorsement).order_by("-submitted_at", "-pk")
    )
    return offer_decide(
        cycle=cycle,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        grace_ends=cycle.grace_ends,
        today=cycle.today,
        renewals=renewals,
    )


def met_by_attestation(
    *, policy: RenewalPolicy | None, checklist: rules.Checklist, hours_attested: bool
) -> bool:
    """Under a policy that allows it, the holder's attestation stands for hours not logged
    (the training and RSC items); anything else still has to be met."""
    if policy is None or not policy.renew_by_attestation or not hours_attested:
        return False
    return all(item.section in ATTESTABLE_SECTIONS for item in evidence_gaps(checklist))


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
    hours_attested: bool = False,
    today: date | None = None,
) -> RenewalSubmission:
    """Submit the renewal of `endorsement` for its current cycle.

    Side effects, in order: the endorsement row locked; the renewal must be offered
    (`renewal_offer`: current, open, nothing waiting or approved for the cycle); the
    RenewalSubmission with the checklist as it stands and its first history row; then, when
    the evidence meets the policy (or the holder's attestation stands for the hours, where
    the policy allows renewal by attestation), a random draw: inside the policy's audit share
    the renewal waits for evidence until the policy's audit deadline (holder emailed after
    commit, with the deadline and what happens without evidence), otherwise it is approved
    (`renewal_approve`). Anything short waits in the coordinators' queue.
    Raises RenewalNotAllowed.
    """
    today = today or timezone.localdate()
    endorsement = (
        Endorsement.objects.select_for_update(of=("self",))
        .select_related("category", "holder")
        .get(pk=endorsement.pk)
    )
    offer = renewal_offer(endorsement=endorsement, today=today)
    if not offer.offered:
        raise RenewalNotAllowed(_offer_refusal(offer))
    cycle = offer.cycle
    checklist = renewal_checklist(cycle=cycle, ethics=ethics, no_sanctions=no_sanctions)
    attested = met_by_attestation(
        policy=cycle.policy, checklist=checklist, hours_attested=hours_attested
    )
    met = membership and (checklist.complete or attested)
    try:
        with transaction.atomic():
            submission = RenewalSubmission.objects.create(
                endorsement=endorsement,
                cycle_start=cycle.start,
                cycle_end=cycle.end,
                status=RenewalStatus.SUBMITTED,
                ethics_attested=ethics,
                no_sanctions_attested=no_sanctions,
                membership_attested=membership,
                hours_attested=hours_attested,
                note=note,
                checklist=checklist_json(checklist),
                evidence_met=met,
                submitted_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise RenewalNotAllowed("You have already submitted the renewal for this cycle.") from exc
    RenewalEvent.objects.create(
        renewal=submission,
        to_status=RenewalStatus.SUBMITTED,
        actor=endorsement.holder,
        code="renewal_submitted",
        params={"by_attestation": attested},
    )
    if not met:
        return submission
    policy = cycle.policy
    percent = policy.audit_sample_percent if policy else Decimal(0)
    draw = audit_draw()
    submission.audit_draw = draw
    submission.save(update_fields=["audit_draw", "updated_at"])
    if audit_selected(draw=draw, percent=percent):
        due_on = today + timedelta(days=policy.audit_evidence_days)
        consequence = policy.audit_consequence
        renewal_transition(
            submission=submission,
            to=RenewalStatus.AUDIT,
            code="audit_selected",
            params={"due_on": due_on.isoformat(), "consequence": consequence},
            fields={"audit_due_on": due_on},
            on_commit=lambda s: send_templated_email(
                "credentials_renewal_audit",
                to=endorsement.holder.email,
                context={
                    "endorsement": endorsement,
                    "link": _holder_link(),
                    "valid_through": date_text(endorsement.valid_through),
                    "due_on": date_text(due_on),
                    "lapses": consequence == AuditConsequence.LAPSE,
                },
            ),
        )
        return submission
    return renewal_approve(submission=submission, actor=None, auto=True)


def _offer_refusal(offer: RenewalOffer) -> str:
    if offer.reason == "not_renewable":
        return _("Only a current endorsement can be renewed.")
    if offer.reason in ("waiting", "approved"):
        return "You have already submitted the renewal for this cycle."
    if offer.reason == "closed":
        return "The deadline and grace period for this renewal have passed."
    return _("The renewal for this cycle opens on %(day)s.") % {"day": date_text(offer.opens_on)}


@transaction.atomic
def renewal_audit_evidence_submit(
    *, submission: RenewalSubmission, upload: CheckedUpload, note: str = ""
) -> RenewalSubmission:
    """The audited holder's evidence. Side effects, in order: the submission locked (only one
    waiting for evidence); the file stored (private storage, StoredFile row); the submission
    moved to audit_submitted for a coordinator (history row)."""
    locked = RenewalSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != RenewalStatus.AUDIT:
        raise RenewalNotAllowed("This renewal is not waiting for audit evidence.")
    holder = locked.endorsement.holder
    return renewal_transition(
        submission=locked,
        to=RenewalStatus.AUDIT_SUBMITTED,
        actor=holder,
        code="audit_evidence_sent",
        fields={
            "evidence_file": stored_file_create(owner=holder, upload=upload),
            "evidence_note": note,
        },
    )


def _not_own(actor, submission: RenewalSubmission) -> None:
    try:
        refuse_own_case(actor=actor, person_id=submission.endorsement.holder_id)
    except OwnCaseRefused as refused:
        raise RenewalNotAllowed(str(refused)) from refused


@transaction.atomic
def renewal_approve(
    *, submission: RenewalSubmission, actor=None, note: str = "", auto: bool = False
) -> RenewalSubmission:
    """Approve a renewal (a coordinator, an audit passed, or the policy itself with `auto`).

    Side effects, in order: the submission locked (a second approval waits here, then finds
    it approved and is refused; the database allows one approved renewal per cycle too);
    nobody approves their own renewal; `endorsement_transition` keeping the status with
    `valid_through` moved to the next deadline (history row); the submission approved
    (history row); after commit the certificate queued for re-rendering (its email tells the
    holder) and a renewal-approved email. Raises RenewalNotAllowed.
    """
    locked = (
        RenewalSubmission.objects.select_for_update(of=("self",))
        .select_related("endorsement__category", "endorsement__holder")
        .get(pk=submission.pk)
    )
    if not auto:
        _not_own(actor, locked)
    allowed = {RenewalStatus.SUBMITTED, RenewalStatus.AUDIT_SUBMITTED}
    if locked.status not in allowed:
        raise RenewalNotAllowed("This renewal has already been decided.")
    endorsement = Endorsement.objects.select_for_update(of=("self",)).get(pk=locked.endorsement_id)
    if endorsement.valid_through != locked.cycle_end or endorsement.status not in RENEWABLE:
        raise RenewalNotAllowed("The endorsement is no longer in this renewal cycle.")
    new_deadline = next_deadline_after(
        category=locked.endorsement.category, deadline=locked.cycle_end
    )
    endorsement_transition(
        endorsement=endorsement,
        to=endorsement.status,
        actor=actor,
        code="renewed_automatically" if auto else "renewed",
        params={"cycle_end": locked.cycle_end.isoformat()},
        note=note,
        valid_through=new_deadline,
        on_commit=certificate_enqueue,
    )
    holder = locked.endorsement.holder
    approved = renewal_transition(
        submission=locked,
        to=RenewalStatus.APPROVED,
        actor=actor,
        code="renewal_approved_automatically" if auto else "renewal_approved",
        note=note,
        fields={
            "decided_at": timezone.now(),
            "decided_by": actor,
            "decision_note": note,
            "auto_approved": auto,
            "new_valid_through": new_deadline,
        },
        on_commit=lambda s: send_templated_email(
            "credentials_renewal_approved",
            to=holder.email,
            context={
                "endorsement": endorsement,
                "valid_through": date_text(new_deadline),
                "link": _holder_link(),
            },
        ),
    )
    submission.__dict__.update(
        {k: v for k, v in approved.__dict__.items() if not k.startswith("_")}
    )
    return approved


@transaction.atomic
def renewal_decline(*, submission: RenewalSubmission, actor, note: str) -> RenewalSubmission:
    """Decline a renewal (or fail an audit). Side effects, in order: the submission locked;
    nobody declines their own; the submission declined with the coordinator's note (history
    row); after commit an email telling the holder why and that they may submit again before
    the deadline and grace period end."""
    locked = (
        RenewalSubmission.objects.select_for_update(of=("self",))
        .select_related("endorsement__category", "endorsement__holder")
        .get(pk=submission.pk)
    )
    _not_own(actor, locked)
    if locked.status not in {
        RenewalStatus.SUBMITTED,
        RenewalStatus.AUDIT,
        RenewalStatus.AUDIT_SUBMITTED,
    }:
        raise RenewalNotAllowed("This renewal has already been decided.")
    endorsement = locked.endorsement
    cycle = renewal_cycle_for(endorsement=endorsement)
    return renewal_transition(
        submission=locked,
        to=RenewalStatus.DECLINED,
        actor=actor,
        code="renewal_declined",
        note=note,
        fields={"decided_at": timezone.now(), "decided_by": actor, "decision_note": note},
        on_commit=lambda s: send_templated_email(
            "credentials_renewal_declined",
            to=endorsement.holder.email,
            context={
                "endorsement": endorsement,
                "note": note,
                "grace_ends": date_text(cycle.grace_ends),
                "link": _holder_link(),
            },
        ),
    )

"""Renewals: whether one is offered, its submission (by evidence or by attestation), the audit
and the decision.

The cycle and its checklist are the calendar's (`cycles`, re-exported here). Approval moves
`valid_through` to the calendar's next deadline through `endorsement_transition` (keeping the
status) and re-renders the certificate. The renewal's own state machine is
`renewal_transitions`; renewals nobody decided in time are `overdue`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.services import stored_file_create
from applicants.uploads import CheckedUpload
from competencies import rules
from competencies.models import RenewalPolicy
from competencies.models.requirements import AuditConsequence
from competencies.rules.items import verified_trainings_cover
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from core.transitions import announce
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.review.conflicts import case_conflict_refuse
from endorsements.services.credentials import endorsement_news_key
from endorsements.services.transitions import endorsement_transition

from ..models import RenewalEvent, RenewalStatus, RenewalSubmission
from ..selectors import RenewalOffer, offer_decide
from .certificates import certificate_enqueue, date_text
from .cycles import (
    RenewalCycle,
    checklist_json,
    evidence_gaps,
    next_deadline_after,
    previous_deadline_for,
    renewal_checklist,
    renewal_cycle_for,
    rsc_provision_implied_by,
)
from .renewal_transitions import audit_draw, audit_selected, renewal_transition

__all__ = [
    "ATTESTABLE_SECTIONS",
    "RENEWABLE",
    "RenewalCycle",
    "RenewalNotAllowed",
    "checklist_json",
    "evidence_gaps",
    "met_by_attestation",
    "next_deadline_after",
    "previous_deadline_for",
    "renewal_approve",
    "renewal_audit_evidence_submit",
    "renewal_checklist",
    "renewal_cycle_for",
    "renewal_decline",
    "renewal_offer",
    "renewal_submit",
    "rsc_provision_implied_by",
]

# A current credential renews in place, keeping its status (an emerging one renews like an
# active one and stays emerging).
RENEWABLE = (EndorsementStatus.ACTIVE, EndorsementStatus.EMERGING)
# Checklist sections an attestation may stand for (the hours), when the policy allows it.
ATTESTABLE_SECTIONS = ("training", "rsc")


class RenewalNotAllowed(Exception):
    """The renewal cannot be submitted or decided now; the message says why, in plain words."""


def renewal_offer(*, endorsement: Endorsement, today: date | None = None) -> RenewalOffer:
    """Renew is offered only for a current credential, in an open cycle, with no renewal
    waiting or approved for that cycle, and not before the day after the deadline last
    renewed for (`offer_decide`). The cycle is the calendar's (`renewal_cycle_for`)."""
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
    (the training and RSC items, the hours on providing RSC among them); anything else still
    has to be met."""
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
    provides_rsc: bool = False,
    note: str = "",
    hours_attested: bool = False,
    today: date | None = None,
) -> RenewalSubmission:
    """Submit the renewal of `endorsement` for its current cycle.

    `provides_rsc`: the holder says they provide RSC to others (the hours on providing RSC
    then apply whatever the category). `hours_attested`: the holder attests to the cycle's
    hours (counts only where the policy allows renewal by attestation). Side effects, in
    order: the endorsement row locked; the renewal must be offered (`renewal_offer`: current,
    open, nothing waiting or approved for the cycle); the RenewalSubmission with the checklist
    as it stands and its first history row; then, when the evidence meets the policy (or the
    holder's attestation stands for the hours), a random draw: inside the policy's audit
    share the renewal waits for evidence until the policy's audit deadline (the holder's
    email, with the deadline and what happens without evidence, queued in the outbox),
    otherwise it is approved (`renewal_approve`). Anything short waits in the coordinators'
    queue. Raises RenewalNotAllowed.
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
    checklist = renewal_checklist(
        cycle=cycle, ethics=ethics, no_sanctions=no_sanctions, provides_rsc=provides_rsc
    )
    attested = met_by_attestation(
        policy=cycle.policy, checklist=checklist, hours_attested=hours_attested
    )
    # Membership is the checklist's own item, read from the association's records (never a
    # tick box): a record covering the deadline meets it; attesting to hours never does.
    membership_item = checklist.item("membership") if _has_item(checklist, "membership") else None
    membership = membership_item.met if membership_item is not None else True
    met = checklist.complete or attested
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
                provides_rsc=provides_rsc,
                hours_attested=hours_attested,
                note=note,
                checklist=checklist_json(checklist),
                evidence_met=met,
                submitted_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise RenewalNotAllowed(
            _("You have already submitted the renewal for this cycle.")
        ) from exc
    RenewalEvent.objects.create(
        renewal=submission,
        to_status=RenewalStatus.SUBMITTED,
        actor=endorsement.holder,
        code="renewal_submitted",
        params={"by_attestation": attested},
    )
    announce(submission, from_status="", to_status=submission.status)
    if not met:
        return submission
    policy = cycle.policy
    percent = policy.audit_sample_percent if policy else Decimal(0)
    draw = audit_draw()
    submission.audit_draw = draw
    submission.save(update_fields=["audit_draw", "updated_at"])
    # Verified trainings need no evidence: their providers' rosters are it. When they alone
    # meet every hours item (and no RSC hours are owed), an audit has nothing to ask for.
    if audit_selected(draw=draw, percent=percent) and not verified_trainings_cover(checklist.items):
        due_on = today + timedelta(days=policy.audit_evidence_days)
        consequence = policy.audit_consequence
        renewal_transition(
            submission=submission,
            to=RenewalStatus.AUDIT,
            code="audit_selected",
            params={"due_on": due_on.isoformat(), "consequence": consequence},
            fields={"audit_due_on": due_on},
        )
        send_templated_email(
            "credentials_renewal_audit",
            to=endorsement.holder.email,
            context={
                "endorsement": endorsement,
                "link": _holder_link(),
                "valid_through": endorsement.valid_through,
                "due_on": due_on,
                "lapses": consequence == AuditConsequence.LAPSE,
            },
            idempotency_key=f"renewal-audit:{submission.pk}",
            kind="credentials_renewal_audit",
            about=endorsement,
        )
        return submission
    return renewal_approve(submission=submission, actor=None, auto=True)


def _has_item(checklist: rules.Checklist, key: str) -> bool:
    return any(item.key == key for item in checklist.items)


def _offer_refusal(offer: RenewalOffer) -> str:
    if offer.reason == "not_renewable":
        return _("Only a current endorsement can be renewed.")
    if offer.reason in ("waiting", "approved"):
        return _("You have already submitted the renewal for this cycle.")
    if offer.reason == "closed":
        return _("The deadline and grace period for this renewal have passed.")
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
        raise RenewalNotAllowed(_("This renewal is not waiting for audit evidence."))
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


@transaction.atomic
def renewal_approve(
    *, submission: RenewalSubmission, actor=None, note: str = "", auto: bool = False
) -> RenewalSubmission:
    """Approve a renewal (a coordinator, an audit passed, or the policy itself with `auto`).

    Side effects, in order: the submission locked (a second approval waits here, then finds
    it approved and is refused; the database allows one approved renewal per cycle too);
    nobody approves their own renewal or that of someone they declared a conflict with
    (`case_conflict_refuse`; the policy approving by itself has no actor);
    `endorsement_transition` keeping the status with `valid_through` moved to the calendar's
    next deadline (history row); the submission approved (history row); the one audit row;
    the renewal-approved email queued in the outbox (the news of this version of the
    credential); after commit the certificate queued for re-rendering (its email, sent after
    the approval's, tells the holder). Raises RenewalNotAllowed.
    """
    locked = (
        RenewalSubmission.objects.select_for_update(of=("self",))
        .select_related("endorsement__category", "endorsement__holder")
        .get(pk=submission.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.endorsement.holder, refused=RenewalNotAllowed)
    allowed = {RenewalStatus.SUBMITTED, RenewalStatus.AUDIT_SUBMITTED}
    if locked.status not in allowed:
        raise RenewalNotAllowed(_("This renewal has already been decided."))
    endorsement = (
        Endorsement.objects.select_for_update(of=("self",))
        .select_related("category", "holder")
        .get(pk=locked.endorsement_id)
    )
    if endorsement.valid_through != locked.cycle_end or endorsement.status not in RENEWABLE:
        raise RenewalNotAllowed(_("The endorsement is no longer in this renewal cycle."))
    new_deadline = next_deadline_after(category=endorsement.category, deadline=locked.cycle_end)
    renewed = endorsement_transition(
        endorsement=endorsement,
        to=endorsement.status,
        actor=actor,
        code="renewed_automatically" if auto else "renewed",
        params={"cycle_end": locked.cycle_end.isoformat()},
        note=note,
        valid_through=new_deadline,
        on_commit=certificate_enqueue,
    )
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
    )
    _audit_decision(approved, actor=actor, outcome="approved")
    # The news of this version of the credential: its certificate's email waits for it.
    send_templated_email(
        "credentials_renewal_approved",
        to=endorsement.holder.email,
        context={
            "endorsement": renewed,
            "valid_through": new_deadline,
            "link": _holder_link(),
        },
        idempotency_key=endorsement_news_key(renewed),
        kind="credentials_renewal_approved",
        about=endorsement,
    )
    submission.__dict__.update(
        {k: v for k, v in approved.__dict__.items() if not k.startswith("_")}
    )
    return approved


@transaction.atomic
def renewal_decline(*, submission: RenewalSubmission, actor, note: str) -> RenewalSubmission:
    """Decline a renewal (or fail an audit). Side effects, in order: the submission locked;
    nobody declines their own renewal or that of someone they declared a conflict with
    (`case_conflict_refuse`); the submission declined with the coordinator's note (history
    row); the one audit row; an email (outbox) telling the holder why and that they may
    submit again before the deadline and grace period end."""
    locked = (
        RenewalSubmission.objects.select_for_update(of=("self",))
        .select_related("endorsement__category", "endorsement__holder")
        .get(pk=submission.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.endorsement.holder, refused=RenewalNotAllowed)
    if locked.status not in {
        RenewalStatus.SUBMITTED,
        RenewalStatus.AUDIT,
        RenewalStatus.AUDIT_SUBMITTED,
    }:
        raise RenewalNotAllowed(_("This renewal has already been decided."))
    endorsement = locked.endorsement
    cycle = renewal_cycle_for(endorsement=endorsement)
    declined = renewal_transition(
        submission=locked,
        to=RenewalStatus.DECLINED,
        actor=actor,
        code="renewal_declined",
        note=note,
        fields={"decided_at": timezone.now(), "decided_by": actor, "decision_note": note},
    )
    _audit_decision(declined, actor=actor, outcome="declined")
    send_templated_email(
        "credentials_renewal_declined",
        to=endorsement.holder.email,
        context={
            "endorsement": endorsement,
            "note": note,
            "grace_ends": cycle.grace_ends,
            "link": _holder_link(),
        },
        idempotency_key=f"renewal-declined:{locked.pk}",
        kind="credentials_renewal_declined",
        about=endorsement,
    )
    return declined


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

"""Holders' requests to a coordinator: complete an emerging endorsement, reinstate a lapsed one.

Both follow one state machine (`REQUEST_TRANSITIONS`: requested -> approved | declined) with a
history row per change. What was owed when asking is kept on the request.

- Completion: the holder of an emerging credential sees what is left of the application's
  checklist; once it is all met they ask, and a coordinator approves (no new review round):
  the application becomes endorsed and the credential active.
- Reinstatement: within the policy's window after a lapse, the holder asks with the hours of
  one cycle up to today (the policy's numbers), the fee schedule's reinstatement fee (what
  the invoice charges, `..fees`) and, where the policy asks, new
  reference ratings; a coordinator approves (the credential comes back with the deadline of
  the cycle it is in) or declines with a reason. After the window a new application is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies import rules
from competencies.models import RenewalPolicy
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from core.transitions import HistoryAudience, TransitionNotAllowed, announce, transition
from endorsements.models import ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.review.conflicts import case_conflict_refuse
from endorsements.selectors import entered_on, reinstate_until, status_before
from endorsements.services.credentials import endorsement_news_key
from endorsements.services.transitions import application_transition, endorsement_transition

from ..fees import fee_stated_cents
from ..models import (
    REQUEST_TRANSITIONS,
    CredentialRequest,
    CredentialRequestEvent,
    RequestKind,
    RequestStatus,
)
from .certificates import certificate_enqueue
from .cycles import checklist_json, evidence_gaps, reinstatement_cycle, reinstatement_deadline
from .cycles import renewal_checklist as _renewal_checklist

E = EndorsementStatus


class RequestRefused(Exception):
    """The request cannot be made or decided; the message says why in plain words."""


# --- What is owed ------------------------------------------------------------------------------


def emerging_checklist(endorsement: Endorsement) -> rules.Checklist | None:
    """The live checklist of the application an emerging credential came from."""
    from endorsements.selectors import application_evaluation

    application = endorsement.application
    if application is None:
        return None
    return application_evaluation(application=application).checklist


@dataclass(frozen=True)
class ReinstatementTerms:
    """What reinstating a lapsed credential asks today, from the renewal policy."""

    lapsed_on: date
    window_ends: date
    policy: RenewalPolicy | None
    checklist: rules.Checklist
    fee_cents: int | None  # the schedule's reinstatement fee today (what is invoiced)
    references: int
    today: date
    valid_through: date  # where approval today brings it: the calendar's next deadline

    @property
    def open(self) -> bool:
        return self.today <= self.window_ends

    @property
    def fee(self) -> Decimal | None:
        """The fee as the request keeps it (`CredentialRequest.fee_amount`, in units)."""
        return Decimal(self.fee_cents) / 100 if self.fee_cents else None

    @property
    def gaps(self) -> list[rules.ChecklistItem]:
        return evidence_gaps(self.checklist)


def reinstatement_terms(
    *, endorsement: Endorsement, today: date | None = None
) -> ReinstatementTerms | None:
    """For a lapsed credential: the window (policy in force on the missed deadline), and the
    hours owed now (`reinstatement_cycle`: one cycle of the policy governing the deadline it
    would come back to on the calendar, counted back from today)."""
    today = today or timezone.localdate()
    if endorsement.status != E.LAPSED:
        return None
    since = entered_on(endorsement, E.LAPSED) or endorsement.valid_through
    cycle = reinstatement_cycle(endorsement=endorsement, today=today)
    policy = cycle.policy
    return ReinstatementTerms(
        lapsed_on=since,
        window_ends=reinstate_until(endorsement),
        policy=policy,
        checklist=_renewal_checklist(cycle=cycle, ethics=True, no_sanctions=True),
        fee_cents=fee_stated_cents(kind="reinstatement", category=endorsement.category, on=today),
        references=policy.reinstatement_references if policy else 0,
        today=today,
        valid_through=cycle.next_deadline,
    )


def open_request(endorsement: Endorsement) -> CredentialRequest | None:
    return CredentialRequest.objects.filter(
        endorsement=endorsement, status=RequestStatus.REQUESTED
    ).first()


# --- The state machine -------------------------------------------------------------------------


@transaction.atomic
def credential_request_transition(
    *,
    request: CredentialRequest,
    to: str,
    actor=None,
    code: str = "",
    note: str = "",
    fields: dict | None = None,
    on_commit=None,
) -> CredentialRequest:
    """Move a request through REQUEST_TRANSITIONS with a history row the holder sees.
    Raises TransitionNotAllowed."""

    def history(locked: CredentialRequest, current: str) -> None:
        CredentialRequestEvent.objects.create(
            request=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            audience=HistoryAudience.APPLICANT,
            code=code,
            note=note,
        )

    return transition(
        instance=request,
        to=to,
        table=REQUEST_TRANSITIONS,
        history=history,
        fields=fields,
        on_commit=on_commit,
    )


def _create(*, endorsement: Endorsement, kind: str, actor, note: str, **fields):
    try:
        with transaction.atomic():
            request = CredentialRequest.objects.create(
                endorsement=endorsement, kind=kind, note=note.strip(), **fields
            )
    except IntegrityError as exc:
        raise RequestRefused(_("You have asked already: a coordinator will answer.")) from exc
    CredentialRequestEvent.objects.create(
        request=request,
        actor=actor,
        to_status=RequestStatus.REQUESTED,
        audience=HistoryAudience.APPLICANT,
        code=f"{kind}_requested",
    )
    announce(request, from_status="", to_status=request.status)
    return request


def _lock(endorsement: Endorsement) -> Endorsement:
    return (
        Endorsement.objects.select_for_update(of=("self",))
        .select_related("category", "holder", "application")
        .get(pk=endorsement.pk)
    )


@transaction.atomic
def completion_request(*, endorsement: Endorsement, actor, note: str = "") -> CredentialRequest:
    """The holder of an emerging credential asks to complete it.

    Side effects, in order: the credential locked; only its holder, only while emerging, only
    with the application's checklist met now (evaluated here, never trusted from the page);
    the CredentialRequest with that checklist and its first history row. Coordinators see it
    in their queue and daily digest. Raises RequestRefused.
    """
    locked = _lock(endorsement)
    if actor is None or actor.pk != locked.holder_id:
        raise RequestRefused(_("Only the holder can ask to complete an endorsement."))
    if locked.status != E.EMERGING:
        raise RequestRefused(_("Only an emerging endorsement can be completed."))
    checklist = emerging_checklist(locked)
    if checklist is None or not checklist.complete:
        raise RequestRefused(_("Some requirements are still in progress: finish them first."))
    return _create(
        endorsement=locked,
        kind=RequestKind.COMPLETION,
        actor=actor,
        note=note,
        checklist=checklist_json(checklist),
    )


@transaction.atomic
def reinstatement_request(
    *, endorsement: Endorsement, actor, note: str = "", today: date | None = None
) -> CredentialRequest:
    """The holder of a lapsed credential asks to reinstate it, within the window.

    Side effects, in order: the credential locked; only its holder, only lapsed, only within
    the policy's window, only with the hours owed met (the attestations are made on the
    form); the CredentialRequest with the checklist, the stated fee and the number of new
    references, and its first history row. Raises RequestRefused.
    """
    locked = _lock(endorsement)
    if actor is None or actor.pk != locked.holder_id:
        raise RequestRefused(_("Only the holder can ask to reinstate an endorsement."))
    terms = reinstatement_terms(endorsement=locked, today=today)
    if terms is None:
        raise RequestRefused(_("Only a lapsed endorsement can be reinstated."))
    if not terms.open:
        raise RequestRefused(_("The time to reinstate has passed: apply again instead."))
    if terms.gaps:
        raise RequestRefused(_("Some of the hours owed are not logged yet: add them first."))
    return _create(
        endorsement=locked,
        kind=RequestKind.REINSTATEMENT,
        actor=actor,
        note=note,
        checklist=checklist_json(terms.checklist),
        fee_amount=terms.fee,
        references_required=terms.references,
    )


# --- Decisions ---------------------------------------------------------------------------------


def _tell_holder(name: str, request: CredentialRequest, *, key: str) -> None:
    """Queue the holder's answer to their request in the caller's transaction under `key`."""
    endorsement = request.endorsement
    send_templated_email(
        name,
        to=endorsement.holder.email,
        context={
            "request": request,
            "endorsement": endorsement,
            "holder": endorsement.holder,
            "category": endorsement.category,
            "reinstatement": request.kind == RequestKind.REINSTATEMENT,
            "link": settings.SITE_URL + reverse("credentials:my_endorsements"),
        },
        idempotency_key=key,
        kind=name,
        about=endorsement,
    )


def _locked_request(request: CredentialRequest, actor) -> CredentialRequest:
    locked = (
        CredentialRequest.objects.select_for_update(of=("self",))
        .select_related("endorsement__holder", "endorsement__category", "endorsement__application")
        .get(pk=request.pk)
    )
    case_conflict_refuse(actor=actor, subject=locked.endorsement.holder, refused=RequestRefused)
    if locked.status != RequestStatus.REQUESTED:
        raise RequestRefused(_("This request has been answered already."))
    return locked


@transaction.atomic
def credential_request_approve(
    *,
    request: CredentialRequest,
    actor,
    reason: str = "",
    references_checked: bool = False,
    today: date | None = None,
) -> CredentialRequest:
    """Approve a holder's request.

    Side effects, in order: the request locked; nobody approves their own or a declared
    conflict's (`case_conflict_refuse`); a reinstatement
    needing new references needs `references_checked`. Completion: the application moves
    endorsed as emerging -> endorsed, which makes the credential active (history rows). A
    reinstatement: the credential lapsed -> what it was before, valid through the deadline of
    the calendar's next deadline (`reinstatement_deadline`; history row). Then the request
    approved (history row); the holder's `credentials_request_approved` queued in the outbox
    (the news of the credential's new version); the audit event; after commit the
    certificate queued (its email waits for the news). Raises RequestRefused.
    """
    today = today or timezone.localdate()
    locked = _locked_request(request, actor)
    endorsement = _lock(locked.endorsement)
    reason = reason.strip()
    try:
        if locked.kind == RequestKind.COMPLETION:
            if endorsement.status != E.EMERGING or endorsement.application is None:
                raise RequestRefused(_("This endorsement is no longer emerging."))
            application_transition(
                application=endorsement.application,
                to=ApplicationStatus.ENDORSED,
                actor=actor,
                code="emerging_completed",
            )
            action = AuditAction.EMERGING_COMPLETED
        else:
            if locked.references_required and not references_checked:
                raise RequestRefused(
                    _("Confirm that the new reference ratings have been received and read.")
                )
            if endorsement.status != E.LAPSED:
                raise RequestRefused(_("This endorsement is no longer lapsed."))
            endorsement_transition(
                endorsement=endorsement,
                to=status_before(endorsement, E.LAPSED),
                actor=actor,
                code="reinstated",
                note=reason,
                valid_through=reinstatement_deadline(category=endorsement.category, today=today),
                on_commit=certificate_enqueue,
            )
            action = AuditAction.CREDENTIAL_REINSTATED
    except TransitionNotAllowed as refused:
        raise RequestRefused(_("This endorsement cannot be changed now.")) from refused
    approved = credential_request_transition(
        request=locked,
        to=RequestStatus.APPROVED,
        actor=actor,
        code="request_approved",
        note=reason,
        fields={"decided_at": timezone.now(), "decided_by": actor, "decision_reason": reason},
    )
    # The news of the credential's new version: its certificate's email waits for it.
    renewed = Endorsement.objects.get(pk=endorsement.pk)
    _tell_holder("credentials_request_approved", approved, key=endorsement_news_key(renewed))
    audit_record(
        action=action,
        actor=actor,
        target=endorsement,
        details={"request": locked.pk, "kind": locked.kind},
        application_id=endorsement.application_id,
        subject=endorsement.holder,
    )
    return approved


@transaction.atomic
def credential_request_decline(*, request: CredentialRequest, actor, reason: str):
    """Decline a holder's request with a reason they read.

    Side effects, in order: the request locked; nobody declines their own or a declared
    conflict's; the reason is
    required; the request declined (history row); the holder's
    `credentials_request_declined` queued in the outbox; the audit event. Raises
    RequestRefused.
    """
    locked = _locked_request(request, actor)
    reason = reason.strip()
    if not reason:
        raise RequestRefused(_("Give the reason: the holder reads it."))
    declined = credential_request_transition(
        request=locked,
        to=RequestStatus.DECLINED,
        actor=actor,
        code="request_declined",
        note=reason,
        fields={"decided_at": timezone.now(), "decided_by": actor, "decision_reason": reason},
    )
    _tell_holder("credentials_request_declined", declined, key=f"request-declined:{locked.pk}")
    audit_record(
        action=AuditAction.REQUEST_DECLINED,
        actor=actor,
        target=locked.endorsement,
        details={"request": locked.pk, "kind": locked.kind, "reason": reason},
        application_id=locked.endorsement.application_id,
        subject=locked.endorsement.holder,
    )
    return declined

"""The credential's life after issue: suspension, revocation, archive and un-archive.

Every change goes through `endorsement_transition` (the table next to the model, a history row
each). Coordinators suspend and revoke with a reason, never their own credential; holders
archive a category they no longer want and may un-archive it within the policy's window.
Verification, the registry and the reports read the status live, so they follow at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies import selectors as competency_selectors
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from core.transitions import TransitionNotAllowed
from endorsements.models import Endorsement, EndorsementEvent, EndorsementStatus
from endorsements.review.conflicts import case_conflict_refuse
from endorsements.selectors import status_before, unarchive_until
from endorsements.services.credentials import endorsement_news_key
from endorsements.services.transitions import endorsement_transition

from .certificates import certificate_enqueue, date_text

E = EndorsementStatus
# What a holder may archive: anything not already archived, revoked or suspended (a
# suspension is a coordinator's matter and is not ended by archiving).
ARCHIVABLE = (E.ACTIVE, E.EMERGING, E.LAPSED)
SUSPENDABLE = (E.ACTIVE, E.EMERGING)


class CredentialActionRefused(Exception):
    """The change cannot be made; the message says why in plain words."""


def _holder_link() -> str:
    return settings.SITE_URL + reverse("credentials:my_endorsements")


def _tell_holder(name: str, endorsement: Endorsement, *, news: bool = False, **context) -> None:
    """Queue the holder's email about this version of their credential (in the caller's
    transaction), once per change. With `news` (the credential is current again) under the
    credential's news key, which the certificate rendered for the new version waits for."""
    send_templated_email(
        name,
        to=endorsement.holder.email,
        context={
            "endorsement": endorsement,
            "holder": endorsement.holder,
            "category": endorsement.category,
            "link": _holder_link(),
            "verify_link": settings.SITE_URL
            + reverse("credentials:verify", kwargs={"code": endorsement.verification_code}),
            **context,
        },
        idempotency_key=endorsement_news_key(endorsement)
        if news
        else f"{name}:{endorsement.pk}:{endorsement.updated_at.isoformat()}",
        kind=name,
        about=endorsement,
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise CredentialActionRefused(_("Give the reason: the holder reads it."))
    return reason


def _not_own(actor, endorsement: Endorsement) -> None:
    """Nobody acts on their own credential, nor on that of someone they declared a conflict
    with (the separation-of-duties guard)."""
    case_conflict_refuse(actor=actor, subject=endorsement.holder, refused=CredentialActionRefused)


def _move(
    endorsement: Endorsement, *, to: str, actor, code: str, note: str = "", on_commit=None
) -> Endorsement:
    try:
        return endorsement_transition(
            endorsement=endorsement, to=to, actor=actor, code=code, note=note, on_commit=on_commit
        )
    except TransitionNotAllowed as refused:
        raise CredentialActionRefused(
            _("That cannot be done now: the endorsement's status is %(status)s.")
            % {"status": endorsement.get_status_display()}
        ) from refused


@transaction.atomic
def endorsement_suspend(*, endorsement: Endorsement, actor, reason: str) -> Endorsement:
    """Suspend a current credential (a licensing-board matter under review, say).

    Side effects, in order: nobody suspends their own credential or a declared
    conflict's (`case_conflict_refuse`); the reason is required;
    `endorsement_transition` to suspended with the reason (history row the holder sees); the
    holder's `credentials_suspended` queued in the outbox; the audit event. Raises
    CredentialActionRefused.
    """
    _not_own(actor, endorsement)
    reason = _reason(reason)
    if endorsement.status not in SUSPENDABLE:
        raise CredentialActionRefused(_("Only a current endorsement can be suspended."))
    moved = _move(
        endorsement,
        to=E.SUSPENDED,
        actor=actor,
        code="suspended",
        note=reason,
    )
    _tell_holder("credentials_suspended", moved, reason=reason)
    audit_record(
        action=AuditAction.CREDENTIAL_SUSPENDED,
        actor=actor,
        target=moved,
        details={"reason": reason},
        application_id=moved.application_id,
        subject=moved.holder,
    )
    return moved


@transaction.atomic
def endorsement_suspension_lift(*, endorsement: Endorsement, actor, reason: str) -> Endorsement:
    """End a suspension: the credential is what it was before (active or emerging).

    Side effects, in order: as `endorsement_suspend` for the checks; `endorsement_transition`
    back to the earlier status; the holder's `credentials_suspension_lifted` queued in the
    outbox; the audit event. Raises CredentialActionRefused.
    """
    _not_own(actor, endorsement)
    reason = _reason(reason)
    if endorsement.status != E.SUSPENDED:
        raise CredentialActionRefused(_("This endorsement is not suspended."))
    moved = _move(
        endorsement,
        to=status_before(endorsement, E.SUSPENDED),
        actor=actor,
        code="suspension_lifted",
        note=reason,
    )
    _tell_holder("credentials_suspension_lifted", moved, news=True, reason=reason)
    audit_record(
        action=AuditAction.CREDENTIAL_UNSUSPENDED,
        actor=actor,
        target=moved,
        details={"reason": reason},
        application_id=moved.application_id,
        subject=moved.holder,
    )
    return moved


@transaction.atomic
def endorsement_revoke(*, endorsement: Endorsement, actor, reason: str) -> Endorsement:
    """Revoke a credential for good.

    Side effects, in order: nobody revokes their own credential or a declared
    conflict's (`case_conflict_refuse`); the reason is required;
    `endorsement_transition` to revoked with the reason; the holder's `credentials_revoked`
    queued in the outbox; the audit event. Raises CredentialActionRefused.
    """
    _not_own(actor, endorsement)
    reason = _reason(reason)
    moved = _move(
        endorsement,
        to=E.REVOKED,
        actor=actor,
        code="revoked",
        note=reason,
    )
    _tell_holder("credentials_revoked", moved, reason=reason)
    audit_record(
        action=AuditAction.CREDENTIAL_REVOKED,
        actor=actor,
        target=moved,
        details={"reason": reason},
        application_id=moved.application_id,
        subject=moved.holder,
    )
    return moved


@transaction.atomic
def endorsement_archive(*, endorsement: Endorsement, actor) -> Endorsement:
    """The holder archives a category they no longer want.

    Side effects, in order: only the holder may; only an active, emerging or lapsed
    credential; `endorsement_transition` to archived (off the registry, verification says
    archived, renewal reminders stop). Raises CredentialActionRefused.
    """
    if actor is None or actor.pk != endorsement.holder_id:
        raise CredentialActionRefused(_("Only the holder can archive an endorsement."))
    if endorsement.status not in ARCHIVABLE:
        raise CredentialActionRefused(_("This endorsement cannot be archived now."))
    return _move(endorsement, to=E.ARCHIVED, actor=actor, code="archived")


@transaction.atomic
def endorsement_unarchive(*, endorsement: Endorsement, actor, today: date | None = None):
    """The holder takes an archived category back, within the policy's window.

    Side effects, in order: only the holder, only within `unarchive_window_days` of the
    archive; back to what it was (active or emerging), or lapsed when its deadline and grace
    period have passed meanwhile; `endorsement_transition` (history row); after commit the
    certificate is queued when the credential is current again. Raises
    CredentialActionRefused.
    """
    today = today or timezone.localdate()
    if actor is None or actor.pk != endorsement.holder_id:
        raise CredentialActionRefused(_("Only the holder can un-archive an endorsement."))
    until = unarchive_until(endorsement)
    if until is None:
        raise CredentialActionRefused(_("This endorsement is not archived."))
    if today > until:
        raise CredentialActionRefused(
            _("The time to un-archive ended on %(day)s: apply again instead.")
            % {"day": date_text(until)}
        )
    target = status_before(endorsement, E.ARCHIVED)
    event = (
        EndorsementEvent.objects.filter(endorsement=endorsement, to_status=E.ARCHIVED)
        .order_by("-effective_on", "-pk")
        .first()
    )
    if event is not None and event.from_status == E.LAPSED:
        target = E.LAPSED
    policy = competency_selectors.renewal_policy_in_effect(
        category=endorsement.category, on=endorsement.valid_through
    )
    grace = policy.grace_period_days if policy is not None else 0
    if target != E.LAPSED and endorsement.valid_through + timedelta(days=grace) < today:
        target = E.LAPSED
    if (
        target != E.LAPSED
        and Endorsement.objects.filter(
            holder_id=endorsement.holder_id,
            category_id=endorsement.category_id,
            status__in=[E.ACTIVE, E.EMERGING, E.SUSPENDED],
        )
        .exclude(pk=endorsement.pk)
        .exists()
    ):
        raise CredentialActionRefused(_("You hold this category again already."))
    return _move(
        endorsement,
        to=target,
        actor=actor,
        code="unarchived",
        on_commit=certificate_enqueue if target != E.LAPSED else None,
    )

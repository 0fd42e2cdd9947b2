"""Organisations: registration by their own staff, a coordinator's decision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from core.transitions import HistoryAudience, transition

from ..models import (
    ORGANISATION_TRANSITIONS,
    Membership,
    Organisation,
    OrganisationEvent,
    OrganisationStatus,
)


class AlreadyMember(Exception):
    """The person already works for an organisation here."""


@transaction.atomic
def organisation_register(*, user: User, name: str, kind: str, purpose: str = "") -> Organisation:
    """A signed-in person registers their organisation and becomes its first staff member.

    Side effects, in order: the organisation (waiting for a coordinator), its first history
    row, the membership, an audit row. Raises AlreadyMember.
    """
    if Membership.objects.filter(user=user).exists():
        raise AlreadyMember
    organisation = Organisation.objects.create(name=name, kind=kind, purpose=purpose)
    OrganisationEvent.objects.create(
        organisation=organisation,
        actor=user,
        to_status=organisation.status,
        code="organisation_registered",
    )
    Membership.objects.create(organisation=organisation, user=user)
    audit_record(action=AuditAction.ORGANISATION_REGISTERED, actor=user, target=organisation)
    return organisation


@transaction.atomic
def organisation_transition(
    *, organisation: Organisation, to: str, actor: User, note: str = ""
) -> Organisation:
    """Approve, decline, suspend or restore an organisation (coordinators only).

    Side effects, in order: the row locked and the move checked (TransitionNotAllowed);
    status and decision saved; a history row; an audit row; an email to each staff member
    (through the outbox) saying what was decided.
    """
    if not actor.is_coordinator:
        raise PermissionError("only coordinators decide on organisations")

    def history(locked: Organisation, current: str) -> None:
        OrganisationEvent.objects.create(
            organisation=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            code=f"organisation_{to}",
            note=note,
            audience=HistoryAudience.APPLICANT,
        )

    locked = transition(
        instance=organisation,
        to=to,
        table=ORGANISATION_TRANSITIONS,
        history=history,
        fields={"decided_at": timezone.now(), "decided_by": actor},
    )
    audit_record(
        action=AuditAction.ORGANISATION_DECIDED,
        actor=actor,
        target=locked,
        details={"to": to},
    )
    if to in (OrganisationStatus.APPROVED, OrganisationStatus.DECLINED):
        for membership in locked.memberships.select_related("user"):
            send_templated_email(
                "organisations_decided",
                to=membership.user.email,
                context={
                    "organisation": locked.name,
                    "approved": to == OrganisationStatus.APPROVED,
                    "note": note,
                    "given_name": membership.user.given_name,
                },
                idempotency_key=f"organisation-decided:{locked.pk}:{to}:{membership.user_id}",
                kind="organisation_decided",
                about=locked,
            )
    return locked

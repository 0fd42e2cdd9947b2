"""Writes of membership records: staff entries, applicants' claims and their confirmation.

The member-list import is in `imports.py` (reading the file) and `member_list.py` (preview
and confirmation); the dues reminders in `reminders.py`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditAction

from .models import Membership, MembershipSource, MembershipStatus

RECORD_FIELDS = ("association", "membership_type", "number", "starts_on", "ends_on")


class MembershipRefused(Exception):
    """The change cannot be made; the message says why, for the person."""


def _refuse_own(*, person, actor) -> None:
    # Nobody decides their own case: a coordinator's own membership is kept by a colleague.
    if actor is not None and actor.pk == person.pk:
        raise MembershipRefused(
            _("You cannot record or confirm your own membership. Ask another coordinator.")
        )


def _clash(*, person, association, starts_on, exclude_pk=None) -> bool:
    qs = Membership.objects.filter(
        person=person, association=association, starts_on=starts_on, status="recorded"
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


CLASH = _(
    "This person already has a record of this association starting on that day. Change that "
    "record instead."
)


@transaction.atomic
def membership_record(
    *,
    person,
    actor,
    association=None,
    membership_type: str,
    number: str = "",
    starts_on: date,
    ends_on: date,
    source: str = MembershipSource.STAFF,
    imported_from=None,
) -> Membership:
    """A coordinator records a period of membership. Side effects: the row; an audit row.
    Raises MembershipRefused (their own record; a record with that start already)."""
    _refuse_own(person=person, actor=actor)
    if _clash(person=person, association=association, starts_on=starts_on):
        raise MembershipRefused(str(CLASH))
    record = Membership.objects.create(
        person=person,
        association=association,
        membership_type=membership_type,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        status=MembershipStatus.RECORDED,
        source=source,
        recorded_by=actor,
        imported_from=imported_from,
    )
    audit_record(
        action=AuditAction.MEMBERSHIP_RECORDED,
        actor=actor,
        target=record,
        subject=person,
        details={"source": source, "ends_on": ends_on.isoformat()},
    )
    return record


@transaction.atomic
def membership_update(*, record: Membership, actor, data: dict) -> Membership:
    """A coordinator corrects a record (`data`: any of RECORD_FIELDS). Side effects: the row
    locked and saved; an audit row naming the fields changed. Raises MembershipRefused."""
    record = Membership.objects.select_for_update().get(pk=record.pk)
    _refuse_own(person=record.person, actor=actor)
    changed = [f for f in RECORD_FIELDS if f in data and getattr(record, f) != data[f]]
    if not changed:
        return record
    for field in changed:
        setattr(record, field, data[field])
    if _clash(
        person=record.person,
        association=record.association,
        starts_on=record.starts_on,
        exclude_pk=record.pk,
    ):
        raise MembershipRefused(str(CLASH))
    record.recorded_by = actor
    record.save()
    audit_record(
        action=AuditAction.MEMBERSHIP_CHANGED,
        actor=actor,
        target=record,
        subject=record.person,
        details={"fields": changed},
    )
    return record


@transaction.atomic
def membership_claim_submit(*, person, number: str, ends_on: date | None) -> Membership | None:
    """What an applicant typed in their profile becomes a claim waiting for a coordinator.

    Side effects: the person's claim waiting is replaced by this one (or withdrawn when both
    are empty); nothing when the same claim is already waiting, or a record with this number
    and end date already stands (typing again what is recorded is no new claim). Returns the
    claim waiting, if any."""
    number = (number or "").strip()
    waiting = Membership.objects.select_for_update().filter(person=person, status="claimed").first()
    if not number and ends_on is None:
        if waiting is not None:
            waiting.delete()
        return None
    if waiting is not None and waiting.number == number and waiting.ends_on == ends_on:
        return waiting
    recorded = Membership.objects.filter(person=person, status="recorded", ends_on=ends_on)
    if number:
        recorded = recorded.filter(number=number)
    if ends_on is not None and recorded.exists():
        if waiting is not None:
            waiting.delete()
        return None
    if waiting is not None:
        waiting.number, waiting.ends_on = number, ends_on
        waiting.save(update_fields=["number", "ends_on", "updated_at"])
        return waiting
    return Membership.objects.create(
        person=person,
        number=number,
        ends_on=ends_on,
        status=MembershipStatus.CLAIMED,
        source=MembershipSource.CLAIM,
    )


@transaction.atomic
def membership_claim_confirm(
    *,
    claim: Membership,
    actor,
    starts_on: date,
    ends_on: date,
    membership_type: str,
    number: str = "",
    association=None,
) -> Membership:
    """A coordinator checked the claim (against the association's list, a receipt) and
    confirms it with the dates they found. Side effects: the claim row locked and turned into
    a record (source `claim`); an audit row. Raises MembershipRefused (their own claim; no
    longer waiting; a record with that start already)."""
    claim = Membership.objects.select_for_update().select_related("person").get(pk=claim.pk)
    if claim.status != MembershipStatus.CLAIMED:
        raise MembershipRefused(_("This claim is no longer waiting for confirmation."))
    _refuse_own(person=claim.person, actor=actor)
    if _clash(person=claim.person, association=association, starts_on=starts_on):
        raise MembershipRefused(str(CLASH))
    claim.status = MembershipStatus.RECORDED
    claim.starts_on, claim.ends_on = starts_on, ends_on
    claim.membership_type = membership_type
    claim.number = number or claim.number
    claim.association = association
    claim.recorded_by = actor
    claim.save()
    audit_record(
        action=AuditAction.MEMBERSHIP_CLAIM_DECIDED,
        actor=actor,
        target=claim,
        subject=claim.person,
        details={"confirmed": True, "ends_on": ends_on.isoformat()},
    )
    return claim


@transaction.atomic
def membership_claim_reject(*, claim: Membership, actor, reason: str) -> Membership:
    """A coordinator could not confirm the claim. Side effects: the claim row locked, marked
    not confirmed with the reason (shown to the applicant on their profile); an audit row."""
    claim = Membership.objects.select_for_update().select_related("person").get(pk=claim.pk)
    if claim.status != MembershipStatus.CLAIMED:
        raise MembershipRefused(_("This claim is no longer waiting for confirmation."))
    _refuse_own(person=claim.person, actor=actor)
    claim.status = MembershipStatus.REJECTED
    claim.rejection_reason = reason
    claim.recorded_by = actor
    claim.save(update_fields=["status", "rejection_reason", "recorded_by", "updated_at"])
    audit_record(
        action=AuditAction.MEMBERSHIP_CLAIM_DECIDED,
        actor=actor,
        target=claim,
        subject=claim.person,
        details={"confirmed": False},
    )
    return claim

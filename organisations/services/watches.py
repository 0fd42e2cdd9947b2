"""Watching credentials and the daily digest of their changes."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from endorsements.credentials import selectors as credential_selectors
from endorsements.models import Endorsement

from ..models import DigestRun, Organisation, OrganisationStatus, VerificationRecord, Watch

# What a digest reports, as codes; the email writes the sentence.
LAPSED, SUSPENDED, REVOKED, ARCHIVED = "lapsed", "suspended", "revoked", "archived"
BACK, RENEWED = "reinstated", "renewed"


@transaction.atomic
def watch_start(*, organisation: Organisation, user: User, endorsements: list[Endorsement]) -> int:
    """Watch these credentials (those already watched are left as they are). Returns how
    many are newly watched. Side effects: the watches, one VerificationRecord each (the
    holder sees who watches them), one audit row."""
    existing = set(
        Watch.objects.filter(organisation=organisation, endorsement__in=endorsements).values_list(
            "endorsement_id", flat=True
        )
    )
    new = [e for e in {e.pk: e for e in endorsements}.values() if e.pk not in existing]
    Watch.objects.bulk_create(
        [
            Watch(
                organisation=organisation,
                endorsement=e,
                created_by=user,
                seen_status=e.status,
                seen_valid_through=e.valid_through,
            )
            for e in new
        ]
    )
    VerificationRecord.objects.bulk_create(
        [VerificationRecord(organisation=organisation, endorsement=e, channel="watch") for e in new]
    )
    if new:
        audit_record(
            action=AuditAction.WATCH_CHANGED,
            actor=user,
            target=organisation,
            details={"started": [e.pk for e in new]},
        )
    return len(new)


@transaction.atomic
def watch_stop(*, watch: Watch, user: User) -> None:
    audit_record(
        action=AuditAction.WATCH_CHANGED,
        actor=user,
        target=watch.organisation,
        details={"stopped": [watch.endorsement_id]},
    )
    watch.delete()


def change_of(watch: Watch, endorsement: Endorsement) -> str | None:
    """What happened to a watched credential since the organisation last heard, as a code,
    or None. Whether it is current is the credentials' own answer (verification facts)."""
    now_current = credential_selectors.verification_facts(endorsement)["current"]
    if endorsement.status != watch.seen_status:
        if endorsement.status in (LAPSED, SUSPENDED, REVOKED, ARCHIVED):
            return endorsement.status
        if now_current:
            return BACK
    if now_current and endorsement.valid_through > watch.seen_valid_through:
        return RENEWED
    return None


def organisation_digest_send(*, organisation: Organisation, day: date) -> int:
    """Send the organisation's digest for `day` if anything changed; returns the changes.

    Safe to run twice: the day is claimed first (DigestRun, unique), and the claim, the moved
    watches and the emails (outbox rows) commit together, or none of them does.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(organisation=organisation, day=day)
        except IntegrityError:
            return 0  # already sent today
        watches = list(
            Watch.objects.select_for_update(of=("self",))
            .filter(organisation=organisation)
            .select_related("endorsement__category")
        )
        changes = []
        for watch in watches:
            e = watch.endorsement
            code = change_of(watch, e)
            if code is None:
                continue
            changes.append(
                {
                    "code": code,
                    "name": e.printed_name,
                    "number": e.number,
                    "category": e.category.name,
                    "valid_through": e.valid_through,
                }
            )
            watch.seen_status, watch.seen_valid_through = e.status, e.valid_through
        if not changes:
            return 0
        Watch.objects.bulk_update(watches, ["seen_status", "seen_valid_through"])
        run.changes = len(changes)
        run.save(update_fields=["changes"])
        changes.sort(key=lambda c: (c["code"], c["name"]))
        for membership in organisation.memberships.select_related("user"):
            send_templated_email(
                "organisations_digest",
                to=membership.user.email,
                context={
                    "organisation": organisation.name,
                    "given_name": membership.user.given_name,
                    "changes": changes,
                    "count": len(changes),
                    "day": day,
                },
                idempotency_key=f"organisation-digest:{organisation.pk}:{day}:{membership.user_id}",
                kind="organisation_digest",
                about=organisation,
            )
        return len(changes)


def organisation_digests_send(*, day: date | None = None) -> int:
    """The daily job: every approved organisation that watches someone."""
    day = day or timezone.localdate()
    sent = 0
    organisations = Organisation.objects.filter(
        status=OrganisationStatus.APPROVED, watches__isnull=False
    ).distinct()
    for organisation in organisations:
        sent += organisation_digest_send(organisation=organisation, day=day)
    return sent

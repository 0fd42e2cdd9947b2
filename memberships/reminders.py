"""Dues reminders: members are told, at each offset of the membership reminder policy, that
their membership of the association ends, with the same guarantees as the renewal reminders
(`endorsements.credentials.services.reminders`).

Exactly once: a reminder is claimed by inserting its `MembershipReminderLog(membership, offset,
ends_on)` row with ON CONFLICT DO NOTHING under a fresh claim token; the unique constraint
decides between two runs at once. In the same transaction each claimed reminder becomes an
outbox message (the recipient's language), so a claim is never left without its email and
running the job twice sends nothing twice. A record whose end moves (renewed on the same row)
is reminded again for its new end; one followed by a later period of the same person is not
reminded at all (already renewed).

The first reminder of a period is also the moment its dues fall due: the reminder announces
the record (`core.transitions.announce`, status "renewal_due") and the fees app, which follows
it, raises the dues invoice (never twice: its event names the record and end date). This app
never imports fees.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core.mail import send_templated_emails
from core.transitions import announce

from .models import Membership, MembershipReminderLog, MembershipReminderPolicy

RENEWAL_DUE = "renewal_due"


def _renewed():
    """A later period of the same person's membership of this association."""
    return Exists(
        Membership.objects.filter(
            person=OuterRef("person"),
            association__isnull=True,
            status="recorded",
            ends_on__gt=OuterRef("ends_on"),
        )
    )


def reminder_windows(*, today: date, offsets: list[int]) -> dict[int, Q]:
    """For each offset (largest first), the records due that reminder today: an end date `d`
    with `today + next smaller offset < d <= today + offset` (on the day itself normally; on
    the next run if a day was missed or the record was entered inside the window)."""
    windows = {}
    for index, offset in enumerate(offsets):
        lower = offsets[index + 1] if index + 1 < len(offsets) else 0
        windows[offset] = Q(
            ends_on__gt=today + timedelta(days=lower), ends_on__lte=today + timedelta(days=offset)
        )
    return windows


def _offsets(today: date) -> list[int]:
    policy = (
        MembershipReminderPolicy.objects.filter(effective_from__lte=today)
        .order_by("-effective_from")
        .first()
    )
    return policy.reminder_offsets if policy else []


@transaction.atomic
def membership_reminders_claim(*, today: date | None = None) -> list[int]:
    """Claim every dues reminder due today and queue its email; returns the claimed log ids.

    Side effects, in one transaction: MembershipReminderLog rows (conflicts ignored); for each
    claimed record the "renewal_due" announcement (the fees app's dues invoice); the emails in
    the outbox; the rows marked sent. Queries: the policy, one per offset, the inserts, one to
    read back this run's claims, then per claimed record its announcement, and three for the
    emails."""
    today = today or timezone.localdate()
    token = uuid.uuid4().hex
    for offset, window in reminder_windows(today=today, offsets=_offsets(today)).items():
        due = list(
            Membership.objects.filter(window, status="recorded", association__isnull=True)
            .exclude(_renewed())
            .values_list("pk", "ends_on")
        )
        MembershipReminderLog.objects.bulk_create(
            [
                MembershipReminderLog(
                    membership_id=pk, offset_days=offset, ends_on=ends_on, claim=token
                )
                for pk, ends_on in due
            ],
            ignore_conflicts=True,
        )
    claimed = list(
        MembershipReminderLog.objects.filter(claim=token)
        .select_related("membership__person")
        .order_by("pk")
    )
    if not claimed:
        return []
    for log in claimed:
        announce(log.membership, from_status=log.membership.status, to_status=RENEWAL_DUE)
    link = settings.SITE_URL + reverse("memberships:mine")
    send_templated_emails(
        [
            {
                "name": "memberships_dues_reminder",
                "to": log.membership.person.email,
                "context": {
                    "person": log.membership.person,
                    "membership": log.membership,
                    "ends_on": log.ends_on,
                    "days": (log.ends_on - today).days,
                    "link": link,
                    # By URL name: this app imports nothing of fees.
                    "invoices_link": settings.SITE_URL + reverse("fees:my_invoices"),
                },
                "idempotency_key": f"membership-reminder:{log.pk}",
                "kind": "memberships_dues_reminder",
                "about": log.membership,
                "reminder": True,
            }
            for log in claimed
        ]
    )
    MembershipReminderLog.objects.filter(claim=token).update(sent_at=timezone.now())
    return [log.pk for log in claimed]

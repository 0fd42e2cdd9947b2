"""The daily job: renewal reminders at each configured offset, and lapses after the grace period.

Exactly once: a reminder is *claimed* by inserting its `ReminderLog(endorsement, kind, offset,
cycle_end)` row with ON CONFLICT DO NOTHING under a fresh claim token; the unique constraint
decides between two jobs running at once. In the same transaction each claimed reminder becomes
an outbox message (rendered later, on the worker: `emails.py`), so a claim is never left without
its email: a long SMTP outage, a lost task or a killed worker leave the message queued in the
outbox, which sends it once the mail server is back, exactly once.

Fast: candidates come from one query per offset (policies are few, read once), claims and their
messages are bulk inserts, and the slow part (each person's checklist, each lapse) runs on the
worker.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from competencies.models import RenewalPolicy
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.models.credentials import CURRENT_STATUSES
from endorsements.services.transitions import TransitionNotAllowed, endorsement_transition
from messaging.services import DeferredMessage, messages_queue_deferred

from ..models import LIVE_RENEWAL, ReminderKind, ReminderLog, RenewalSubmission
from .notices import lapse_notice
from .overdue import renewals_lapse_overdue
from .renewals import evidence_gaps, renewal_checklist, renewal_cycle_for

logger = logging.getLogger(__name__)

# Reminders go to, and lapses come from, current credentials only: a suspended, archived,
# lapsed or revoked one gets none.
CURRENT = tuple(sorted(CURRENT_STATUSES))
CLAIM_BATCH = 5000
LAPSE_CHUNK = 200


def _policies() -> list[RenewalPolicy]:
    return list(RenewalPolicy.objects.order_by("category_id", "effective_from"))


def _in_range(policy: RenewalPolicy, field: str = "valid_through") -> Q:
    q = Q(**{f"{field}__gte": policy.effective_from})
    if policy.effective_to is not None:
        q &= Q(**{f"{field}__lte": policy.effective_to})
    return Q(category_id=policy.category_id) & q


def _renewal_in_hand():
    """A renewal waiting or approved for the endorsement's current cycle."""
    return Exists(
        RenewalSubmission.objects.filter(
            endorsement=OuterRef("pk"),
            cycle_end=OuterRef("valid_through"),
            status__in=sorted(LIVE_RENEWAL),
        )
    )


def reminder_windows(*, today: date, policies: list[RenewalPolicy]) -> dict[int, Q]:
    """For each offset, the condition on endorsements due a reminder at that offset today.

    A deadline `d` gets the reminder for offset `o` of the policy in force on `d` when
    `today + next smaller offset < d <= today + o`: on the day itself normally, and on the next
    run if a day was missed (or for someone endorsed inside the window).
    """
    windows: dict[int, Q] = defaultdict(Q)
    for policy in policies:
        offsets = policy.reminder_offsets  # largest first
        for index, offset in enumerate(offsets):
            lower = offsets[index + 1] if index + 1 < len(offsets) else 0
            condition = _in_range(policy) & Q(
                valid_through__gt=today + timedelta(days=lower),
                valid_through__lte=today + timedelta(days=offset),
            )
            windows[offset] = windows[offset] | condition if offset in windows else condition
    return dict(windows)


RENEWAL_REMINDER_RENDERER = "credentials.renewal_reminder"


def renewal_reminder_key(reminder_id: int) -> str:
    return f"renewal-reminder:{reminder_id}"


@transaction.atomic
def reminders_claim(*, today: date) -> list[int]:
    """Claim every renewal reminder due today; returns the ids of the rows this run claimed.

    Side effects, in one transaction: ReminderLog rows inserted (conflicts ignored), each with
    `sent_at` (queued) and its outbox message. Queries: the policies, two per offset (the
    endorsements due, the claims already made for their deadlines), one insert per 5,000
    claims, one to read back this run's claims, two per 5,000 messages.
    """
    token = uuid.uuid4().hex
    policies = _policies()
    claimed_any = False
    for offset, condition in sorted(reminder_windows(today=today, policies=policies).items()):
        due = list(
            Endorsement.objects.filter(condition, status__in=CURRENT)
            .exclude(_renewal_in_hand())
            .values_list("pk", "valid_through")
        )
        if not due:
            continue
        # The reminders already claimed for these deadlines, read as a set rather than joined:
        # a join planned on stale statistics (the log grows by tens of thousands of rows in
        # one run) compared every due endorsement with every claim, 80 s instead of 0.1 s.
        already = set(
            ReminderLog.objects.filter(
                kind=ReminderKind.RENEWAL,
                offset_days=offset,
                cycle_end__range=(min(d for _, d in due), max(d for _, d in due)),
            ).values_list("endorsement_id", "cycle_end")
        )
        candidates = [row for row in due if row not in already]
        for start in range(0, len(candidates), CLAIM_BATCH):
            ReminderLog.objects.bulk_create(
                [
                    ReminderLog(
                        endorsement_id=pk,
                        kind=ReminderKind.RENEWAL,
                        offset_days=offset,
                        cycle_end=deadline,
                        claim=token,
                    )
                    for pk, deadline in candidates[start : start + CLAIM_BATCH]
                ],
                ignore_conflicts=True,
            )
            claimed_any = True
    if not claimed_any:
        return []
    claimed = list(
        ReminderLog.objects.filter(claim=token)
        .order_by("pk")
        .values_list("pk", "endorsement_id", "endorsement__holder__email")
    )
    for start in range(0, len(claimed), CLAIM_BATCH):
        messages_queue_deferred(
            [
                DeferredMessage(
                    renderer=RENEWAL_REMINDER_RENDERER,
                    to=email,
                    idempotency_key=renewal_reminder_key(pk),
                    kind="credentials_renewal_reminder",
                    params={"reminder_id": pk},
                    about=("endorsements.endorsement", endorsement_id),
                    reminder=True,
                )
                for pk, endorsement_id, email in claimed[start : start + CLAIM_BATCH]
            ]
        )
    ReminderLog.objects.filter(claim=token).update(sent_at=timezone.now())
    return [pk for pk, _endorsement, _email in claimed]


def renewal_reminder_render(*, reminder_id: int):
    """The renewal reminder of one claim, rendered on the worker when the outbox sends it:
    what is still missing for the renewal. None (not sent) when the endorsement was renewed
    or lapsed since it was claimed."""
    from messaging.renderers import Rendered

    log = (
        ReminderLog.objects.select_related("endorsement__holder", "endorsement__category")
        .filter(pk=reminder_id)
        .first()
    )
    if log is None:
        return None
    endorsement = log.endorsement
    if endorsement.status not in CURRENT or endorsement.valid_through != log.cycle_end:
        return None
    cycle = renewal_cycle_for(endorsement=endorsement)
    gaps = evidence_gaps(renewal_checklist(cycle=cycle))
    return Rendered(
        "credentials_renewal_reminder",
        {
            "endorsement": endorsement,
            "days": (log.cycle_end - timezone.localdate()).days,
            "deadline": log.cycle_end,
            "gaps": gaps,
            "link": settings.SITE_URL + reverse("credentials:renew", kwargs={"pk": endorsement.pk}),
        },
    )


def reminders_send(*, reminder_ids: list[int]) -> dict:
    """Send the outbox messages of these claimed reminders now (each at most once: the outbox
    claims every message before sending it). Returns the outbox's counts."""
    from messaging.models import Message
    from messaging.services import messages_send

    ids = list(
        Message.objects.filter(
            idempotency_key__in=[renewal_reminder_key(pk) for pk in reminder_ids]
        ).values_list("pk", flat=True)
    )
    return messages_send(message_ids=ids)


def lapse_candidates(
    *, today: date, policies: list[RenewalPolicy] | None = None, within: list[int] | None = None
) -> list[int]:
    """Current endorsements whose deadline plus the grace period of the policy in force on that
    deadline has passed, without a renewal in hand (only among `within` when given). One query
    after the policies."""
    policies = _policies() if policies is None else policies
    condition = Q(pk__in=[])
    for policy in policies:
        condition |= _in_range(policy) & Q(
            valid_through__lt=today - timedelta(days=policy.grace_period_days)
        )
    # Deadlines no policy covers lapse the day after, without grace.
    covered = Exists(
        RenewalPolicy.objects.filter(category=OuterRef("category"))
        .filter(effective_from__lte=OuterRef("valid_through"))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=OuterRef("valid_through")))
    )
    condition |= Q(~covered, valid_through__lt=today)
    qs = Endorsement.objects.filter(condition, status__in=CURRENT)
    if within is not None:
        qs = qs.filter(pk__in=within)
    return list(qs.exclude(_renewal_in_hand()).order_by("pk").values_list("pk", flat=True))


def endorsements_lapse(*, endorsement_ids: list[int], today: date) -> int:
    """Lapse each endorsement still past its grace period; returns how many lapsed.

    Side effects, per endorsement: `endorsement_transition` to lapsed, dated the day after the
    grace period ended (history row; the public registry and verification show it at once)
    and the holder's email queued in the outbox, in one transaction. Safe to run twice or at
    once: the transition locks the row and refuses a second lapse.
    """
    lapsed = 0
    due = set(lapse_candidates(today=today, within=endorsement_ids))
    for endorsement in Endorsement.objects.filter(pk__in=endorsement_ids).select_related(
        "holder", "category"
    ):
        if endorsement.pk not in due:
            continue
        cycle = renewal_cycle_for(endorsement=endorsement, today=today)
        try:
            with transaction.atomic():
                lapsed_row = endorsement_transition(
                    endorsement=endorsement,
                    to=EndorsementStatus.LAPSED,
                    code="lapsed_not_renewed",
                    effective_on=cycle.grace_ends + timedelta(days=1),
                )
                lapse_notice(endorsement, version=lapsed_row)
        except TransitionNotAllowed:
            continue
        lapsed += 1
    return lapsed


def reminders_and_lapses_run(*, today: date | None = None) -> dict:
    """Claim today's reminders (their emails go out through the outbox) and find today's
    lapses; hand the lapses to the worker in chunks. A lapse chunk that cannot be queued is
    found again by tomorrow's run (the candidates are recomputed every day).

    Renewals still waiting for a decision (or audits without evidence) past what the policy
    allows are closed and their credentials lapsed here, in the job itself: they are few.
    """
    from core.broker import enqueue

    from ..tasks.reminders import endorsements_lapse as lapse_task

    today = today or timezone.localdate()
    claimed = reminders_claim(today=today)
    lapsing = lapse_candidates(today=today)
    undecided = renewals_lapse_overdue(today=today)

    def fan_out():
        for start in range(0, len(lapsing), LAPSE_CHUNK):
            if not enqueue(
                lapse_task,
                endorsement_ids=lapsing[start : start + LAPSE_CHUNK],
                today=today.isoformat(),
            ):
                break

    transaction.on_commit(fan_out, robust=True)
    return {
        "reminders_claimed": len(claimed),
        "lapsing": len(lapsing),
        "undecided_lapsed": undecided,
    }

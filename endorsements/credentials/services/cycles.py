"""The renewal cycle an endorsement is in, and what it asks: the calendar's dates and shares.

The cycle ends on the endorsement's `valid_through` (its deadline) and is governed by the renewal
policy in force on that deadline (annual or 3-year). The calendar (where deadlines fall, the move
from the annual model onto the 3-year grid, the first-renewal skip and pro-rating) is the rules
engine's (`competencies.rules.calendar`); this module gives it the category's policies and the
holder's last renewal (or reinstatement). A reinstatement asks the hours of one cycle counted
back from today and brings the credential back to the calendar's next deadline
(`reinstatement_cycle`), so it sits on the same grid as everyone else's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from competencies import rules
from competencies import selectors as competency_selectors
from competencies.models import RenewalPolicy
from endorsements.facts import portfolio_facts
from endorsements.models import Endorsement
from endorsements.models.credentials import CURRENT_STATUSES

from ..fees import fee_stated_cents
from ..models import RenewalStatus, RenewalSubmission


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
    # The last day whose hours were counted before: the deadline of the last approved renewal,
    # or the day of an approved reinstatement's request (`previous_reinstated`).
    previous_deadline: date | None = None
    first_renewal_skipped: bool = False
    # The category whose holders all provide RSC that this holder holds (this one or another
    # current endorsement), or "": then the hours on providing RSC apply without asking.
    rsc_provision_implied_by: str = ""
    previous_reinstated: bool = False
    # A reinstatement catching up on a whole cycle counted back from today: no first-renewal
    # skip and no pro-rating (`reinstatement_cycle`).
    catch_up: bool = False

    @property
    def late(self) -> bool:
        return self.end < self.today <= self.grace_ends

    @property
    def closed(self) -> bool:
        return self.today > self.grace_ends

    @property
    def spec(self) -> rules.RenewalSpec:
        spec = self.policy.to_spec() if self.policy else rules.RenewalSpec()
        if self.catch_up:
            spec = dataclasses.replace(spec, first_renewal_skip=False, pro_rate=False)
        return spec

    @cached_property
    def late_fee_cents(self) -> int | None:
        """The late renewal fee the schedule charges today, while the renewal is late."""
        if not self.late:
            return None
        return fee_stated_cents(
            kind="late_renewal", category=self.endorsement.category, on=self.today
        )

    @cached_property
    def renewal_fee_cents(self) -> int | None:
        """The renewal fee the schedule charges today (invoiced when the renewal is sent)."""
        return fee_stated_cents(kind="renewal", category=self.endorsement.category, on=self.today)

    @property
    def pro_rated(self) -> bool:
        return self.fraction != 1 and not self.first_renewal_skipped

    @property
    def counts_from_reason(self) -> str:
        """Why hours count from `counts_from`: "cycle" (its first day), "endorsed" (the
        endorsement day), "previous_renewal" (the day after the last renewal's deadline) or
        "reinstated" (the day after the reinstatement counted its hours)."""
        if self.counts_from is None or self.counts_from == self.start:
            return "cycle"
        if self.previous_deadline and self.counts_from == self.previous_deadline + timedelta(1):
            return "reinstated" if self.previous_reinstated else "previous_renewal"
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


def counted_up_to(*, endorsement: Endorsement, before: date) -> tuple[date | None, bool]:
    """The last day before `before` whose hours were counted already, and whether it was a
    reinstatement: the deadline of the last approved renewal, or the day an approved
    reinstatement was asked for (its hours were counted back from that day), whichever is
    later. Those hours never count again. One query."""
    from ..models import CredentialRequest, RequestKind, RequestStatus

    renewed = (
        RenewalSubmission.objects.filter(
            endorsement=OuterRef("pk"), status=RenewalStatus.APPROVED, cycle_end__lt=before
        )
        .order_by("-cycle_end")
        .values("cycle_end")[:1]
    )
    reinstated = (
        CredentialRequest.objects.filter(
            endorsement=OuterRef("pk"),
            kind=RequestKind.REINSTATEMENT,
            status=RequestStatus.APPROVED,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    row = (
        Endorsement.objects.filter(pk=endorsement.pk)
        .annotate(renewed=Subquery(renewed), reinstated=Subquery(reinstated))
        .values_list("renewed", "reinstated")
        .first()
    )
    renewed_on, reinstated_at = row or (None, None)
    reinstated_on = timezone.localdate(reinstated_at) if reinstated_at else None
    if (
        reinstated_on is not None
        and reinstated_on < before
        and (renewed_on is None or reinstated_on > renewed_on)
    ):
        return reinstated_on, True
    return renewed_on, False


def previous_deadline_for(*, endorsement: Endorsement, before: date) -> date | None:
    """The last day before `before` whose hours were counted for an earlier cycle (the last
    approved renewal's deadline, or a reinstatement's day): they never count again."""
    return counted_up_to(endorsement=endorsement, before=before)[0]


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
    previous, reinstated = counted_up_to(endorsement=endorsement, before=deadline)
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
        previous_reinstated=reinstated,
    )


def reinstatement_deadline(*, category, today: date) -> date:
    """Where a reinstatement approved `today` brings the credential: the calendar's next
    deadline after today (the end of the cycle it is in now, on the category's grid)."""
    found = rules.deadline_after(
        today, competency_selectors.renewal_calendar_for(category=category)
    )
    if found is not None:
        return found
    # No policy governs a later deadline: the next 31 December, as the calendar's default.
    return rules.grid_deadline_after(today, anchor=date(2000, 12, 31), cycle_years=1)


def reinstatement_cycle(*, endorsement: Endorsement, today: date) -> RenewalCycle:
    """The hours a lapsed holder owes to reinstate today: one whole cycle of the policy that
    governs the deadline it would come back to (`reinstatement_deadline`), counted back from
    today, never reaching hours an earlier renewal counted; owed in full (no first-renewal
    skip or pro-rating: the holder is catching up, not joining part way)."""
    deadline = reinstatement_deadline(category=endorsement.category, today=today)
    policy = competency_selectors.renewal_policy_in_effect(
        category=endorsement.category, on=deadline
    ) or competency_selectors.renewal_policy_in_effect(
        category=endorsement.category, on=endorsement.valid_through
    )
    spec = policy.to_spec() if policy else rules.RenewalSpec()
    start = rules.cycle_start_for(deadline=today, cycle_years=spec.cycle_years)
    previous, reinstated = counted_up_to(endorsement=endorsement, before=today + timedelta(1))
    dates = rules.cycle_dates(
        deadline=today,
        policy=dataclasses.replace(spec, first_renewal_skip=False, pro_rate=False),
        endorsed_on=endorsement.issued_on,
        previous_deadline=previous,
        full_start=start,
    )
    return RenewalCycle(
        endorsement=endorsement,
        policy=policy,
        start=start,
        end=today,
        grace_ends=today,
        next_deadline=deadline,
        today=today,
        counts_from=dates.counts_from,
        fraction=dates.fraction,
        previous_deadline=previous,
        rsc_provision_implied_by=rsc_provision_implied_by(endorsement=endorsement, on=deadline),
        previous_reinstated=reinstated,
        catch_up=True,
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
    """The checklist as stored on a submission: codes and values, no prose (the page writes
    it with competencies.checklist_text in the reader's language)."""
    return [
        {
            "key": i.key,
            "met": i.met,
            "code": i.code,
            "params": _plain(dict(i.params)),
        }
        for i in checklist.items
    ]

"""Evaluate a renewal cycle against a renewal policy, with pro-rating and the first-renewal skip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .calendar import cycle_dates, owed_fraction
from .common import round_up_half
from .items import _attestation_items, _training_items
from .rsc import _rsc_items, classify_rsc_sessions
from .types import ZERO, Checklist, ChecklistItem, PortfolioFacts, RenewalSpec


def renewal_fraction(
    *, cycle_start: date, cycle_end: date, endorsed_on: date, pro_rate: bool
) -> Decimal:
    """The share of the cycle's hours owed by someone endorsed on `endorsed_on`, by days."""
    return owed_fraction(
        policy=RenewalSpec(pro_rate=pro_rate),
        full_start=cycle_start,
        cycle_end=cycle_end,
        counts_from=max(cycle_start, endorsed_on),
    )


def rsc_provision_applies(policy: RenewalSpec, provides_rsc: bool | None) -> str:
    """Whether the hours on providing RSC are owed: by every holder of a category whose
    holders provide RSC, and by every other holder who says they provide it (mi-aimh.org:
    "if you are a provider of RSC"). "unknown" until the holder has said."""
    if policy.rsc_provision_implied:
        return "category"
    if provides_rsc is None:
        return "unknown"
    return "holder" if provides_rsc else "no"


def evaluate_renewal(
    facts: PortfolioFacts,
    policy: RenewalSpec,
    *,
    cycle_start: date,
    cycle_end: date,
    endorsed_on: date,
    previous_deadline: date | None = None,
) -> Checklist:
    """The ordered checklist for renewing at the end of the cycle `cycle_start`..`cycle_end`.

    - Hours count from the latest of the cycle start, the endorsement day and the day after
      `previous_deadline` (the deadline of the last renewal): never hours counted before.
    - A first renewal (no previous deadline) of someone endorsed during the cycle under
      `first_renewal_skip`: one met item, nothing owed.
    - Entered part way through the cycle under `pro_rate`: every hour figure times the share
      left (by days, or by whole years: `pro_rate_by`), rounded up to the half hour.
    - The hours on providing RSC apply as `rsc_provision_applies` says.
    - Membership must run at least to the cycle end.
    """
    dates = cycle_dates(
        deadline=cycle_end,
        policy=policy,
        endorsed_on=endorsed_on,
        previous_deadline=previous_deadline,
        full_start=cycle_start,
    )
    if dates.skipped:
        return Checklist(
            items=(
                ChecklistItem(
                    key="first_renewal_skipped",
                    met=True,
                    required=None,
                    actual=None,
                    section="attestation",
                    code="first_renewal_skipped",
                    params={"endorsed_on": endorsed_on},
                ),
            )
        )
    fraction = dates.fraction

    def owed(hours: Decimal) -> Decimal:
        return hours if fraction == 1 else round_up_half(hours * fraction)

    count_from = dates.counts_from
    # What names the cycle in the sentences: its dates and, when pro-rated, why.
    period = {
        "count_from": count_from,
        "cycle_end": cycle_end,
        "pro_rated_percent": None,
        "pro_rate_reason": "",
        "endorsed_on": endorsed_on,
        "previous_deadline": previous_deadline,
    }
    if fraction != 1:
        period["pro_rated_percent"] = (fraction * 100).quantize(Decimal("1"))
        period["pro_rate_reason"] = "endorsed" if count_from == endorsed_on else "last_renewal"
    trainings = [t for t in facts.trainings if count_from <= t.date <= cycle_end]
    breakdown = classify_rsc_sessions(
        facts.rsc_sessions,
        on=cycle_end,
        window_start=count_from,
        provider_codes=policy.rsc_provider_codes,
        count_unconfirmed=policy.count_unconfirmed_rsc,
    )
    items = [
        *_training_items(
            trainings,
            total=owed(policy.training_hours),
            dei=owed(policy.training_dei_hours),
            rsc_provision=owed(policy.training_rsc_provision_hours),
            period=period,
            requires_competency=policy.training_requires_competency,
            rsc_provision_applies=rsc_provision_applies(policy, facts.attestations.provides_rsc),
        ),
        *_rsc_items(breakdown, hours=owed(policy.rsc_hours), focus_hours=ZERO, period=period),
        *_attestation_items(
            facts.attestations,
            on=cycle_end,
            ethics=policy.ethics_required,
            membership=policy.membership_required,
            other_accepted=policy.other_association_membership_accepted,
            sanctions=policy.sanctions_attestation_required,
        ),
    ]
    return Checklist(items=tuple(items))

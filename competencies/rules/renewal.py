"""Evaluate a renewal cycle against a renewal policy, with pro-rating and the first-renewal skip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .common import day_text, round_up_half
from .items import _attestation_items, _training_items
from .rsc import _rsc_items, classify_rsc_sessions
from .types import ZERO, Checklist, ChecklistItem, PortfolioFacts, RenewalSpec


def renewal_fraction(
    *, cycle_start: date, cycle_end: date, endorsed_on: date, pro_rate: bool
) -> Decimal:
    """The share of the cycle's hours owed: 1, or the remaining fraction for a mid-cycle start."""
    if not pro_rate or endorsed_on <= cycle_start:
        return Decimal(1)
    if endorsed_on > cycle_end:
        return ZERO
    remaining = (cycle_end - endorsed_on).days + 1
    total = (cycle_end - cycle_start).days + 1
    return Decimal(remaining) / Decimal(total)


def evaluate_renewal(
    facts: PortfolioFacts,
    policy: RenewalSpec,
    *,
    cycle_start: date,
    cycle_end: date,
    endorsed_on: date,
) -> Checklist:
    """The ordered checklist for renewing at the end of the cycle `cycle_start`..`cycle_end`.

    - Endorsed during the cycle with `first_renewal_skip`: one met item, nothing owed.
    - Endorsed during the cycle with `pro_rate`: every hour figure times the remaining fraction of
      the cycle (from the endorsement day to the end, inclusive), rounded up to the half hour.
    - Hours count from the later of the cycle start and the endorsement day to the cycle end.
    - Membership must run at least to the cycle end.
    """
    mid_cycle = endorsed_on > cycle_start
    if mid_cycle and policy.first_renewal_skip:
        return Checklist(
            items=(
                ChecklistItem(
                    key="first_renewal_skipped",
                    label="First renewal",
                    met=True,
                    required=None,
                    actual=None,
                    explanation=(
                        f"Endorsed on {day_text(endorsed_on)}, during this cycle: your first "
                        "renewal is skipped and nothing is owed this time."
                    ),
                    section="attestation",
                ),
            )
        )
    fraction = renewal_fraction(
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        endorsed_on=endorsed_on,
        pro_rate=policy.pro_rate,
    )

    def owed(hours: Decimal) -> Decimal:
        return hours if fraction == 1 else round_up_half(hours * fraction)

    count_from = max(cycle_start, endorsed_on)
    period = f" between {day_text(count_from)} and {day_text(cycle_end)}"
    if fraction != 1:
        percent = (fraction * 100).quantize(Decimal("1"))
        period += f" (pro-rated to {percent}% of the cycle: endorsed on {day_text(endorsed_on)})"
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
        ),
        *_rsc_items(
            breakdown, hours=owed(policy.rsc_hours), focus_hours=ZERO, period=period.lstrip()
        ),
        *_attestation_items(
            facts.attestations,
            on=cycle_end,
            ethics=policy.ethics_required,
            membership=policy.membership_required,
            sanctions=policy.sanctions_attestation_required,
        ),
    ]
    return Checklist(items=tuple(items))

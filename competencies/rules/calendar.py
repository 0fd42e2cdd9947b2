"""The renewal calendar: when deadlines fall, which cycle a deadline closes, and what share of
a cycle's hours is owed.

Every renewal policy of a category governs the deadlines inside its effective range, and those
fall on a grid: its `cycle_anchor` and every `cycle_years` years before and after it (no anchor:
every 31 December). The calendar of a category is the union of its policies' grids. The shipped
3-year policy anchors on 31 December 2027; a 2027 deadline closes the cycle that began on
1 January 2025.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .common import months_after, months_before, whole_months_between
from .types import ZERO, RenewalSpec

DEFAULT_ANCHOR = date(2000, 12, 31)


def _anchor(policy: RenewalSpec) -> date:
    return policy.cycle_anchor or DEFAULT_ANCHOR


def grid_deadline_after(day: date, *, anchor: date, cycle_years: int) -> date:
    """The first date strictly after `day` of the grid `anchor` + k * `cycle_years` years."""
    step = 12 * max(cycle_years, 1)
    k = (day.year - anchor.year) // max(cycle_years, 1) - 1
    candidate = months_after(anchor, k * step)
    while candidate <= day:
        k += 1
        candidate = months_after(anchor, k * step)
    return candidate


def _policies(policies: Iterable[RenewalSpec]) -> list[RenewalSpec]:
    return sorted(
        (p for p in policies if p.effective_from is not None), key=lambda p: p.effective_from
    )


def policy_on(day: date, policies: Iterable[RenewalSpec]) -> RenewalSpec | None:
    """The policy in force on `day` (the latest to have started and not ended)."""
    found = None
    for p in _policies(policies):
        if p.effective_from <= day and (p.effective_to is None or day <= p.effective_to):
            found = p
    return found


def deadline_after(day: date, policies: Iterable[RenewalSpec]) -> date | None:
    """The first deadline of the calendar strictly after `day` (None: no policy governs one)."""
    found = []
    for p in _policies(policies):
        start = max(day, p.effective_from - timedelta(days=1))
        candidate = grid_deadline_after(start, anchor=_anchor(p), cycle_years=p.cycle_years)
        if p.effective_to is None or candidate <= p.effective_to:
            found.append(candidate)
    return min(found, default=None)


def first_deadline(*, endorsed_on: date, policies: Iterable[RenewalSpec]) -> date | None:
    """A new endorsement's first deadline: the first one strictly after the endorsement day
    (nothing is ever owed on the day of endorsement), or the one after it where the policy
    governing that deadline skips a newly endorsed person's first renewal."""
    policies = list(policies)
    deadline = deadline_after(endorsed_on, policies)
    if deadline is None:
        return None
    policy = policy_on(deadline, policies)
    if policy is not None and policy.first_renewal_skip:
        deadline = deadline_after(deadline, policies) or deadline
    return deadline


def next_deadline_after_renewal(*, deadline: date, policies: Iterable[RenewalSpec]) -> date | None:
    """Where a renewal for `deadline` moves the credential: the next deadline of the calendar,
    or, for a deadline in a later policy's transition (from its `transition_from` to its start),
    that policy's first deadline (a renewal for a 31 Dec 2024 deadline is next due on
    31 Dec 2027, not 2025)."""
    policies = _policies(policies)
    for p in policies:
        if p.transition_from is not None and p.transition_from <= deadline < p.effective_from:
            start = max(deadline, p.effective_from - timedelta(days=1))
            return grid_deadline_after(start, anchor=_anchor(p), cycle_years=p.cycle_years)
    return deadline_after(deadline, policies)


def whole_years_between(start: date, end_exclusive: date) -> int:
    return whole_months_between(start, end_exclusive) // 12


def owed_fraction(
    *, policy: RenewalSpec, full_start: date, cycle_end: date, counts_from: date
) -> Decimal:
    """The share of the cycle's hours owed when hours count only from `counts_from`.

    1 for a whole cycle (or a policy that does not pro-rate), 0 once nothing of the cycle is
    left; otherwise the remaining days over the cycle's days, or the whole remaining years over
    the cycle's years (`pro_rate_by`: Nebraska's policy counts whole years endorsed)."""
    if counts_from > cycle_end:
        return ZERO
    if counts_from <= full_start or not policy.pro_rate:
        return Decimal(1)
    if policy.pro_rate_by == "whole_years":
        years = min(
            whole_years_between(counts_from, cycle_end + timedelta(days=1)), policy.cycle_years
        )
        return Decimal(years) / Decimal(max(policy.cycle_years, 1))
    remaining = (cycle_end - counts_from).days + 1
    total = (cycle_end - full_start).days + 1
    return Decimal(remaining) / Decimal(total)


def cycle_start_for(*, deadline: date, cycle_years: int) -> date:
    """The first day of the whole cycle ending on `deadline`."""
    return months_before(deadline, 12 * max(cycle_years, 1)) + timedelta(days=1)


@dataclass(frozen=True)
class CycleDates:
    """The dates of one renewal cycle and the share of its hours owed."""

    full_start: date  # first day of the whole cycle on the grid
    end: date  # the deadline, inclusive
    counts_from: date  # first day whose hours count: never hours counted for an earlier cycle
    fraction: Decimal  # share of the cycle's hours owed
    first_renewal: bool  # no earlier renewal: the first after endorsement
    skipped: bool  # the policy skips this first renewal: nothing owed


def cycle_dates(
    *,
    deadline: date,
    policy: RenewalSpec,
    endorsed_on: date,
    previous_deadline: date | None = None,
    full_start: date | None = None,
) -> CycleDates:
    """The cycle `deadline` closes under `policy`.

    Hours count from the latest of the cycle's first day, the endorsement day and the day after
    the previous renewal's deadline, so hours counted for one cycle (or for the application)
    never count for the next. A holder who entered the cycle part way owes the pro-rated share;
    a newly endorsed holder's first renewal is skipped where the policy says so.
    """
    if full_start is None:
        full_start = cycle_start_for(deadline=deadline, cycle_years=policy.cycle_years)
    counts_from = max(full_start, endorsed_on)
    if previous_deadline is not None:
        counts_from = max(counts_from, previous_deadline + timedelta(days=1))
    first = previous_deadline is None
    skipped = first and endorsed_on > full_start and policy.first_renewal_skip
    fraction = (
        ZERO
        if skipped
        else owed_fraction(
            policy=policy, full_start=full_start, cycle_end=deadline, counts_from=counts_from
        )
    )
    return CycleDates(
        full_start=full_start,
        end=deadline,
        counts_from=counts_from,
        fraction=fraction,
        first_renewal=first,
        skipped=skipped,
    )

"""The renewal calendar, each rule at its boundary (pure engine tests).

The 3-year model: deadlines on a common grid anchored on 31 December 2027, every three years
after; holders renewed under the annual model move onto it (a renewal for a 2024 deadline is
next due 31 December 2027) [Florida, Pennsylvania and First3Years associations]. Mid-cycle
endorsees owe a pro-rated share, by whole years endorsed in Nebraska's policy
[neinfantmentalhealth.org]. The annual model: newly endorsed people skip their first renewal
(the associations' annual renewal, domain notes "After endorsement").
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from competencies import rules
from competencies.rules import PortfolioFacts, RenewalSpec, evaluate_renewal

from .factories import training

D = Decimal
GRID = date(2027, 12, 31)
ANNUAL = RenewalSpec(
    cycle_years=1,
    training_hours=D("15"),
    first_renewal_skip=True,
    effective_from=date(2000, 1, 1),
    effective_to=date(2027, 12, 30),
    cycle_anchor=GRID,
)
THREE_YEAR = RenewalSpec(
    cycle_years=3,
    training_hours=D("45"),
    pro_rate=True,
    effective_from=GRID,
    cycle_anchor=GRID,
    transition_from=date(2024, 1, 1),
)
POLICIES = (ANNUAL, THREE_YEAR)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 12, 30), date(2027, 12, 31)),
        (date(2027, 12, 31), date(2030, 12, 31)),  # strictly after: never the same day
        (date(2025, 1, 1), date(2027, 12, 31)),
        (date(2024, 12, 31), date(2027, 12, 31)),
        (date(2024, 12, 30), date(2024, 12, 31)),  # the grid runs back before its anchor
    ],
)
def test_grid_deadlines_every_three_years_from_the_anchor(day, expected):
    assert rules.grid_deadline_after(day, anchor=GRID, cycle_years=3) == expected


@pytest.mark.parametrize(
    ("endorsed_on", "first"),
    [
        # Annual model: the first deadline (31 Dec 2026) is skipped; the next is on the grid.
        (date(2026, 6, 1), date(2027, 12, 31)),
        # Endorsed in 2027: the first deadline is the grid's, whose policy skips nothing.
        (date(2027, 6, 1), date(2027, 12, 31)),
        (date(2027, 12, 30), date(2027, 12, 31)),
        # Endorsed on a deadline: nothing is owed that day; the next deadline is the first.
        (date(2027, 12, 31), date(2030, 12, 31)),
        (date(2025, 3, 1), date(2026, 12, 31)),  # annual: 2025 skipped, 2026 owed
    ],
)
def test_first_deadline_after_endorsement(endorsed_on, first):
    assert rules.first_deadline(endorsed_on=endorsed_on, policies=POLICIES) == first


@pytest.mark.parametrize(
    ("deadline", "next_due"),
    [
        (date(2023, 12, 31), date(2024, 12, 31)),  # before the move: the next year
        (date(2024, 12, 31), date(2027, 12, 31)),  # renewed for 2024: onto the grid, not 2025
        (date(2025, 12, 31), date(2027, 12, 31)),
        (date(2026, 12, 31), date(2027, 12, 31)),
        (date(2027, 12, 31), date(2030, 12, 31)),
    ],
)
def test_renewals_move_onto_the_grid_from_the_transition(deadline, next_due):
    assert rules.next_deadline_after_renewal(deadline=deadline, policies=POLICIES) == next_due


def test_without_a_transition_date_annual_renewals_stay_annual():
    policies = (ANNUAL, replace(THREE_YEAR, transition_from=None))

    assert rules.next_deadline_after_renewal(
        deadline=date(2024, 12, 31), policies=policies
    ) == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("endorsed_on", "previous", "by", "counts_from", "fraction"),
    [
        # Endorsed long ago, last renewed for a 2024 deadline: the whole cycle.
        (date(2010, 5, 1), date(2024, 12, 31), "days", date(2025, 1, 1), D(1)),
        # Renewed for 2025: two of the cycle's three years are left.
        (date(2010, 5, 1), date(2025, 12, 31), "whole_years", date(2026, 1, 1), D(2) / 3),
        (date(2010, 5, 1), date(2025, 12, 31), "days", date(2026, 1, 1), D(730) / 1095),
        # Endorsed mid-cycle (never renewed): pro-rated from the endorsement day.
        (date(2026, 6, 1), None, "days", date(2026, 6, 1), D(579) / 1095),
        (date(2026, 6, 1), None, "whole_years", date(2026, 6, 1), D(1) / 3),
        # One day short of two whole years left: one whole year.
        (date(2026, 1, 2), None, "whole_years", date(2026, 1, 2), D(1) / 3),
        (date(2026, 1, 1), None, "whole_years", date(2026, 1, 1), D(2) / 3),
    ],
)
def test_cycle_dates_and_the_share_owed(endorsed_on, previous, by, counts_from, fraction):
    dates = rules.cycle_dates(
        deadline=GRID,
        policy=replace(THREE_YEAR, pro_rate_by=by),
        endorsed_on=endorsed_on,
        previous_deadline=previous,
    )

    assert dates.full_start == date(2025, 1, 1)
    assert dates.counts_from == counts_from
    assert dates.fraction == fraction


@pytest.mark.parametrize(
    ("by", "owed"),
    [("whole_years", D("15.0")), ("days", D("24.0"))],  # 45 x 1/3; 45 x 579/1095 = 23.8
)
def test_mid_cycle_endorsee_owes_the_pro_rated_hours(by, owed):
    checklist = evaluate_renewal(
        PortfolioFacts(),
        replace(THREE_YEAR, pro_rate_by=by),
        cycle_start=date(2025, 1, 1),
        cycle_end=GRID,
        endorsed_on=date(2026, 6, 1),
    )

    assert checklist.item("training_hours").required == owed


def test_first_renewal_skip_is_for_the_first_renewal_only():
    skipped = evaluate_renewal(
        PortfolioFacts(),
        ANNUAL,
        cycle_start=date(2026, 1, 1),
        cycle_end=date(2026, 12, 31),
        endorsed_on=date(2026, 3, 1),
    )
    renewed_before = evaluate_renewal(
        PortfolioFacts(),
        ANNUAL,
        cycle_start=date(2026, 1, 1),
        cycle_end=date(2026, 12, 31),
        endorsed_on=date(2026, 3, 1),
        previous_deadline=date(2025, 12, 31),
    )

    assert [i.key for i in skipped.items] == ["first_renewal_skipped"]
    assert renewed_before.item("training_hours").required == D("15")


def test_hours_counted_for_one_cycle_never_count_for_the_next():
    facts = PortfolioFacts(
        trainings=(
            training(date(2025, 12, 31), "40", competency_ids=frozenset({1}), id=1),
            training(date(2026, 1, 1), "10", competency_ids=frozenset({1}), id=2),
        )
    )

    item = evaluate_renewal(
        facts,
        THREE_YEAR,
        cycle_start=date(2025, 1, 1),
        cycle_end=GRID,
        endorsed_on=date(2010, 5, 1),
        previous_deadline=date(2025, 12, 31),
    ).item("training_hours")

    assert item.contributing_ids == (2,)
    assert item.required == D("30.0")  # 45 x 730/1095, two of three years
    assert "your last renewal covered up to 31 December 2025" in item.explanation


def test_nothing_is_owed_for_a_cycle_that_ended_before_endorsement():
    dates = rules.cycle_dates(deadline=GRID, policy=THREE_YEAR, endorsed_on=date(2028, 1, 1))

    assert dates.fraction == 0

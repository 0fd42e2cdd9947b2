"""The rules engine on renewals: cycles, the first-renewal skip and pro-rating."""

from datetime import date
from decimal import Decimal

import pytest

from competencies import rules
from competencies.rules import (
    Attestations,
    MembershipPeriod,
    PortfolioFacts,
    RenewalSpec,
    evaluate_renewal,
)

from .factories import session, training


def member_until(day):
    """A record of the association's membership from 2000 to `day`."""
    return (MembershipPeriod(date(2000, 1, 1), day),)


D = Decimal
ANNUAL = RenewalSpec(
    cycle_years=1,
    training_hours=D("15"),
    training_dei_hours=D("1"),
    rsc_hours=D("12"),
    first_renewal_skip=True,
    membership_required=True,
    ethics_required=True,
    sanctions_attestation_required=True,
)
THREE_YEAR = RenewalSpec(
    cycle_years=3,
    training_hours=D("45"),
    training_dei_hours=D("3"),
    rsc_hours=D("36"),
    pro_rate=True,
)
SIGNED = Attestations(
    ethics_signed=True,
    memberships=member_until(date(2026, 12, 31)),
    no_sanctions_attested=True,
)


def test_annual_renewal_counts_only_hours_inside_the_cycle():
    facts = PortfolioFacts(
        trainings=(
            training(date(2024, 12, 31), "20", id=1),  # the day before the cycle
            training(date(2025, 1, 1), "10", id=2),  # the first day
            training(date(2025, 12, 31), "5", dei=True, id=3),  # the last day
        ),
        rsc_sessions=(session(date(2025, 6, 1), "12", id=1),),
        attestations=SIGNED,
    )

    checklist = evaluate_renewal(
        facts,
        ANNUAL,
        cycle_start=date(2025, 1, 1),
        cycle_end=date(2025, 12, 31),
        endorsed_on=date(2020, 5, 1),
    )

    assert checklist.complete
    assert checklist.item("training_hours").contributing_ids == (2, 3)
    assert checklist.item("training_hours").explanation == (
        "15.0 of 15 training hours between 1 January 2025 and 31 December 2025."
    )
    assert [i.key for i in checklist.items] == [
        "training_hours",
        "training_dei",
        "rsc_hours",
        "ethics",
        "no_sanctions",
        "membership",
    ]


def test_annual_renewal_missing_hours_and_attestations():
    facts = PortfolioFacts(trainings=(training(date(2025, 3, 1), "14.5", id=1),))

    checklist = evaluate_renewal(
        facts,
        ANNUAL,
        cycle_start=date(2025, 1, 1),
        cycle_end=date(2025, 12, 31),
        endorsed_on=date(2020, 5, 1),
    )

    assert {i.key for i in checklist.missing} == {
        "training_hours",
        "training_dei",
        "rsc_hours",
        "ethics",
        "no_sanctions",
        "membership",
    }


def test_first_renewal_is_skipped_for_people_endorsed_during_the_cycle():
    checklist = evaluate_renewal(
        PortfolioFacts(),
        ANNUAL,
        cycle_start=date(2025, 1, 1),
        cycle_end=date(2025, 12, 31),
        endorsed_on=date(2025, 4, 2),
    )

    assert checklist.complete
    assert [i.key for i in checklist.items] == ["first_renewal_skipped"]
    assert "2 April 2025" in checklist.items[0].explanation


def test_endorsed_on_the_first_day_of_the_cycle_owes_the_full_cycle():
    checklist = evaluate_renewal(
        PortfolioFacts(),
        ANNUAL,
        cycle_start=date(2025, 1, 1),
        cycle_end=date(2025, 12, 31),
        endorsed_on=date(2025, 1, 1),
    )

    assert checklist.item("training_hours").required == D("15")


def test_pro_rating_owes_the_remaining_fraction_rounded_up_to_the_half_hour():
    # Cycle of 1096 days; endorsed with 549 days left: 45 x 549/1096 = 22.54 -> 23.0.
    start, end = date(2028, 1, 1), date(2030, 12, 31)

    checklist = evaluate_renewal(
        PortfolioFacts(), THREE_YEAR, cycle_start=start, cycle_end=end, endorsed_on=date(2029, 7, 1)
    )

    assert checklist.item("training_hours").required == D("23.0")
    assert checklist.item("training_dei").required == D("2.0")  # 3 x 0.5009 = 1.503 -> 2.0
    assert checklist.item("rsc_hours").required == D("18.5")  # 36 x 0.5009 = 18.03 -> 18.5
    assert "pro-rated to 50% of the cycle" in checklist.item("training_hours").explanation


def test_pro_rating_counts_hours_from_the_endorsement_day():
    start, end = date(2028, 1, 1), date(2030, 12, 31)
    facts = PortfolioFacts(
        trainings=(
            training(date(2029, 6, 30), "40", id=1),  # before endorsement: used for the application
            training(date(2029, 7, 1), "23", id=2),
        )
    )

    item = evaluate_renewal(
        facts, THREE_YEAR, cycle_start=start, cycle_end=end, endorsed_on=date(2029, 7, 1)
    ).item("training_hours")

    assert item.met
    assert item.contributing_ids == (2,)


def test_no_pro_rating_owes_the_full_cycle_even_mid_cycle():
    spec = RenewalSpec(training_hours=D("45"), pro_rate=False, first_renewal_skip=False)

    checklist = evaluate_renewal(
        PortfolioFacts(),
        spec,
        cycle_start=date(2028, 1, 1),
        cycle_end=date(2030, 12, 31),
        endorsed_on=date(2029, 7, 1),
    )

    assert checklist.item("training_hours").required == D("45")


@pytest.mark.parametrize(
    ("hours", "expected"),
    [("7.1", "7.5"), ("7.5", "7.5"), ("7.51", "8.0"), ("0", "0.0"), ("14.986", "15.0")],
)
def test_round_up_half(hours, expected):
    assert rules.round_up_half(D(hours)) == D(expected)


def test_cycle_bounds_for_one_and_three_year_cycles():
    assert rules.cycle_bounds(deadline=date(2026, 12, 31), cycle_years=1) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert rules.cycle_bounds(deadline=date(2027, 12, 31), cycle_years=3) == (
        date(2025, 1, 1),
        date(2027, 12, 31),
    )


def test_renewal_rsc_from_any_identified_provider_when_no_categories_are_set():
    facts = PortfolioFacts(
        rsc_sessions=(
            session(date(2025, 2, 1), "12", provider="", id=1),
            session(date(2025, 3, 1), "3", peer=True, id=2),
        )
    )

    item = evaluate_renewal(
        facts,
        ANNUAL,
        cycle_start=date(2025, 1, 1),
        cycle_end=date(2025, 12, 31),
        endorsed_on=date(2020, 1, 1),
    ).item("rsc_hours")

    assert item.met
    assert "3 hours of peer supervision without an identified provider do not count" in (
        item.explanation
    )

"""The fee schedule: amounts at their effective-date boundaries, category rows first."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from endorsements.tests.factories import category
from fees.models import Fee, FeeKind
from fees.selectors import fee_in_effect

pytestmark = pytest.mark.django_db


def test_fee_changes_on_its_first_day_and_not_before():
    # CT-AIMH publishes registration at $15-25 (ct-aimh.org): a raise from 15 to 25 on 1 July.
    Fee.objects.create(
        kind=FeeKind.REGISTRATION,
        amount_cents=1500,
        effective_from=date(2026, 1, 1),
        effective_to=date(2026, 6, 30),
    )
    Fee.objects.create(
        kind=FeeKind.REGISTRATION, amount_cents=2500, effective_from=date(2026, 7, 1)
    )

    def on(day):
        return fee_in_effect(kind=FeeKind.REGISTRATION, on=day).amount_cents

    assert fee_in_effect(kind=FeeKind.REGISTRATION, on=date(2025, 12, 31)) is None
    assert on(date(2026, 1, 1)) == 1500
    assert on(date(2026, 6, 30)) == 1500  # the last day is inclusive
    assert on(date(2026, 7, 1)) == 2500
    assert on(date(2030, 1, 1)) == 2500  # open-ended


def test_processing_fee_per_category_falls_back_to_the_general_row():
    # Processing runs $25-400 by category (ct-aimh.org, itmhca.org).
    Fee.objects.create(kind=FeeKind.PROCESSING, amount_cents=2500, effective_from=date(2026, 1, 1))
    Fee.objects.create(
        kind=FeeKind.PROCESSING,
        category=category("IMHS"),
        amount_cents=40000,
        effective_from=date(2026, 3, 1),
    )

    ifa = fee_in_effect(kind=FeeKind.PROCESSING, category=category("IFA"), on=date(2026, 3, 1))
    before = fee_in_effect(kind=FeeKind.PROCESSING, category=category("IMHS"), on=date(2026, 2, 28))
    imhs = fee_in_effect(kind=FeeKind.PROCESSING, category=category("IMHS"), on=date(2026, 3, 1))

    assert ifa.amount_cents == 2500
    assert before.amount_cents == 2500  # the day before its own row starts: the general row
    assert imhs.amount_cents == 40000


def test_overlapping_rows_for_one_fee_are_refused():
    Fee.objects.create(kind=FeeKind.RENEWAL, amount_cents=3000, effective_from=date(2026, 1, 1))
    clash = Fee(kind=FeeKind.RENEWAL, amount_cents=3500, effective_from=date(2026, 12, 31))

    with pytest.raises(ValidationError, match="End that row the day before"):
        clash.full_clean()

    other_category = Fee(
        kind=FeeKind.RENEWAL,
        category=category("IFA"),
        amount_cents=3500,
        effective_from=date(2026, 12, 31),
    )
    other_category.full_clean()  # a category's own row may sit beside the general one


def test_a_range_ending_before_it_starts_is_refused():
    fee = Fee(
        kind=FeeKind.EXAM,
        amount_cents=10000,
        effective_from=date(2026, 5, 1),
        effective_to=date(2026, 4, 30),
    )
    with pytest.raises(ValidationError, match="on or after the first day"):
        fee.full_clean()


def test_kinds_are_the_engines():
    from competencies import rules

    assert tuple(FeeKind.values) == rules.FEE_KINDS

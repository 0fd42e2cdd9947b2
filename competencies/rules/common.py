"""Small pure helpers: calendar arithmetic and rounding (sentences: competencies.checklist_text)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from .types import DAYS_PER_YEAR, ONE_DECIMAL, Training, WorkPeriod


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def months_after(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the end of a shorter month."""
    return months_before(day, -months)


def whole_months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end`: the largest n with months_after(start, n) <= end
    (0 when `end` is before a month has passed)."""
    if end < start:
        return 0
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and months_after(start, n) > end:
        n -= 1
    return n


def rsc_window_start(*, on: date, months: int | None) -> date | None:
    """First day (inclusive) of an N-month window ending on `on`; None when there is no window."""
    return None if months is None else months_before(on, months)


def cycle_bounds(*, deadline: date, cycle_years: int) -> tuple[date, date]:
    """The first and last day of the renewal cycle ending on `deadline` (both inclusive)."""
    start = months_before(deadline, 12 * cycle_years) + timedelta(days=1)
    return start, deadline


def round_up_half(hours: Decimal) -> Decimal:
    """Round up to the next half hour: 7.1 -> 7.5, 7.5 -> 7.5, 7.6 -> 8.0."""
    return ((hours * 2).to_integral_value(rounding=ROUND_CEILING) / 2).quantize(ONE_DECIMAL)


def hours_text(value: Decimal) -> str:
    """An actual figure, with one decimal, cut rather than rounded so that a figure short of
    a requirement never reads as meeting it: 12.5, 3.0, 9.98 -> 9.9."""
    return str(Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_DOWN))


def required_text(value: Decimal | int) -> str:
    """A required figure as people write it: 24, 7.5."""
    value = Decimal(value)
    return (
        str(value.to_integral_value())
        if value == value.to_integral_value()
        else str(value.normalize())
    )


def _ids(things: Iterable) -> tuple:
    return tuple(thing.id for thing in things if getattr(thing, "id", None) is not None)


def _years_from_days(days: int) -> Decimal:
    return (Decimal(days) / DAYS_PER_YEAR).quantize(ONE_DECIMAL, rounding=ROUND_DOWN)


def _days_needed(years: Decimal) -> int:
    return int((years * DAYS_PER_YEAR).to_integral_value(rounding=ROUND_CEILING))


def work_days(periods: Iterable[WorkPeriod], *, on: date) -> int:
    """Calendar days covered by `periods` up to `on`, inclusive, overlaps merged."""
    spans = sorted(
        (p.start, min(p.end or on, on))
        for p in periods
        if p.start <= on and (p.end or on) >= p.start
    )
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in spans:
        if current_end is not None and start <= current_end + timedelta(days=1):
            current_end = max(current_end, end)
            continue
        if current_start is not None:
            total += (current_end - current_start).days + 1
        current_start, current_end = start, end
    if current_start is not None:
        total += (current_end - current_start).days + 1
    return total


def _sum_minutes(trainings: Iterable[Training]) -> int:
    return sum(t.minutes for t in trainings)

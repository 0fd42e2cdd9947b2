"""Issuing the credential: number, validity and the first history row."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from competencies import selectors as competency_selectors
from endorsements.models import (
    Application,
    Endorsement,
    EndorsementEvent,
    EndorsementNumberCounter,
    EndorsementStatus,
)


def renewal_deadline(*, after: date, cycle_years: int, anchor_year: int, skip_first: bool) -> date:
    """The 31 December on which the cycle containing `after` ends.

    Cycle deadlines fall on 31 December of the years `anchor_year + k * cycle_years` (annual
    model: every year; the 3-year model anchors on its first deadline, 31 Dec 2027). With
    `skip_first`, a newly endorsed person's first deadline is skipped and the next one applies.
    """
    cycle_years = max(cycle_years, 1)
    year = after.year
    while (year - anchor_year) % cycle_years:
        year += 1
    deadline = date(year, 12, 31)
    if skip_first:
        deadline = date(year + cycle_years, 12, 31)
    return deadline


def endorsement_valid_through(*, category, issued_on: date) -> date:
    """Validity of a new endorsement from the renewal policy in force on `issued_on`.

    Without a policy the credential runs for one year, the most common cycle.
    """
    policy = competency_selectors.renewal_policy_in_effect(category=category, on=issued_on)
    if policy is None:
        return date(issued_on.year + 1, issued_on.month, min(issued_on.day, 28))
    anchor_year = policy.effective_from.year
    if policy.effective_from.month != 12 or policy.effective_from.day != 31:
        anchor_year = issued_on.year  # an open-ended annual policy: every year is a deadline
    return renewal_deadline(
        after=issued_on,
        cycle_years=policy.cycle_years,
        anchor_year=anchor_year,
        skip_first=policy.first_renewal_skip,
    )


def endorsement_number_next(*, category_code: str, year: int) -> str:
    """Allocate `<association code>-<category>-<year>-<sequence>` under a row lock.

    Must run inside a transaction: the counter row stays locked until it commits, so two
    decisions at once get different numbers.
    """
    counter, _ = EndorsementNumberCounter.objects.select_for_update().get_or_create(
        category_code=category_code, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{settings.ASSOCIATION_CODE}-{category_code}-{year}-{counter.last:04d}"


@transaction.atomic
def endorsement_issue(
    *,
    application: Application,
    emerging: bool = False,
    actor=None,
    issued_on: date | None = None,
    printed_name: str = "",
    on_commit: Callable[[Endorsement], None] | None = None,
) -> Endorsement:
    """Create the credential for a decided application.

    Side effects, in order: a number from the locked counter; the Endorsement row (status active
    or emerging, validity from the renewal policy); its first EndorsementEvent; `on_commit`
    (certificate rendering, email) after commit. The caller moves the application to its
    decided status through `application_transition` in the same transaction.
    """
    issued_on = issued_on or timezone.localdate()
    category = application.category
    status = EndorsementStatus.EMERGING if emerging else EndorsementStatus.ACTIVE
    holder = application.applicant
    endorsement = Endorsement.objects.create(
        holder=holder,
        category=category,
        application=application,
        number=endorsement_number_next(category_code=category.code, year=issued_on.year),
        status=status,
        issued_on=issued_on,
        valid_through=endorsement_valid_through(category=category, issued_on=issued_on),
        printed_name=printed_name or holder.full_name,
    )
    EndorsementEvent.objects.create(
        endorsement=endorsement,
        actor=actor,
        from_status="",
        to_status=status,
        effective_on=issued_on,
        valid_through=endorsement.valid_through,
        code="issued_emerging" if emerging else "issued",
    )
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(endorsement), robust=True)
    return endorsement

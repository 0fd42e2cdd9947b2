"""Issuing the credential: number, validity and the first history row."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from competencies import rules
from competencies import selectors as competency_selectors
from endorsements.models import (
    Application,
    Endorsement,
    EndorsementEvent,
    EndorsementNumberCounter,
    EndorsementStatus,
)


def renewal_deadline(*, category, issued_on: date) -> date:
    """The first renewal deadline of an endorsement of `category` issued on `issued_on`.

    From the category's renewal calendar (its policies' grids, e.g. 31 December 2027 and every
    3 years after): the first deadline strictly after the endorsement day, so nothing is ever
    owed on the day of endorsement, skipped once more where the policy governing that deadline
    skips a newly endorsed person's first renewal. Without any policy: one year on.
    """
    deadline = rules.first_deadline(
        endorsed_on=issued_on,
        policies=competency_selectors.renewal_calendar_for(category=category),
    )
    if deadline is None:
        return date(issued_on.year + 1, issued_on.month, min(issued_on.day, 28))
    return deadline


def endorsement_valid_through(*, category, issued_on: date) -> date:
    """Validity of a new endorsement: its first renewal deadline (`renewal_deadline`)."""
    return renewal_deadline(category=category, issued_on=issued_on)


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


def endorsement_news_key(endorsement: Endorsement) -> str:
    """The idempotency key of the email announcing this version of a credential (endorsed,
    renewed): its certificate's "ready" email waits for it (`after`), so the holder reads the
    news before the certificate."""
    return f"credential-news:{endorsement.pk}:{endorsement.updated_at.isoformat()}"


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

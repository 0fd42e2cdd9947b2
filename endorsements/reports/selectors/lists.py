"""Named lists for coordinators: renewals due soon and recent lapses (pages and CSV)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from endorsements.models import Endorsement, EndorsementEvent, EndorsementStatus

from .regions import CURRENT

LIST_DAYS = 90


def renewals_due_list(*, today: date, days: int = LIST_DAYS) -> QuerySet[Endorsement]:
    """Current credentials whose deadline falls in the next `days` days (today included),
    soonest first, with holder, category and region (one query a page)."""
    return (
        Endorsement.objects.filter(
            status__in=CURRENT,
            valid_through__gte=today,
            valid_through__lte=today + timedelta(days=days),
        )
        .select_related("holder", "category", "holder__applicant_profile__work_county__region")
        .order_by("valid_through", "category__code", "pk")
    )


def lapses_list(*, today: date, days: int = LIST_DAYS) -> QuerySet[EndorsementEvent]:
    """Moves into lapsed in the last `days` days (today included), newest first, with the
    credential, holder, category and region (one query a page)."""
    return (
        EndorsementEvent.objects.filter(
            to_status=EndorsementStatus.LAPSED,
            effective_on__gt=today - timedelta(days=days),
            effective_on__lte=today,
        )
        .exclude(from_status=EndorsementStatus.LAPSED)
        .select_related(
            "endorsement__holder",
            "endorsement__category",
            "endorsement__holder__applicant_profile__work_county__region",
        )
        .order_by("-effective_on", "-pk")
    )


def region_of(holder) -> str:
    profile = getattr(holder, "applicant_profile", None)
    county = getattr(profile, "work_county", None) if profile else None
    return county.region.name if county and county.region_id else ""

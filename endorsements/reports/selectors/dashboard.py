"""The coordinators' dashboard: applications, renewals, lapses and the trend by region."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from applicants.models import Region
from endorsements.models import (
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementEvent,
    EndorsementStatus,
)
from endorsements.models.applications import OPEN_STATUSES

from .regions import CURRENT, NO_REGION_LABEL, REGION, status_as_of

# Age of an application since submission (drafts: since they were started), in days.
AGE_BUCKETS = (
    (gettext_lazy("Under 30 days"), 0, 30),
    (gettext_lazy("30–89 days"), 30, 90),
    (gettext_lazy("90–179 days"), 90, 180),
)
AGE_OLDEST = gettext_lazy("180 days or more")


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    start = quarter_start(day)
    next_start = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return next_start - timedelta(days=1)


def last_quarter_ends(*, today: date, count: int = 8) -> list[date]:
    """The ends of the `count - 1` completed quarters before today's, oldest first, then today."""
    ends = [today]
    start = quarter_start(today)
    for _ in range(count - 1):
        end = start - timedelta(days=1)
        ends.append(end)
        start = quarter_start(end)
    return ends[::-1]


@dataclass
class StatusRow:
    label: str
    total: int
    ages: list[int]


def applications_by_status_and_age(*, now=None) -> list[StatusRow]:
    """One GROUP BY status, with age buckets as conditional counts (1 query)."""
    now = now or timezone.now()
    since = Coalesce("submitted_at", "created_at")
    aggregates = {"total": Count("pk")}
    for i, (_, low, high) in enumerate(AGE_BUCKETS):
        aggregates[f"a{i}"] = Count(
            "pk",
            filter=Q(since__lte=now - timedelta(days=low), since__gt=now - timedelta(days=high)),
        )
    aggregates["old"] = Count("pk", filter=Q(since__lte=now - timedelta(days=AGE_BUCKETS[-1][2])))
    grouped = {
        row["status"]: row
        for row in Application.objects.annotate(since=since)
        .values("status")
        .annotate(**aggregates)
        .order_by()
    }
    rows = []
    for value, label in ApplicationStatus.choices:
        data = grouped.get(value, {})
        ages = [data.get(f"a{i}", 0) for i in range(len(AGE_BUCKETS))] + [data.get("old", 0)]
        # Age matters only while an application waits for someone.
        rows.append(StatusRow(label, data.get("total", 0), ages if value in OPEN_STATUSES else []))
    return rows


def renewals_due(*, today: date) -> list[dict]:
    """Current endorsements whose validity ends this quarter, per category (1 query)."""
    return list(
        Endorsement.objects.filter(
            status__in=CURRENT,
            valid_through__gte=quarter_start(today),
            valid_through__lte=quarter_end(today),
        )
        .values(code=F("category__code"))
        .annotate(n=Count("pk"))
        .order_by("code")
    )


def lapses_recent(*, today: date, days: int = 90) -> list[dict]:
    """Endorsements that lapsed in the last `days` days, per category (1 query). Only moves
    into lapsed count, not rows that kept a lapsed credential lapsed."""
    # Grouped under another name: history rows have a `code` field of their own.
    rows = (
        EndorsementEvent.objects.filter(
            to_status=EndorsementStatus.LAPSED,
            effective_on__gt=today - timedelta(days=days),
            effective_on__lte=today,
        )
        .exclude(from_status=EndorsementStatus.LAPSED)
        .values(category_code=F("endorsement__category__code"))
        .annotate(n=Count("endorsement_id", distinct=True))
        .order_by("category_code")
    )
    return [{"code": row["category_code"], "n": row["n"]} for row in rows]


@dataclass
class TrendRow:
    name: str
    counts: list[int]


def endorsed_trend(*, dates: list[date], regions: list[Region]) -> list[TrendRow]:
    """Endorsed people per region on each date: one statement, one status subquery per date."""
    annotations = {f"s{i}": status_as_of(d) for i, d in enumerate(dates)}
    counts = {
        f"n{i}": Count("holder_id", distinct=True, filter=Q(**{f"s{i}__in": CURRENT}))
        for i in range(len(dates))
    }
    grouped = {
        row["region"]: row
        for row in Endorsement.objects.filter(issued_on__lte=max(dates))
        .annotate(**annotations)
        .values(region=F(REGION))
        .annotate(**counts)
        .order_by()
    }
    rows = [
        TrendRow(r.name, [grouped.get(r.pk, {}).get(f"n{i}", 0) for i in range(len(dates))])
        for r in regions
    ]
    if None in grouped and any(grouped[None].values()):
        rows.append(TrendRow(NO_REGION_LABEL, [grouped[None][f"n{i}"] for i in range(len(dates))]))
    rows.append(
        TrendRow(
            gettext_lazy("All regions"), [sum(r.counts[i] for r in rows) for i in range(len(dates))]
        )
    )
    return rows


@dataclass
class ReviewerLoadRow:
    name: str
    open: int  # reviews assigned and not yet submitted, of applications in review
    overdue: int  # of which past their due date
    submitted: int  # reviews submitted in the period
    median_days: float | None  # median days from assignment to submission, in the period


@dataclass
class ReviewerLoad:
    rows: list[ReviewerLoadRow]
    open: int
    overdue: int
    median_days: float | None
    since: date


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def reviewer_load(*, today: date, days: int = 365) -> ReviewerLoad:
    """Per reviewer: open reviews, overdue ones, and the median days from assignment to
    submission over the last `days` days; with the totals. Three queries: the reviewers, the
    open counts (one GROUP BY), the submitted assignments' two timestamps."""
    from accounts.models import Role, User
    from endorsements.review.models import Assignment

    since = today - timedelta(days=days)
    reviewers = list(
        User.objects.holding(Role.REVIEWER)
        .filter(is_active=True)
        .only("pk", "given_name", "family_name")
        .order_by("family_name", "given_name", "pk")
    )
    counts = {
        row["reviewer"]: row
        for row in Assignment.objects.filter(
            completed_at__isnull=True, application__status=ApplicationStatus.IN_REVIEW
        )
        .values("reviewer")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    }
    durations: dict[int, list[float]] = {}
    for reviewer_id, created, completed in Assignment.objects.filter(
        completed_at__isnull=False, completed_at__date__gte=since
    ).values_list("reviewer_id", "created_at", "completed_at"):
        durations.setdefault(reviewer_id, []).append((completed - created).total_seconds() / 86400)
    rows = [
        ReviewerLoadRow(
            name=r.full_name,
            open=counts.get(r.pk, {}).get("open", 0),
            overdue=counts.get(r.pk, {}).get("overdue", 0),
            submitted=len(durations.get(r.pk, [])),
            median_days=_median(durations.get(r.pk, [])),
        )
        for r in reviewers
    ]
    rows.sort(key=lambda row: (-row.open, row.name))
    everyone = [d for values in durations.values() for d in values]
    return ReviewerLoad(
        rows=rows,
        open=sum(row["open"] for row in counts.values()),
        overdue=sum(row["overdue"] for row in counts.values()),
        median_days=_median(everyone),
        since=since,
    )


def credentials_by_status() -> list[tuple[str, str, int]]:
    """How many credentials are in each status today: (value, label, count), one GROUP BY."""
    counts = dict(
        Endorsement.objects.values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in EndorsementStatus.choices]

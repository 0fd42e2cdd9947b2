"""Endorsed staff per region as of any date, from the credential history.

An endorsement counts on date D when its latest history row with `effective_on <= D` moved it
to active or emerging. The whole report is one SQL statement: a correlated subquery picks each
endorsement's latest event on or before D (an index-only probe of the covering index added in
this app's migration 0002), and one GROUP BY (region, program type) counts distinct people and,
with conditional aggregates, credentials per category; Python folds those few rows (regions
times program types) into the report. The number of queries does not grow with the number of
regions, categories or people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext, gettext_lazy

from applicants.models import ProgramType, Region
from competencies.models import EndorsementCategory
from endorsements.models import Endorsement, EndorsementEvent
from endorsements.models.credentials import CURRENT_STATUSES

# Counted as endorsed (active or emerging): the one set the registry, verification and the
# dashboard read too, so they cannot disagree.
CURRENT = tuple(sorted(CURRENT_STATUSES))
REGION = "holder__applicant_profile__work_county__region_id"
PROGRAM = "holder__applicant_profile__agency__program_type"
NO_REGION_LABEL = gettext_lazy("Region not recorded")


def status_as_of(as_of: date) -> Subquery:
    """The status an endorsement had on `as_of`: its latest event on or before that day."""
    latest = (
        EndorsementEvent.objects.filter(endorsement=OuterRef("pk"), effective_on__lte=as_of)
        .order_by("-effective_on", "-pk")
        .values("to_status")[:1]
    )
    return Subquery(latest)


def endorsements_counting_on(
    *, as_of: date, category_ids=None, program_type: str = ""
) -> QuerySet[Endorsement]:
    """Endorsements held (active or emerging) on `as_of`, optionally narrowed.

    `issued_on <= as_of` is implied by the history (the first event is dated the issue day) and
    lets PostgreSQL skip the subquery for credentials issued later.
    """
    qs = (
        Endorsement.objects.filter(issued_on__lte=as_of)
        .annotate(status_then=status_as_of(as_of))
        .filter(status_then__in=CURRENT)
    )
    if category_ids is not None:
        qs = qs.filter(category_id__in=list(category_ids))
    if program_type:
        qs = qs.filter(**{PROGRAM: program_type})
    return qs


@dataclass
class RegionRow:
    name: str
    region_id: int | None
    total: int  # people: someone with two categories counts once here
    by_category: list[int]  # aligned with RegionReport.categories
    by_program: list[int]  # aligned with RegionReport.program_types

    @property
    def cells(self) -> list[int]:
        return [self.total, *self.by_category, *self.by_program]


@dataclass
class RegionReport:
    as_of: date
    categories: list[EndorsementCategory]
    program_types: list[tuple[str, str]]
    rows: list[RegionRow]
    totals: RegionRow

    @property
    def header(self) -> list[str]:
        return [
            gettext("Region"),
            gettext("Endorsed people"),
            *(c.code for c in self.categories),
            *(label for _, label in self.program_types),
        ]

    def table(self) -> list[list]:
        """Header, one row per region, and the totals: what the CSV and XLSX files contain."""
        return [
            self.header,
            *([row.name, *row.cells] for row in self.rows),
            [self.totals.name, *self.totals.cells],
        ]

    @property
    def max_total(self) -> int:
        return max((row.total for row in self.rows), default=0)


def report_categories(
    *, categories: list[EndorsementCategory], code: str = "", track: str = ""
) -> list[EndorsementCategory]:
    """The categories a filtered report covers (all of them when unfiltered)."""
    return [
        c for c in categories if (not code or c.code == code) and (not track or c.track == track)
    ]


def endorsed_by_region(
    *,
    as_of: date,
    category: str = "",
    track: str = "",
    program_type: str = "",
    all_categories: list[EndorsementCategory] | None = None,
    regions: list[Region] | None = None,
) -> RegionReport:
    """Counts of endorsed people per region on `as_of`, with the category and program splits.

    Queries: the categories and regions unless passed in, then one GROUP BY statement.
    """
    if all_categories is None:
        all_categories = list(EndorsementCategory.objects.order_by("order", "code"))
    if regions is None:
        regions = list(Region.objects.order_by("order", "name"))
    categories = report_categories(categories=all_categories, code=category, track=track)
    program_types = [
        (value, label) for value, label in ProgramType.choices if value in (program_type or value)
    ]
    narrowed = bool(category or track)
    qs = endorsements_counting_on(
        as_of=as_of,
        category_ids=[c.pk for c in categories] if narrowed else None,
        program_type=program_type,
    )
    # GROUP BY region and program type: a person works in one region at one agency, so the
    # distinct people of each (region, program type) group add up to the region's people
    # without one COUNT(DISTINCT) per program type (each would sort the rows again).
    aggregates = {"total": Count("holder_id", distinct=True)}
    for c in categories:
        # One current credential per person and category: a plain count is exact and cheap.
        aggregates[f"c{c.pk}"] = Count("pk", filter=Q(category_id=c.pk))
    program_index = {value: i for i, (value, _) in enumerate(program_types)}
    grouped: dict[int | None, dict] = {}
    for row in qs.values(region=F(REGION), program=F(PROGRAM)).annotate(**aggregates).order_by():
        data = grouped.setdefault(row["region"], {"total": 0})
        data["total"] += row["total"]
        for c in categories:
            data[f"c{c.pk}"] = data.get(f"c{c.pk}", 0) + row[f"c{c.pk}"]
        if row["program"] in program_index:
            data[f"p{program_index[row['program']]}"] = row["total"]

    def make_row(name: str, region_id: int | None, data: dict | None) -> RegionRow:
        data = data or {}
        return RegionRow(
            name=name,
            region_id=region_id,
            total=data.get("total", 0),
            by_category=[data.get(f"c{c.pk}", 0) for c in categories],
            by_program=[data.get(f"p{i}", 0) for i in range(len(program_types))],
        )

    rows = [make_row(r.name, r.pk, grouped.get(r.pk)) for r in regions]
    if grouped.get(None):
        rows.append(make_row(NO_REGION_LABEL, None, grouped[None]))
    totals = RegionRow(
        name=gettext_lazy("All regions"),
        region_id=None,
        total=sum(r.total for r in rows),
        by_category=[sum(col) for col in zip(*(r.by_category for r in rows), strict=True)]
        if rows
        else [0] * len(categories),
        by_program=[sum(col) for col in zip(*(r.by_program for r in rows), strict=True)]
        if rows
        else [0] * len(program_types),
    )
    return RegionReport(
        as_of=as_of, categories=categories, program_types=program_types, rows=rows, totals=totals
    )

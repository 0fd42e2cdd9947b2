"""Workforce diversity of the endorsed workforce, per region, with small-cell suppression.

The population is everyone holding at least one active or emerging endorsement today who has
filled in a profile. Demographics are voluntary: "Not stated" is a column of its own. Every
count that could identify someone goes through `suppression.suppress` before it is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef

from applicants.models import ApplicantProfile, Gender, Language, RaceEthnicity, Region
from endorsements.models import Endorsement

from ..suppression import SuppressedTable, suppress
from .regions import CURRENT, NO_REGION_LABEL

NOT_STATED = "Not stated"


def suppression_threshold() -> int:
    return int(getattr(settings, "REPORT_SUPPRESSION_THRESHOLD", 5))


@dataclass
class DiversityTable:
    caption: str
    columns: list[str]
    region_names: list[str]
    shown: SuppressedTable
    multi: bool  # one person may be counted in several columns

    @property
    def body(self) -> list[tuple[str, list[str], str]]:
        return list(zip(self.region_names, self.shown.rows, self.shown.row_totals, strict=True))


def _endorsed_profiles():
    held = Endorsement.objects.filter(holder=OuterRef("user_id"), status__in=CURRENT)
    return ApplicantProfile.objects.filter(Exists(held))


def _table(
    *,
    caption: str,
    columns: list[str],
    keys: list,
    counts: dict[tuple, int],
    people: dict,
    region_keys: list,
    region_names: list[str],
    multi: bool,
    threshold: int,
) -> DiversityTable:
    cells = [[counts.get((r, k), 0) for k in keys] for r in region_keys]
    row_totals = [people.get(r, 0) for r in region_keys]
    column_totals = [sum(row[i] for row in cells) for i in range(len(keys))]
    shown = suppress(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=sum(row_totals),
        threshold=threshold,
    )
    return DiversityTable(
        caption=caption, columns=columns, region_names=region_names, shown=shown, multi=multi
    )


def workforce_diversity(*, regions: list[Region]) -> list[DiversityTable]:
    """Languages of service, race and ethnicity, and gender per region (4 queries)."""
    threshold = suppression_threshold()
    base = _endorsed_profiles()
    region = F("work_county__region_id")
    people = {
        row["region"]: row["n"]
        for row in base.values(region=region).annotate(n=Count("pk")).order_by()
    }
    region_keys = [r.pk for r in regions]
    region_names = [r.name for r in regions]
    if people.get(None):
        region_keys.append(None)
        region_names.append(NO_REGION_LABEL)
    common = {
        "people": people,
        "region_keys": region_keys,
        "region_names": region_names,
        "threshold": threshold,
    }

    # Languages: a person offering services in two languages counts in both columns.
    language_counts = {
        (row["region"], row["languages"]): row["n"]
        for row in base.filter(languages__isnull=False)
        .values("languages", region=region)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    languages = list(Language.objects.order_by("name").values_list("pk", "name"))
    tables = [
        _table(
            caption="Languages of service",
            columns=[name for _, name in languages],
            keys=[pk for pk, _ in languages],
            counts=language_counts,
            multi=True,
            **common,
        )
    ]

    # Race and ethnicity: a JSON list per person (several may apply), counted in Python.
    race_counts: Counter = Counter()
    for region_id, values in base.values_list("work_county__region_id", "race_ethnicity"):
        for value in set(values or []) or {""}:
            race_counts[(region_id, value)] += 1
    race_keys = [*RaceEthnicity.values, ""]
    tables.append(
        _table(
            caption="Race and ethnicity",
            columns=[*RaceEthnicity.labels, NOT_STATED],
            keys=race_keys,
            counts=race_counts,
            multi=True,
            **common,
        )
    )

    gender_counts = {
        (row["region"], row["gender"]): row["n"]
        for row in base.values("gender", region=region).annotate(n=Count("pk")).order_by()
    }
    tables.append(
        _table(
            caption="Gender",
            columns=[*Gender.labels, NOT_STATED],
            keys=[*Gender.values, ""],
            counts=gender_counts,
            multi=False,
            **common,
        )
    )
    return tables

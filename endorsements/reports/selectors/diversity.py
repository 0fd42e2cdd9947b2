"""Workforce diversity of the endorsed workforce, per region, with small-cell suppression.

The population is exactly the region report's for today: everyone holding an active or
emerging endorsement on the day (from the credential history), in the region of their profile's
work county, and in a "Region not recorded" row when there is none (no profile, or no county).
So its row and grand totals equal the region report's. Demographics are voluntary: "Not
stated" is a column of its own, and people without a profile are counted there. Every count
that could identify someone goes through `suppression.suppress` before it is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from applicants.models import ApplicantProfile, Gender, Language, RaceEthnicity, Region

from ..suppression import SuppressedTable, suppress
from .regions import NO_REGION_LABEL, REGION, endorsements_counting_on

NOT_STATED = gettext_lazy("Not stated")


def suppression_threshold() -> int:
    return int(getattr(settings, "REPORT_SUPPRESSION_THRESHOLD", 5))


@dataclass
class DiversityTable:
    caption: str
    columns: list[str]
    region_names: list[str]
    shown: SuppressedTable
    multi: bool  # one person may be counted in several columns
    everyone_counted: bool  # every person is in at least one column ("Not stated" included)

    @property
    def body(self) -> list[tuple[str, list[str], str]]:
        return list(zip(self.region_names, self.shown.rows, self.shown.row_totals, strict=True))


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
    everyone_counted: bool = True,
    raw: bool = False,
) -> DiversityTable:
    cells = [[counts.get((r, k), 0) for k in keys] for r in region_keys]
    row_totals = [people.get(r, 0) for r in region_keys]
    if raw:  # the counts before suppression (tests of the suppression only)
        return cells
    column_totals = [sum(row[i] for row in cells) for i in range(len(keys))]
    shown = suppress(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=sum(row_totals),
        threshold=threshold,
        rows_add_up=not multi,
        everyone_counted=everyone_counted,
    )
    return DiversityTable(
        caption=caption,
        columns=columns,
        region_names=region_names,
        shown=shown,
        multi=multi,
        everyone_counted=everyone_counted,
    )


def workforce_diversity(
    *, regions: list[Region], on: date | None = None, raw: bool = False
) -> list[DiversityTable]:
    """Languages of service, race and ethnicity, and gender per region on `on` (default today).

    Five queries: people per region, then languages, race and gender of their profiles, and
    the languages themselves. `raw`: each table's counts before suppression instead (a list of
    rows), for checking the suppression; never for a page.
    """
    on = on or timezone.localdate()
    threshold = suppression_threshold()
    holding = endorsements_counting_on(as_of=on)
    people = {
        row["region"]: row["n"]
        for row in holding.values(region=F(REGION))
        .annotate(n=Count("holder_id", distinct=True))
        .order_by()
    }
    base = ApplicantProfile.objects.filter(user_id__in=holding.values("holder_id"))
    region = F("work_county__region_id")
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
        "raw": raw,
    }

    # Languages: a person offering services in two languages counts in both columns; someone
    # who gave none counts in none.
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
            caption=gettext_lazy("Languages of service"),
            columns=[name for _, name in languages],
            keys=[pk for pk, _ in languages],
            counts=language_counts,
            multi=True,
            everyone_counted=False,
            **common,
        )
    ]

    # Race and ethnicity: a JSON list per person (several may apply), counted in Python;
    # everyone who gave nothing, or has no profile, is "Not stated".
    race_counts: Counter = Counter()
    stated: Counter = Counter()
    for region_id, values in base.values_list("work_county__region_id", "race_ethnicity"):
        chosen = set(values or []) & set(RaceEthnicity.values)
        for value in chosen:
            race_counts[(region_id, value)] += 1
        stated[region_id] += bool(chosen)
    for region_id, n in people.items():
        race_counts[(region_id, "")] = n - stated[region_id]
    tables.append(
        _table(
            caption=gettext_lazy("Race and ethnicity"),
            columns=[*RaceEthnicity.labels, NOT_STATED],
            keys=[*RaceEthnicity.values, ""],
            counts=race_counts,
            multi=True,
            **common,
        )
    )

    # Gender: one answer per person; no answer, or no profile, is "Not stated".
    gender_counts: Counter = Counter()
    for row in (
        base.filter(gender__in=Gender.values)
        .values("gender", region=region)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        gender_counts[(row["region"], row["gender"])] = row["n"]
    for region_id, n in people.items():
        gender_counts[(region_id, "")] = n - sum(
            gender_counts[(region_id, g)] for g in Gender.values
        )
    tables.append(
        _table(
            caption=gettext_lazy("Gender"),
            columns=[*Gender.labels, NOT_STATED],
            keys=[*Gender.values, ""],
            counts=gender_counts,
            multi=False,
            **common,
        )
    )
    return tables

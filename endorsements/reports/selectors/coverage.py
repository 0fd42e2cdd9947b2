"""Program coverage: which programs (agencies) have at least one endorsed staff member today.

The seeds' policy goal is an endorsed professional in every Birth to Three program, so those
without one are counted and listed separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from applicants.models import Agency, ProgramType, Region
from endorsements.models import Endorsement

from .regions import CURRENT

BIRTH_TO_THREE = ProgramType.BIRTH_TO_THREE


def _has_endorsed_staff() -> Exists:
    return Exists(
        Endorsement.objects.filter(
            holder__applicant_profile__agency=OuterRef("pk"), status__in=CURRENT
        )
    )


@dataclass
class CoverageRow:
    name: str
    region_code: str
    programs: int
    with_endorsed: int
    birth_to_three: int
    birth_to_three_without: int

    @property
    def without_endorsed(self) -> int:
        return self.programs - self.with_endorsed


def coverage_by_region(*, program_type: str = "", regions: list[Region]) -> list[CoverageRow]:
    """One row per region (and a totals row): one GROUP BY statement."""
    qs = Agency.objects.annotate(covered=_has_endorsed_staff())
    if program_type:
        qs = qs.filter(program_type=program_type)
    b23 = Q(program_type=BIRTH_TO_THREE)
    grouped = {
        row["region"]: row
        for row in qs.values(region=F("county__region_id"))
        .annotate(
            programs=Count("pk"),
            with_endorsed=Count("pk", filter=Q(covered=True)),
            birth_to_three=Count("pk", filter=b23),
            birth_to_three_without=Count("pk", filter=b23 & Q(covered=False)),
        )
        .order_by()
    }
    rows = []
    for region in regions:
        data = grouped.get(region.pk, {})
        rows.append(
            CoverageRow(
                name=region.name,
                region_code=region.code,
                programs=data.get("programs", 0),
                with_endorsed=data.get("with_endorsed", 0),
                birth_to_three=data.get("birth_to_three", 0),
                birth_to_three_without=data.get("birth_to_three_without", 0),
            )
        )
    rows.append(
        CoverageRow(
            name=gettext_lazy("All regions"),
            region_code="",
            programs=sum(r.programs for r in rows),
            with_endorsed=sum(r.with_endorsed for r in rows),
            birth_to_three=sum(r.birth_to_three for r in rows),
            birth_to_three_without=sum(r.birth_to_three_without for r in rows),
        )
    )
    return rows


def program_list(
    *, region_code: str = "", program_type: str = "", coverage: str = ""
) -> QuerySet[Agency]:
    """Programs with their region and number of endorsed staff, uncovered first.

    `coverage`: "without" (no endorsed staff member), "with", or "" for all.
    """
    qs = (
        Agency.objects.select_related("county__region")
        .annotate(
            endorsed_staff=Count(
                "profiles__user",
                distinct=True,
                filter=Q(profiles__user__endorsements__status__in=CURRENT),
            )
        )
        .order_by("endorsed_staff", "county__region__order", "name", "pk")
    )
    if region_code:
        qs = qs.filter(county__region__code=region_code)
    if program_type:
        qs = qs.filter(program_type=program_type)
    if coverage == "without":
        qs = qs.filter(endorsed_staff=0)
    elif coverage == "with":
        qs = qs.filter(endorsed_staff__gt=0)
    return qs

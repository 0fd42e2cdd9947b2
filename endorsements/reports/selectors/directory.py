"""The public registry and the RSC provider roster: opted-in holders of current endorsements.

Both show a name (the one the person chose to show, else their account name: searched the
same way), the categories held now, the region and the languages, nothing else. A
page of results costs four queries whatever its size: the count, the page, its languages and
its holders' current endorsements.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from applicants.models import ApplicantProfile, Language
from competencies.models import EndorsementCategory, RequirementSet
from endorsements.models import Endorsement

from .regions import CURRENT


def rsc_provider_category_ids(*, on: date) -> QuerySet:
    """Categories whose holders may provide qualifying RSC under any rule in force on `on`.

    Read from the requirement sets (rules are data): IFRS, IMHS, IMHM-C and their twins by
    default. A subquery, so it costs no query of its own.
    """
    through = RequirementSet.rsc_provider_categories.through
    return through.objects.filter(requirementset__in=RequirementSet.objects.in_effect(on)).values(
        "endorsementcategory_id"
    )


def directory_search(
    *,
    name: str = "",
    category: EndorsementCategory | None = None,
    region_id: int | None = None,
    language: Language | None = None,
    rsc_providers_on: date | None = None,
) -> QuerySet[ApplicantProfile]:
    """Opted-in people holding a current endorsement that matches the filters.

    With `rsc_providers_on`, the RSC roster: people accepting supervisees who hold a category
    qualified to provide RSC on that date. Otherwise the registry: people who opted in.
    """
    held = Endorsement.objects.filter(
        holder=OuterRef("user_id"), status__in=CURRENT, category__active=True
    )
    if category is not None:
        held = held.filter(category=category)
    if rsc_providers_on is not None:
        held = held.filter(category_id__in=rsc_provider_category_ids(on=rsc_providers_on))
        qs = ApplicantProfile.objects.filter(accepting_supervisees=True)
    else:
        qs = ApplicantProfile.objects.filter(directory_opt_in=True)
    qs = qs.filter(Exists(held))
    for word in name.split()[:5]:
        qs = qs.filter(pk__in=_showing_name(word))
    if region_id is not None:
        qs = qs.filter(work_county__region_id=region_id)
    if language is not None:
        qs = qs.filter(languages=language)
    return (
        qs.select_related("user", "work_county__region")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("name")))
        .order_by("user__family_name", "user__given_name", "pk")
    )


def _showing_name(word: str) -> QuerySet:
    """The profiles whose shown name contains `word`: the name they chose, else their account
    name. A name they do not show (a former or legal one behind a chosen name) never finds
    them.

    A union of two sets, each answered from the name's trigram index (reports migrations
    0003 and 0005): written as one OR across the profile and account tables, PostgreSQL read
    every profile and every account instead (a rare surname at 100,000 people: 300 ms, now
    under 1 ms).
    """
    chosen = ApplicantProfile.objects.filter(preferred_name__icontains=word)
    account = ApplicantProfile.objects.filter(preferred_name="").filter(
        Q(user__given_name__icontains=word) | Q(user__family_name__icontains=word)
    )
    return chosen.values("pk").union(account.values("pk"))


def attach_current_categories(profiles: list[ApplicantProfile], *, rsc_on: date | None = None):
    """Set `.current_categories` on each profile (one query for the whole page).

    For the roster (`rsc_on`), only the categories that qualify someone to provide RSC.
    """
    held = Endorsement.objects.filter(
        holder_id__in=[p.user_id for p in profiles], status__in=CURRENT, category__active=True
    )
    if rsc_on is not None:
        held = held.filter(category_id__in=rsc_provider_category_ids(on=rsc_on))
    by_holder = defaultdict(list)
    for e in held.select_related("category").order_by("category__order", "category__code"):
        by_holder[e.holder_id].append(e)
    for profile in profiles:
        profile.current_endorsements = by_holder.get(profile.user_id, [])
    return profiles

"""Reads of the guidelines and the rules in effect on a date."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from . import rules
from .models import (
    Competency,
    CompetencyDomain,
    EndorsementCategory,
    GuidelinesEdition,
    RenewalPolicy,
    RequirementSet,
)


def category_list(*, active_only: bool = True) -> QuerySet[EndorsementCategory]:
    qs = EndorsementCategory.objects.order_by("order", "code")
    return qs.filter(active=True) if active_only else qs


def category_get_by_code(*, code: str, active_only: bool = True) -> EndorsementCategory:
    """The category with this code (case-insensitive); 404 when unknown or inactive."""
    category = (
        category_list(active_only=active_only)
        .filter(code__iexact=code)
        .select_related("twin")
        .first()
    )
    if category is None:
        raise Http404("No such endorsement category.")
    return category


def requirement_set_in_effect(*, category: EndorsementCategory, on: date) -> RequirementSet | None:
    """The requirement set governing `category` on `on` (with its M2Ms prefetched), or None."""
    return (
        RequirementSet.objects.in_effect(on)
        .filter(category=category)
        .select_related("category")
        .prefetch_related("rsc_provider_categories", "reviewer_categories")
        .order_by("-effective_from")
        .first()
    )


def renewal_policy_in_effect(*, category: EndorsementCategory, on: date) -> RenewalPolicy | None:
    """The renewal policy governing `category` on `on` (a renewal: its deadline), or None."""
    return (
        RenewalPolicy.objects.in_effect(on)
        .filter(category=category)
        .select_related("category")
        .prefetch_related("rsc_provider_categories")
        .order_by("-effective_from")
        .first()
    )


def requirement_sets_upcoming(*, category: EndorsementCategory, on: date) -> list[RequirementSet]:
    """Requirement sets of `category` that start after `on`, soonest first (announced
    changes), with their provider and reviewer categories."""
    return list(
        RequirementSet.objects.filter(category=category, effective_from__gt=on)
        .select_related("category")
        .prefetch_related("rsc_provider_categories", "reviewer_categories")
        .order_by("effective_from")
    )


def renewal_policies_upcoming(*, category: EndorsementCategory, on: date) -> list[RenewalPolicy]:
    """Renewal policies of `category` that start after `on`, soonest first (announced changes)."""
    return list(
        RenewalPolicy.objects.filter(category=category, effective_from__gt=on)
        .select_related("category")
        .order_by("effective_from")
    )


def renewal_calendar_for(*, category: EndorsementCategory) -> list[rules.RenewalSpec]:
    """Every renewal policy of `category` as calendar specs (one query), oldest first: the
    deadlines of all of them make the category's renewal calendar."""
    policies = RenewalPolicy.objects.filter(category=category).select_related("category")
    return [p.to_spec(with_providers=False) for p in policies.order_by("effective_from")]


def edition_in_effect(*, on: date) -> GuidelinesEdition | None:
    """The latest active guidelines edition that started on or before `on`."""
    return (
        GuidelinesEdition.objects.filter(active=True, effective_from__lte=on)
        .order_by("-effective_from", "-pk")
        .first()
    )


def domains_for_edition(*, edition: GuidelinesEdition) -> list[CompetencyDomain]:
    """The edition's domains in order, each with its competencies prefetched (2 queries)."""
    return list(
        CompetencyDomain.objects.filter(edition=edition)
        .order_by("order", "name")
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "name"))
        )
    )


def domains_for_category(
    *, category: EndorsementCategory, domains: list[CompetencyDomain]
) -> list[tuple[CompetencyDomain, list[Competency]]]:
    """The domains and areas that apply to `category`, from already-fetched `domains`."""
    result = []
    for domain in domains:
        if not domain.applies_to_level(category.level):
            continue
        areas = [c for c in domain.competencies.all() if c.applies_from_level <= category.level]
        if areas:
            result.append((domain, areas))
    return result


def requirement_spec_for(
    *, category: EndorsementCategory, on: date
) -> rules.RequirementSpec | None:
    """The plain spec the rules engine evaluates an application for `category` on `on` against."""
    requirement_set = requirement_set_in_effect(category=category, on=on)
    if requirement_set is None:
        return None
    edition = edition_in_effect(on=on)
    domains = domains_for_edition(edition=edition) if edition else []
    return requirement_set.to_spec(domains=domains)


def renewal_spec_for(*, category: EndorsementCategory, on: date) -> rules.RenewalSpec | None:
    """The plain spec for a renewal of `category` whose deadline is `on`."""
    policy = renewal_policy_in_effect(category=category, on=on)
    return policy.to_spec() if policy else None


def categories_with_current_requirements(*, on: date) -> list[EndorsementCategory]:
    """Active categories in order, each with `.current_requirements` and
    `.current_renewal_policy` (or None) for `on`, and the announced changes
    `.upcoming_requirements` and `.upcoming_renewal_policies` (starting after `on`, soonest
    first). A constant 10 queries, whatever the count: categories, requirement sets in effect,
    their provider and reviewer categories, renewal policies in effect, their provider
    categories, upcoming requirement sets, their provider and reviewer categories, upcoming
    renewal policies."""
    categories = list(
        category_list().prefetch_related(
            Prefetch(
                "requirement_sets",
                queryset=RequirementSet.objects.filter(effective_from__gt=on)
                .order_by("effective_from")
                .prefetch_related("rsc_provider_categories", "reviewer_categories"),
                to_attr="upcoming_requirements",
            ),
            Prefetch(
                "renewal_policies",
                queryset=RenewalPolicy.objects.filter(effective_from__gt=on).order_by(
                    "effective_from"
                ),
                to_attr="upcoming_renewal_policies",
            ),
            Prefetch(
                "requirement_sets",
                queryset=RequirementSet.objects.in_effect(on)
                .order_by("-effective_from")
                .prefetch_related("rsc_provider_categories", "reviewer_categories"),
                to_attr="requirements_in_effect",
            ),
            Prefetch(
                "renewal_policies",
                queryset=RenewalPolicy.objects.in_effect(on)
                .order_by("-effective_from")
                .prefetch_related("rsc_provider_categories"),
                to_attr="renewal_policies_in_effect",
            ),
        )
    )
    for category in categories:
        found = category.requirements_in_effect
        category.current_requirements = found[0] if found else None
        policies = category.renewal_policies_in_effect
        category.current_renewal_policy = policies[0] if policies else None
    return categories

"""Evaluate an application for a category against its requirement set."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from .common import _days_needed, _ids, _years_from_days, work_days
from .items import (
    _attestation_items,
    _training_items,
    fees_item,
    trainings_counted,
    verified_share_item,
)
from .rsc import (
    _rsc_items,
    age_band_counts,
    rsc_breakdown,
    rsc_concentration_item,
    rsc_span_item,
)
from .types import (
    EDUCATION_ORDER,
    LEADERSHIP_ACTIVITY_KINDS,
    LEADERSHIP_KIND_COVERS,
    REFERENCE_RELATIONSHIPS,
    SPECIALIZED_WORK_KINDS,
    Checklist,
    ChecklistItem,
    Degree,
    PortfolioFacts,
    RequirementSpec,
    Training,
)


def _awarded(degree: Degree, on: date) -> bool:
    if degree.completed_on is not None:
        return degree.completed_on <= on
    return degree.year is not None and degree.year <= on.year


def _education_items(facts: PortfolioFacts, spec: RequirementSpec, on: date) -> list:
    minimum = spec.min_education_level
    if minimum == "none" or minimum not in EDUCATION_ORDER:
        return []
    rank = EDUCATION_ORDER.index
    awarded = [d for d in facts.degrees if _awarded(d, on) and d.level in EDUCATION_ORDER]
    best = max(awarded, key=lambda d: rank(d.level), default=None)
    params = {
        "required_level": minimum,
        "level": best.level if best else "",
        "degree_meets": False,
        "alternative_work_years": None,
        "paid_work_days": 0,
    }
    if best is not None and rank(best.level) >= rank(minimum):
        return [
            ChecklistItem(
                key="education",
                met=True,
                required=minimum,
                actual=best.level,
                contributing_ids=_ids([best]),
                section="education",
                code="education",
                params={**params, "degree_meets": True},
            )
        ]
    alternative = spec.education_alternative_work_years
    if alternative:
        # Paid work with families (not leadership activities) stands in for the degree.
        paid = [p for p in facts.work if p.paid and p.kind in SPECIALIZED_WORK_KINDS]
        days = work_days(paid, on=on)
        met = days >= _days_needed(alternative)
        return [
            ChecklistItem(
                key="education",
                met=met,
                required=minimum,
                actual=best.level if best else "none",
                contributing_ids=_ids(paid) if met else (),
                section="education" if not met else "work",
                code="education",
                params={**params, "alternative_work_years": alternative, "paid_work_days": days},
            )
        ]
    return [
        ChecklistItem(
            key="education",
            met=False,
            required=minimum,
            actual=best.level if best else "none",
            contributing_ids=(),
            section="education",
            code="education",
            params=params,
        )
    ]


def _years_item(
    *,
    key: str,
    periods: list,
    years: Decimal,
    on: date,
    params: dict | None = None,
) -> ChecklistItem:
    days = work_days(periods, on=on)
    return ChecklistItem(
        key=key,
        met=days >= _days_needed(years),
        required=years,
        actual=_years_from_days(days),
        contributing_ids=_ids(periods),
        section="work",
        code=key,
        params={"days": days, "required_years": years, **(params or {})},
    )


def post_graduate_from(degrees, spec: RequirementSpec, on: date) -> tuple[date | None, bool]:
    """The day work starts to count as post-graduate: the completion of the earliest degree
    that meets the category's education requirement (at least an associate degree). Where
    only the year is recorded, the last day of that year (never earlier than the truth).
    Returns (day or None, whether the day was assumed from the year)."""
    rank = EDUCATION_ORDER.index
    floor = max(rank(spec.min_education_level), rank("associate"))
    found = []
    for d in degrees:
        if d.level not in EDUCATION_ORDER or rank(d.level) < floor or not _awarded(d, on):
            continue
        if d.completed_on is not None:
            found.append((d.completed_on, False))
        else:
            found.append((date(d.year, 12, 31), True))
    return min(found, default=(None, False))


def _qualifying_work(facts: PortfolioFacts, spec: RequirementSpec, on: date, graduated):
    periods = []
    for p in facts.work:
        if p.kind not in SPECIALIZED_WORK_KINDS or p.start > on:
            continue
        if not (p.paid or (not spec.work_must_be_paid and p.kind == "supervised_volunteer")):
            continue
        if not age_band_counts(p.age_band, spec.age_bands):
            continue
        if spec.work_post_graduate:
            if graduated is None or (p.end is not None and p.end < graduated):
                continue
            if p.start < graduated:
                p = replace(p, start=graduated)  # only the days from the degree on count
        periods.append(p)
    return periods


def _work_items(facts: PortfolioFacts, spec: RequirementSpec, on: date) -> list:
    items = []
    graduated, assumed = (None, False)
    if spec.work_post_graduate:
        graduated, assumed = post_graduate_from(facts.degrees, spec, on)
    qualifying = _qualifying_work(facts, spec, on, graduated)
    if spec.work_years > 0:
        items.append(
            _years_item(
                key="work_years",
                periods=qualifying,
                years=spec.work_years,
                on=on,
                params={
                    "age_bands": sorted(spec.age_bands),
                    "must_be_paid": spec.work_must_be_paid,
                    "required_level": spec.min_education_level,
                    "post_graduate": spec.work_post_graduate,
                    "post_graduate_from": graduated,
                    "completion_date_assumed": assumed,
                },
            )
        )
    if spec.min_families_served > 0:
        families = sum(p.families_served for p in qualifying)
        items.append(
            ChecklistItem(
                key="families_served",
                met=families >= spec.min_families_served,
                required=spec.min_families_served,
                actual=families,
                contributing_ids=_ids(p for p in qualifying if p.families_served),
                section="work",
                code="families_served",
                params={"families": families, "required": spec.min_families_served},
            )
        )
    if spec.leadership_years > 0:
        kinds = [k for k in LEADERSHIP_ACTIVITY_KINDS if k in spec.leadership_kinds]
        periods = [
            p
            for p in facts.work
            if p.kind in LEADERSHIP_KIND_COVERS
            and p.start <= on
            and (not kinds or LEADERSHIP_KIND_COVERS[p.kind] & spec.leadership_kinds)
        ]
        items.append(
            _years_item(
                key="leadership_years",
                periods=periods,
                years=spec.leadership_years,
                on=on,
                params={"kinds": kinds},
            )
        )
    if spec.rsc_provision_years > 0:
        items.append(
            _years_item(
                key="rsc_provision_years",
                periods=[p for p in facts.work if p.kind == "rsc_provision" and p.start <= on],
                years=spec.rsc_provision_years,
                on=on,
            )
        )
    return items


def _coverage_item(trainings: list[Training], spec: RequirementSpec) -> list:
    if not spec.training_must_cover_domains or not spec.required_domain_ids:
        return []
    covered: set[int] = set()
    contributing = []
    for t in trainings:
        domains = {
            spec.competency_domain[c] for c in t.competency_ids if c in spec.competency_domain
        }
        if domains & spec.required_domain_ids:
            contributing.append(t)
        covered |= domains
    covered &= spec.required_domain_ids
    # The domains' names as the association typed them (a domain without one: its id).
    missing = sorted(spec.domain_names.get(d, str(d)) for d in spec.required_domain_ids - covered)
    needed = len(spec.required_domain_ids)
    return [
        ChecklistItem(
            key="training_domains",
            met=not missing,
            required=needed,
            actual=len(covered),
            contributing_ids=_ids(contributing),
            section="training",
            code="training_domains",
            params={"covered": len(covered), "required": needed, "missing_domains": missing},
        )
    ]


def _reference_items(facts: PortfolioFacts, spec: RequirementSpec) -> list:
    items = []
    threshold = spec.reference_not_enough_info_threshold
    completed = [r for r in facts.references if r.completed]
    invalid = [r for r in completed if r.not_enough_info_count >= threshold]
    valid = [r for r in completed if r.not_enough_info_count < threshold]
    pending = len(facts.references) - len(completed)
    if spec.references_required > 0:
        needed = spec.references_required
        items.append(
            ChecklistItem(
                key="references",
                met=len(valid) >= needed,
                required=needed,
                actual=len(valid),
                contributing_ids=_ids(valid),
                section="references",
                code="references",
                params={
                    "valid": len(valid),
                    "required": needed,
                    "invalid": len(invalid),
                    "threshold": threshold,
                    "pending": pending,
                },
            )
        )
    if spec.reference_relationships:
        items.append(_relationship_item(facts, spec, valid))
    if spec.references_endorsed_required > 0:
        needed = spec.references_endorsed_required
        endorsed = [r for r in valid if r.rater_endorsed or r.rater_vetted]
        items.append(
            ChecklistItem(
                key="references_endorsed",
                met=len(endorsed) >= needed,
                required=needed,
                actual=len(endorsed),
                contributing_ids=_ids(endorsed),
                section="references",
                code="references_endorsed",
                params={"endorsed": len(endorsed), "required": needed},
            )
        )
    return items


def _relationship_item(facts: PortfolioFacts, spec: RequirementSpec, valid: list) -> ChecklistItem:
    """Each relationship the category names needs a rating that counts from such a rater."""
    required = [r for r in spec.reference_relationships if r in REFERENCE_RELATIONSHIPS]
    have = {r.relationship for r in valid}
    missing = [r for r in required if r not in have]
    asked = {r.relationship for r in facts.references if not r.completed}
    pending = [r for r in missing if r in asked]
    return ChecklistItem(
        key="reference_relationships",
        met=not missing,
        required=len(required),
        actual=len(required) - len(missing),
        contributing_ids=_ids(r for r in valid if r.relationship in required),
        section="references",
        code="reference_relationships",
        params={"required": required, "missing": missing, "pending": pending},
    )


def evaluate_application(facts: PortfolioFacts, spec: RequirementSpec, *, on: date) -> Checklist:
    """The ordered checklist of an application for one category, evaluated on `on`.

    One item per requirement the spec makes (a zero figure makes no item), in portfolio order:
    education, work, training, RSC, references, attestations, membership, fees.
    """
    trainings = [t for t in facts.trainings if t.date <= on]
    breakdown = rsc_breakdown(facts.rsc_sessions, spec, on)
    span = rsc_span_item(
        breakdown,
        hours=spec.rsc_hours,
        min_months=spec.rsc_span_min_months,
        max_months=spec.rsc_span_max_months,
    )
    concentration = rsc_concentration_item(
        breakdown,
        hours=spec.rsc_hours,
        share_percent=spec.rsc_main_provider_share_percent,
        other_providers_max=spec.rsc_other_providers_max,
    )
    period = {
        "on": on,
        "window_start": breakdown.window_start,
        "window_months": spec.rsc_window_months,
    }
    items = [
        *_education_items(facts, spec, on),
        *_work_items(facts, spec, on),
        *_training_items(
            trainings,
            total=spec.training_hours,
            dei=spec.training_dei_hours,
            rsc_provision=spec.training_rsc_provision_hours,
            period={},
            requires_competency=spec.training_requires_competency,
        ),
        *verified_share_item(
            trainings,
            total=spec.training_hours,
            share_percent=spec.training_verified_share_percent,
            requires_competency=spec.training_requires_competency,
        ),
        *_coverage_item(
            trainings_counted(trainings, requires_competency=spec.training_requires_competency)[0],
            spec,
        ),
        *_rsc_items(
            breakdown,
            hours=spec.rsc_hours,
            focus_hours=spec.rsc_focus_provided_hours,
            period=period,
        ),
        *([span] if span else []),
        *([concentration] if concentration else []),
        *_reference_items(facts, spec),
        *_attestation_items(
            facts.attestations,
            on=on,
            ethics=spec.ethics_required,
            membership=spec.membership_required,
            other_accepted=spec.other_association_membership_accepted,
        ),
    ]
    fees = fees_item(
        facts.fees,
        before_submission=spec.fees_before_submission,
        before_decision=spec.fees_before_decision,
    )
    if fees is not None:
        items.append(fees)
    return Checklist(items=tuple(items))

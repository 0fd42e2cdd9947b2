"""Evaluate an application for a category against its requirement set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .common import (
    _days_needed,
    _ids,
    _plural,
    _years_from_days,
    hours_text,
    required_text,
    work_days,
)
from .items import _attestation_items, _training_items
from .rsc import _rsc_items, rsc_breakdown
from .types import (
    EDUCATION_LABELS,
    EDUCATION_ORDER,
    LEADERSHIP_KINDS,
    SPECIALIZED_WORK_KINDS,
    Checklist,
    ChecklistItem,
    PortfolioFacts,
    RequirementSpec,
    Training,
)


def _education_items(facts: PortfolioFacts, spec: RequirementSpec, on: date) -> list:
    minimum = spec.min_education_level
    if minimum == "none" or minimum not in EDUCATION_ORDER:
        return []
    rank = EDUCATION_ORDER.index
    awarded = [
        d
        for d in facts.degrees
        if d.year is not None and d.year <= on.year and d.level in EDUCATION_ORDER
    ]
    best = max(awarded, key=lambda d: rank(d.level), default=None)
    wanted = EDUCATION_LABELS[minimum]
    if best is not None and rank(best.level) >= rank(minimum):
        return [
            ChecklistItem(
                key="education",
                label="Education",
                met=True,
                required=minimum,
                actual=best.level,
                explanation=(
                    f"You have {EDUCATION_LABELS[best.level]}; {wanted} or higher is required."
                ),
                contributing_ids=_ids([best]),
                section="education",
            )
        ]
    have = EDUCATION_LABELS[best.level] if best else "no degree recorded"
    alternative = spec.education_alternative_work_years
    if alternative:
        # Paid work with families (not leadership activities) stands in for the degree.
        paid = [p for p in facts.work if p.paid and p.kind in SPECIALIZED_WORK_KINDS]
        days = work_days(paid, on=on)
        met = days >= _days_needed(alternative)
        years = _years_from_days(days)
        return [
            ChecklistItem(
                key="education",
                label="Education (or paid work instead)",
                met=met,
                required=minimum,
                actual=best.level if best else "none",
                explanation=(
                    f"{wanted.capitalize()} or higher, or {required_text(alternative)} years "
                    f"of paid work instead, is required; you have {have} and "
                    f"{hours_text(years)} years of paid work."
                ),
                contributing_ids=_ids(paid) if met else (),
                section="education" if not met else "work",
            )
        ]
    return [
        ChecklistItem(
            key="education",
            label="Education",
            met=False,
            required=minimum,
            actual=best.level if best else "none",
            explanation=f"{wanted.capitalize()} or higher is required; you have {have}.",
            contributing_ids=(),
            section="education",
        )
    ]


def _years_item(
    *, key: str, label: str, periods: list, years: Decimal, on: date, what: str
) -> ChecklistItem:
    days = work_days(periods, on=on)
    actual = _years_from_days(days)
    return ChecklistItem(
        key=key,
        label=label,
        met=days >= _days_needed(years),
        required=years,
        actual=actual,
        explanation=f"{hours_text(actual)} of {required_text(years)} years of {what}.",
        contributing_ids=_ids(periods),
        section="work",
    )


def _work_items(facts: PortfolioFacts, spec: RequirementSpec, on: date) -> list:
    items = []
    qualifying = [
        p
        for p in facts.work
        if p.kind in SPECIALIZED_WORK_KINDS
        and p.start <= on
        and (p.paid or (not spec.work_must_be_paid and p.kind == "supervised_volunteer"))
        and (p.post_graduate or not spec.work_post_graduate)
    ]
    if spec.work_years > 0:
        what = "paid" if spec.work_must_be_paid else "paid or supervised volunteer"
        what += " post-graduate" if spec.work_post_graduate else ""
        items.append(
            _years_item(
                key="work_years",
                label="Specialized work with infants, young children and families",
                periods=qualifying,
                years=spec.work_years,
                on=on,
                what=f"{what} specialized work",
            )
        )
    if spec.min_families_served > 0:
        families = sum(p.families_served for p in qualifying)
        items.append(
            ChecklistItem(
                key="families_served",
                label="Families served",
                met=families >= spec.min_families_served,
                required=spec.min_families_served,
                actual=families,
                explanation=(
                    f"{families} of {spec.min_families_served} families served in qualifying work."
                ),
                contributing_ids=_ids(p for p in qualifying if p.families_served),
                section="work",
            )
        )
    if spec.leadership_years > 0:
        items.append(
            _years_item(
                key="leadership_years",
                label="Leadership (including policy, faculty or research)",
                periods=[p for p in facts.work if p.kind in LEADERSHIP_KINDS and p.start <= on],
                years=spec.leadership_years,
                on=on,
                what="leadership, policy, faculty or research work",
            )
        )
    if spec.rsc_provision_years > 0:
        items.append(
            _years_item(
                key="rsc_provision_years",
                label="Providing reflective supervision/consultation",
                periods=[p for p in facts.work if p.kind == "rsc_provision" and p.start <= on],
                years=spec.rsc_provision_years,
                on=on,
                what="providing reflective supervision/consultation",
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
    missing = sorted(
        spec.domain_names.get(d, f"domain {d}") for d in spec.required_domain_ids - covered
    )
    needed = len(spec.required_domain_ids)
    explanation = f"Your training covers {len(covered)} of {needed} competency domains"
    explanation += f"; not yet covered: {', '.join(missing)}." if missing else "."
    return [
        ChecklistItem(
            key="training_domains",
            label="Training covers the competency domains",
            met=not missing,
            required=needed,
            actual=len(covered),
            explanation=explanation,
            contributing_ids=_ids(contributing),
            section="training",
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
        text = f"{len(valid)} of {needed} reference ratings count"
        if invalid:
            text += (
                f"; {len(invalid)} {_plural(len(invalid), 'rating has', 'ratings have')} "
                f"{threshold} or more 'not enough information' answers and "
                f"{_plural(len(invalid), 'does', 'do')} not count"
            )
        if pending:
            text += f"; {pending} {_plural(pending, 'is', 'are')} not yet completed"
        items.append(
            ChecklistItem(
                key="references",
                label="Reference ratings",
                met=len(valid) >= needed,
                required=needed,
                actual=len(valid),
                explanation=text + ".",
                contributing_ids=_ids(valid),
                section="references",
            )
        )
    if spec.references_endorsed_required > 0:
        needed = spec.references_endorsed_required
        endorsed = [r for r in valid if r.rater_endorsed or r.rater_vetted]
        items.append(
            ChecklistItem(
                key="references_endorsed",
                label="Reference from an endorsed rater",
                met=len(endorsed) >= needed,
                required=needed,
                actual=len(endorsed),
                explanation=(
                    f"{len(endorsed)} of {needed} counted "
                    f"{_plural(needed, 'rating', 'ratings')} from an endorsed (or vetted) rater."
                ),
                contributing_ids=_ids(endorsed),
                section="references",
            )
        )
    return items


def evaluate_application(facts: PortfolioFacts, spec: RequirementSpec, *, on: date) -> Checklist:
    """The ordered checklist of an application for one category, evaluated on `on`.

    One item per requirement the spec makes (a zero figure makes no item), in portfolio order:
    education, work, training, RSC, references, attestations, membership.
    """
    trainings = [t for t in facts.trainings if t.date <= on]
    breakdown = rsc_breakdown(facts.rsc_sessions, spec, on)
    if spec.rsc_window_months is not None:
        period = f"within the last {spec.rsc_window_months} months"
    else:
        period = "received"
    items = [
        *_education_items(facts, spec, on),
        *_work_items(facts, spec, on),
        *_training_items(
            trainings,
            total=spec.training_hours,
            dei=spec.training_dei_hours,
            rsc_provision=spec.training_rsc_provision_hours,
            period="",
        ),
        *_coverage_item(trainings, spec),
        *_rsc_items(
            breakdown,
            hours=spec.rsc_hours,
            focus_hours=spec.rsc_focus_provided_hours,
            period=period,
        ),
        *_reference_items(facts, spec),
        *_attestation_items(
            facts.attestations,
            on=on,
            ethics=spec.ethics_required,
            membership=spec.membership_required,
        ),
    ]
    return Checklist(items=tuple(items))

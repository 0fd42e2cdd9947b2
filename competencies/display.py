"""Plain-language summaries of the rules, for the public requirements pages.

Rendered from the rows, never from text in templates, so the association's website cannot drift
from the rules the checklist applies. Reads only prefetched relations (no queries of its own).
"""

from decimal import Decimal

from .models import EducationLevel, RenewalPolicy, RequirementSet
from .rules import required_text


def _hours(value: Decimal) -> str:
    n = required_text(value)
    return f"{n} hour" if Decimal(value) == 1 else f"{n} hours"


def _years(value: Decimal) -> str:
    n = required_text(value)
    return f"{n} year" if Decimal(value) == 1 else f"{n} years"


def _sentence(text: str) -> str:
    """First letter capitalised, the rest untouched (str.capitalize lowercases names)."""
    return text[:1].upper() + text[1:]


def _codes(categories) -> str:
    codes = [c.code for c in sorted(categories, key=lambda c: (c.order, c.code))]
    if not codes:
        return "any identified provider"
    return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else codes[0]


def requirement_summary(rs: RequirementSet) -> list[tuple[str, str]]:
    """(heading, sentence) pairs describing a requirement set, in portfolio order."""
    rows: list[tuple[str, str]] = []
    if rs.min_education_level == EducationLevel.NONE:
        education = "No degree required."
    else:
        education = f"{EducationLevel(rs.min_education_level).label} or higher"
        if rs.education_alternative_work_years:
            years = _years(rs.education_alternative_work_years)
            education += f", or {years} of paid work instead"
        education += "."
    rows.append(("Education", education))

    work = []
    if rs.work_years:
        kind = "paid" if rs.work_must_be_paid else "paid or supervised volunteer"
        if rs.work_post_graduate:
            kind += " post-graduate"
        work.append(
            f"{_years(rs.work_years)} of {kind} work with infants, young children and families"
        )
    if rs.min_families_served:
        work.append(f"at least {rs.min_families_served} families served")
    if rs.leadership_years:
        work.append(f"{_years(rs.leadership_years)} of leadership (policy, faculty or research)")
    if rs.rsc_provision_years:
        work.append(f"{_years(rs.rsc_provision_years)} providing reflective supervision")
    rows.append(("Specialized work", _sentence("; ".join(work)) + "." if work else "None."))

    training = f"At least {_hours(rs.training_hours)} of in-service training"
    subs = []
    if rs.training_rsc_provision_hours:
        subs.append(
            f"{_hours(rs.training_rsc_provision_hours)} on providing reflective supervision"
        )
    if rs.training_dei_hours:
        subs.append(f"{_hours(rs.training_dei_hours)} on diversity, equity and inclusion")
    if subs:
        training += f", including {' and '.join(subs)}"
    if rs.training_must_cover_domains:
        training += "; taken together it must cover the competency domains of the category"
    rows.append(("Training", training + "."))

    if rs.rsc_hours:
        rsc = f"At least {_hours(rs.rsc_hours)} of reflective supervision/consultation received"
        if rs.rsc_window_months:
            rsc += f" within the last {rs.rsc_window_months} months"
        if rs.rsc_focus_provided_hours:
            hours = _hours(rs.rsc_focus_provided_hours)
            rsc += f", {hours} of them about the reflective supervision you provide"
        rsc += f", from {_codes(rs.rsc_provider_categories.all())}."
        if not rs.count_unconfirmed_rsc:
            rsc += " Hours count once the provider confirms them."
    else:
        rsc = "Not required."
    rows.append(("Reflective supervision/consultation (RSC)", rsc))

    references = f"{rs.references_required} reference ratings"
    if rs.references_endorsed_required:
        references += (
            f", at least {rs.references_endorsed_required} from an endorsed (or vetted) rater"
        )
    references += (
        f". A rating with {rs.reference_not_enough_info_threshold} or more "
        "“not enough information” answers does not count."
    )
    rows.append(("References", references))
    if rs.exam_required:
        rows.append(("Exam", f"Yes, after review: the pass mark is {rs.exam_pass_mark_percent}%."))
    else:
        rows.append(("Exam", "No exam."))
    agreements = []
    if rs.ethics_required:
        agreements.append("sign the Code of Ethics and the Endorsement Agreement")
    if rs.membership_required:
        agreements.append("be a current member of the association")
    if agreements:
        rows.append(("Agreements and membership", _sentence(" and ".join(agreements)) + "."))
    return rows


def renewal_summary(policy: RenewalPolicy) -> list[tuple[str, str]]:
    """(heading, sentence) pairs describing a renewal policy."""
    cycle = "Every year" if policy.cycle_years == 1 else f"Every {policy.cycle_years} years"
    training = f"{_hours(policy.training_hours)} of training"
    subs = []
    if policy.training_dei_hours:
        subs.append(f"{_hours(policy.training_dei_hours)} on diversity, equity and inclusion")
    if policy.training_rsc_provision_hours:
        subs.append(
            f"{_hours(policy.training_rsc_provision_hours)} on providing reflective supervision"
        )
    if subs:
        training += f" ({' and '.join(subs)})"
    if policy.rsc_hours:
        training += f" and {_hours(policy.rsc_hours)} of reflective supervision/consultation"
    rows = [("Renewal", f"{cycle}: {training}.")]
    notes = []
    if policy.first_renewal_skip:
        notes.append("newly endorsed people skip their first renewal")
    if policy.pro_rate:
        notes.append("people endorsed during a cycle owe a pro-rated share of the hours")
    if policy.grace_period_days:
        fee = f" (late fee ${policy.late_fee})" if policy.late_fee else ""
        notes.append(f"a grace period of {policy.grace_period_days} days after the deadline{fee}")
    if policy.audit_sample_percent:
        notes.append(f"{required_text(policy.audit_sample_percent)}% of renewals are audited")
    if notes:
        rows.append(("Good to know", _sentence("; ".join(notes)) + "."))
    return rows

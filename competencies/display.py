"""Plain-language summaries of the rules, for the public requirements pages.

Rendered from the rows, never from text in templates, so the association's website cannot drift
from the rules the checklist applies. Reads only prefetched relations (no queries of its own).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    AgeBandChoice,
    EducationLevel,
    LeadershipKindChoice,
    ProRateBy,
    RaterRelationshipChoice,
    RenewalPolicy,
    RequirementSet,
)
from .rules import grid_deadline_after, required_text


def _hours(value: Decimal) -> str:
    n = required_text(value)
    return f"{n} hour" if Decimal(value) == 1 else f"{n} hours"


def _years(value: Decimal) -> str:
    n = required_text(value)
    return f"{n} year" if Decimal(value) == 1 else f"{n} years"


def _sentence(text: str) -> str:
    """First letter capitalised, the rest untouched (str.capitalize lowercases names)."""
    return text[:1].upper() + text[1:]


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _either(names: list[str], *, word: str) -> str:
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {word} {names[-1]}"


def _codes(categories) -> str:
    codes = [c.code for c in sorted(categories, key=lambda c: (c.order, c.code))]
    if not codes:
        return "any identified provider"
    return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else codes[0]


def _labels(choices, values) -> list[str]:
    labels = dict(choices.choices)
    found = [str(labels.get(v, v)) for v in values]
    return [text[:1].lower() + text[1:] for text in found]


def _age_bands_text(rs: RequirementSet) -> str:
    bands = list(rs.age_bands or ())
    named = [b for b in bands if b != AgeBandChoice.BOTH]
    text = _("Specialized work and RSC count when they are about %(ages)s.") % {
        "ages": _either(_labels(AgeBandChoice, named), word=_("or"))
    }
    if AgeBandChoice.BOTH in bands:
        text += " " + _("Work or RSC about both age bands counts too.")
    return text


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
        text = f"{_years(rs.work_years)} of {kind} work with infants, young children and families"
        if rs.work_post_graduate:
            text += _(", counted from the day you completed the degree above")
        work.append(text)
    if rs.min_families_served:
        work.append(f"at least {rs.min_families_served} families served")
    if rs.leadership_years:
        if rs.leadership_kinds:
            kinds = _either(_labels(LeadershipKindChoice, rs.leadership_kinds), word=_("or"))
            work.append(
                _("%(years)s of leadership in %(kinds)s")
                % {"years": _years(rs.leadership_years), "kinds": kinds}
            )
        else:
            work.append(
                f"{_years(rs.leadership_years)} of leadership (policy, faculty or research)"
            )
    if rs.rsc_provision_years:
        work.append(f"{_years(rs.rsc_provision_years)} providing reflective supervision")
    rows.append(("Specialized work", _sentence("; ".join(work)) + "." if work else "None."))
    if rs.age_bands:
        rows.append((_("Ages"), _age_bands_text(rs)))

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
    training += "."
    if rs.training_requires_competency:
        training += " " + _("A training counts only when it covers at least one competency area.")
    rows.append(("Training", training))

    if rs.rsc_hours:
        rsc = f"At least {_hours(rs.rsc_hours)} of reflective supervision/consultation received"
        if rs.rsc_window_months:
            rsc += f" within the last {rs.rsc_window_months} months"
        if rs.rsc_focus_provided_hours:
            hours = _hours(rs.rsc_focus_provided_hours)
            rsc += f", {hours} of them about the reflective supervision you provide"
        rsc += f", from {_codes(rs.rsc_provider_categories.all())}."
        span = _span_text(rs)
        if span:
            rsc += " " + span
        concentration = _concentration_text(rs)
        if concentration:
            rsc += " " + concentration
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
    if rs.reference_relationships:
        who = _either(_labels(RaterRelationshipChoice, rs.reference_relationships), word=_("and"))
        references += " " + _("The raters must include %(who)s.") % {"who": who}
    rows.append(("References", references))
    if rs.exam_required:
        rows.append(("Exam", f"Yes, after review: the pass mark is {rs.exam_pass_mark_percent}%."))
    else:
        rows.append(("Exam", "No exam."))
    reviewers = list(rs.reviewer_categories.all())
    if reviewers:
        rows.append(
            (
                _("Who reviews"),
                _("Reviewers hold a current %(codes)s endorsement.") % {"codes": _codes(reviewers)},
            )
        )
    agreements = []
    if rs.ethics_required:
        agreements.append("sign the Code of Ethics and the Endorsement Agreement")
    if rs.membership_required:
        agreements.append("be a current member of the association")
    if agreements:
        rows.append(("Agreements and membership", _sentence(" and ".join(agreements)) + "."))
    return rows


def _span_text(rs: RequirementSet) -> str:
    low, high = rs.rsc_span_min_months, rs.rsc_span_max_months
    if low and high:
        return _(
            "The hours must be received over no less than %(low)s and no more than %(high)s months."
        ) % {"low": low, "high": high}
    if low:
        return _("The hours must be received over no less than %(low)s months.") % {"low": low}
    if high:
        return _("The hours must be received within no more than %(high)s months.") % {"high": high}
    return ""


def _concentration_text(rs: RequirementSet) -> str:
    share, others = rs.rsc_main_provider_share_percent, rs.rsc_other_providers_max
    parts = []
    if share is not None:
        parts.append(
            _("more than %(share)s%% of them must come from one provider")
            % {"share": required_text(share)}
        )
    if others is not None:
        parts.append(
            ngettext(
                "the rest from no more than %(count)d other provider",
                "the rest from no more than %(count)d other providers",
                others,
            )
            % {"count": others}
        )
    return _sentence(" and ".join(parts)) + "." if parts else ""


def _calendar_text(policy: RenewalPolicy) -> str:
    anchor = policy.cycle_anchor
    if policy.cycle_years == 1:
        text = _("The deadline is %(day)s each year.") % {"day": f"{anchor.day} {anchor:%B}"}
    else:
        first = grid_deadline_after(
            policy.effective_from - timedelta(days=1), anchor=anchor, cycle_years=policy.cycle_years
        )
        text = _("Deadlines fall on %(day)s and every %(years)s years after.") % {
            "day": _day(first),
            "years": policy.cycle_years,
        }
    text += " " + _(
        "Your first deadline is always after the day you are endorsed: nothing is owed on the "
        "day of endorsement."
    )
    if policy.transition_from:
        text += " " + _(
            "Holders renewing under the yearly model for a deadline from %(from)s are next due "
            "on the first of these deadlines."
        ) % {"from": _day(policy.transition_from)}
    return text


def renewal_summary(policy: RenewalPolicy) -> list[tuple[str, str]]:
    """(heading, sentence) pairs describing a renewal policy."""
    cycle = "Every year" if policy.cycle_years == 1 else f"Every {policy.cycle_years} years"
    training = f"{_hours(policy.training_hours)} of training"
    subs = []
    if policy.training_dei_hours:
        subs.append(f"{_hours(policy.training_dei_hours)} on diversity, equity and inclusion")
    if subs:
        training += f" ({' and '.join(subs)})"
    if policy.rsc_hours:
        training += f" and {_hours(policy.rsc_hours)} of reflective supervision/consultation"
    rows = [("Renewal", f"{cycle}: {training}.")]
    if policy.training_rsc_provision_hours:
        hours = _hours(policy.training_rsc_provision_hours)
        if policy.rsc_provision_implied:
            text = _(
                "%(hours)s of training on providing reflective supervision: holders of this "
                "category provide RSC."
            ) % {"hours": hours}
        else:
            text = _(
                "%(hours)s of training on providing reflective supervision if you provide RSC "
                "to others, whatever endorsement you hold."
            ) % {"hours": hours}
        rows.append((_("Providing RSC"), text))
    rows.append((_("Deadlines"), _calendar_text(policy)))
    notes = []
    if policy.first_renewal_skip:
        notes.append("newly endorsed people skip their first renewal")
    if policy.pro_rate:
        if policy.pro_rate_by == ProRateBy.WHOLE_YEARS:
            notes.append(
                _(
                    "people who join a cycle part way through owe a share of the hours for the "
                    "whole years left in it"
                )
            )
        else:
            notes.append(
                _(
                    "people who join a cycle part way through owe a share of the hours for the "
                    "days left in it"
                )
            )
    if policy.training_requires_competency:
        notes.append(_("a training counts only when it covers at least one competency area"))
    if policy.grace_period_days:
        fee = f" (late fee ${policy.late_fee})" if policy.late_fee else ""
        notes.append(f"a grace period of {policy.grace_period_days} days after the deadline{fee}")
    if policy.audit_sample_percent:
        notes.append(f"{required_text(policy.audit_sample_percent)}% of renewals are audited")
    if notes:
        rows.append(("Good to know", _sentence("; ".join(notes)) + "."))
    return rows

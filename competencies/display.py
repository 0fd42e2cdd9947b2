"""Plain-language summaries of the rules, for the public requirements pages.

Rendered from the rows, never from text in templates, so the association's website cannot drift
from the rules the checklist applies. Reads only prefetched relations (no queries of its own).
Every sentence is written in the active language, with real plural forms; days and figures go
through core.formatting, lists through the translated patterns of competencies.checklist_text.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import formatting

from .checklist_text import and_list, or_list
from .models import (
    AgeBandChoice,
    EducationLevel,
    LeadershipKindChoice,
    ProRateBy,
    RaterRelationshipChoice,
    RenewalPolicy,
    RequirementSet,
)
from .rules import grid_deadline_after


def _count(value) -> int:
    """The number plural forms key on: a whole figure as itself, any fraction as plural."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else 2


def _hours(value: Decimal) -> str:
    return formatting.hours_of(value)


def _years(value: Decimal) -> str:
    return ngettext("%(n)s year", "%(n)s years", _count(value)) % {"n": formatting.number(value)}


def _sentence(text: str) -> str:
    """First letter capitalised, the rest untouched (str.capitalize lowercases names)."""
    return capfirst(text)


def _codes(categories) -> str:
    codes = [c.code for c in sorted(categories, key=lambda c: (c.order, c.code))]
    if not codes:
        return _("any identified provider")
    return or_list(codes)


def _labels(choices, values) -> list[str]:
    labels = dict(choices.choices)
    found = [str(labels.get(v, v)) for v in values]
    return [text[:1].lower() + text[1:] for text in found]


def _age_bands_text(rs: RequirementSet) -> str:
    bands = list(rs.age_bands or ())
    named = [b for b in bands if b != AgeBandChoice.BOTH]
    text = _("Specialized work and RSC count when they are about %(ages)s.") % {
        "ages": or_list(_labels(AgeBandChoice, named))
    }
    if AgeBandChoice.BOTH in bands:
        text += " " + _("Work or RSC about both age bands counts too.")
    return text


def _education_text(rs: RequirementSet) -> str:
    if rs.min_education_level == EducationLevel.NONE:
        return _("No degree required.")
    level = EducationLevel(rs.min_education_level).label
    if rs.education_alternative_work_years:
        return _("%(level)s or higher, or %(years)s of paid work instead.") % {
            "level": level,
            "years": _years(rs.education_alternative_work_years),
        }
    return _("%(level)s or higher.") % {"level": level}


def _work_text(rs: RequirementSet) -> str:
    work = []
    if rs.work_years:
        years = {"years": _years(rs.work_years)}
        if rs.work_must_be_paid and rs.work_post_graduate:
            text = _(
                "%(years)s of paid post-graduate work with infants, young children and "
                "families, counted from the day you completed the degree above"
            )
        elif rs.work_must_be_paid:
            text = _("%(years)s of paid work with infants, young children and families")
        elif rs.work_post_graduate:
            text = _(
                "%(years)s of paid or supervised volunteer post-graduate work with infants, "
                "young children and families, counted from the day you completed the degree above"
            )
        else:
            text = _(
                "%(years)s of paid or supervised volunteer work with infants, young children "
                "and families"
            )
        work.append(text % years)
    if rs.min_families_served:
        work.append(
            ngettext(
                "at least %(count)s family served",
                "at least %(count)s families served",
                rs.min_families_served,
            )
            % {"count": formatting.number(rs.min_families_served)}
        )
    if rs.leadership_years:
        if rs.leadership_kinds:
            work.append(
                _("%(years)s of leadership in %(kinds)s")
                % {
                    "years": _years(rs.leadership_years),
                    "kinds": or_list(_labels(LeadershipKindChoice, rs.leadership_kinds)),
                }
            )
        else:
            work.append(
                _("%(years)s of leadership (policy, faculty or research)")
                % {"years": _years(rs.leadership_years)}
            )
    if rs.rsc_provision_years:
        work.append(
            _("%(years)s providing reflective supervision")
            % {"years": _years(rs.rsc_provision_years)}
        )
    return _sentence("; ".join(work)) + "." if work else _("None.")


def _training_text(rs: RequirementSet) -> str:
    hours = {
        "hours": _hours(rs.training_hours),
        "rsc": _hours(rs.training_rsc_provision_hours),
        "dei": _hours(rs.training_dei_hours),
    }
    rsc, dei = bool(rs.training_rsc_provision_hours), bool(rs.training_dei_hours)
    if rsc and dei:
        text = _(
            "At least %(hours)s of in-service training, including %(rsc)s on providing "
            "reflective supervision and %(dei)s on diversity, equity and inclusion"
        )
    elif rsc:
        text = _(
            "At least %(hours)s of in-service training, including %(rsc)s on providing "
            "reflective supervision"
        )
    elif dei:
        text = _(
            "At least %(hours)s of in-service training, including %(dei)s on diversity, equity "
            "and inclusion"
        )
    else:
        text = _("At least %(hours)s of in-service training")
    text = text % hours
    if rs.training_must_cover_domains:
        text = _(
            "%(training)s; taken together it must cover the competency domains of the category"
        ) % {"training": text}
    text += "."
    if rs.training_requires_competency:
        text += " " + _("A training counts only when it covers at least one competency area.")
    if rs.training_verified_share_percent:
        text += " " + _(
            "At least %(share)s%% of these hours must come from trainings whose provider "
            "verified your attendance (the training catalog)."
        ) % {"share": formatting.number(rs.training_verified_share_percent.normalize())}
    return text


def _rsc_text(rs: RequirementSet) -> str:
    if not rs.rsc_hours:
        return _("Not required.")
    figures = {
        "hours": _hours(rs.rsc_hours),
        "months": rs.rsc_window_months,
        "focus": _hours(rs.rsc_focus_provided_hours),
        "providers": _codes(rs.rsc_provider_categories.all()),
    }
    window, focus = bool(rs.rsc_window_months), bool(rs.rsc_focus_provided_hours)
    if window and focus:
        text = ngettext(
            "At least %(hours)s of reflective supervision/consultation received within the last "
            "%(months)s month, %(focus)s of them about the reflective supervision you provide, "
            "from %(providers)s.",
            "At least %(hours)s of reflective supervision/consultation received within the last "
            "%(months)s months, %(focus)s of them about the reflective supervision you provide, "
            "from %(providers)s.",
            rs.rsc_window_months,
        )
    elif window:
        text = ngettext(
            "At least %(hours)s of reflective supervision/consultation received within the last "
            "%(months)s month, from %(providers)s.",
            "At least %(hours)s of reflective supervision/consultation received within the last "
            "%(months)s months, from %(providers)s.",
            rs.rsc_window_months,
        )
    elif focus:
        text = _(
            "At least %(hours)s of reflective supervision/consultation received, %(focus)s of "
            "them about the reflective supervision you provide, from %(providers)s."
        )
    else:
        text = _(
            "At least %(hours)s of reflective supervision/consultation received, from "
            "%(providers)s."
        )
    text = text % figures
    for extra in (_span_text(rs), _concentration_text(rs)):
        if extra:
            text += " " + extra
    if not rs.count_unconfirmed_rsc:
        text += " " + _("Hours count once the provider confirms them.")
    return text


def _references_text(rs: RequirementSet) -> str:
    required, endorsed = rs.references_required, rs.references_endorsed_required
    if endorsed:
        text = ngettext(
            "%(count)s reference rating, at least %(endorsed)s from an endorsed (or vetted) rater.",
            "%(count)s reference ratings, at least %(endorsed)s from an endorsed (or vetted) "
            "rater.",
            required,
        ) % {"count": required, "endorsed": endorsed}
    else:
        text = ngettext("%(count)s reference rating.", "%(count)s reference ratings.", required) % {
            "count": required
        }
    text += " " + ngettext(
        "A rating with %(count)s or more “not enough information” answer does not count.",
        "A rating with %(count)s or more “not enough information” answers does not count.",
        rs.reference_not_enough_info_threshold,
    ) % {"count": rs.reference_not_enough_info_threshold}
    if rs.reference_relationships:
        who = and_list(_labels(RaterRelationshipChoice, rs.reference_relationships))
        text += " " + _("The raters must include %(who)s.") % {"who": who}
    return text


def requirement_summary(rs: RequirementSet) -> list[tuple[str, str]]:
    """(heading, sentence) pairs describing a requirement set, in portfolio order."""
    rows: list[tuple[str, str]] = [
        (_("Education"), _education_text(rs)),
        (_("Specialized work"), _work_text(rs)),
    ]
    if rs.age_bands:
        rows.append((_("Ages"), _age_bands_text(rs)))
    rows.append((_("Training"), _training_text(rs)))
    rows.append((_("Reflective supervision/consultation (RSC)"), _rsc_text(rs)))
    rows.append((_("References"), _references_text(rs)))
    if rs.exam_required:
        exam = _("Yes, after review: the pass mark is %(percent)s%%.") % {
            "percent": rs.exam_pass_mark_percent
        }
    else:
        exam = _("No exam.")
    rows.append((_("Exam"), exam))
    reviewers = list(rs.reviewer_categories.all())
    if reviewers:
        rows.append(
            (
                _("Who reviews"),
                _("Reviewers hold a current %(codes)s endorsement.") % {"codes": _codes(reviewers)},
            )
        )
    if rs.ethics_required and rs.membership_required:
        agreements = _(
            "Sign the Code of Ethics and the Endorsement Agreement and be a current member of "
            "the association."
        )
    elif rs.ethics_required:
        agreements = _("Sign the Code of Ethics and the Endorsement Agreement.")
    elif rs.membership_required:
        agreements = _("Be a current member of the association.")
    else:
        agreements = ""
    if agreements:
        rows.append((_("Agreements and membership"), agreements))
    return rows


def _span_text(rs: RequirementSet) -> str:
    low, high = rs.rsc_span_min_months, rs.rsc_span_max_months
    if low and high:
        return _(
            "The hours must be received over no less than %(low)s and no more than %(high)s months."
        ) % {"low": low, "high": high}
    if low:
        return ngettext(
            "The hours must be received over no less than %(low)s month.",
            "The hours must be received over no less than %(low)s months.",
            low,
        ) % {"low": low}
    if high:
        return ngettext(
            "The hours must be received within no more than %(high)s month.",
            "The hours must be received within no more than %(high)s months.",
            high,
        ) % {"high": high}
    return ""


def _concentration_text(rs: RequirementSet) -> str:
    share, others = rs.rsc_main_provider_share_percent, rs.rsc_other_providers_max
    figures = {"share": formatting.number(share) if share is not None else "", "count": others}
    if share is not None and others is not None:
        return (
            ngettext(
                "More than %(share)s%% of them must come from one provider and the rest from no "
                "more than %(count)s other provider.",
                "More than %(share)s%% of them must come from one provider and the rest from no "
                "more than %(count)s other providers.",
                others,
            )
            % figures
        )
    if share is not None:
        return _("More than %(share)s%% of them must come from one provider.") % figures
    if others is not None:
        return (
            ngettext(
                "The rest from no more than %(count)s other provider.",
                "The rest from no more than %(count)s other providers.",
                others,
            )
            % figures
        )
    return ""


def _calendar_text(policy: RenewalPolicy) -> str:
    anchor = policy.cycle_anchor
    if policy.cycle_years == 1:
        text = _("The deadline is %(day)s each year.") % {"day": formatting.day_of_year(anchor)}
    else:
        first = grid_deadline_after(
            policy.effective_from - timedelta(days=1), anchor=anchor, cycle_years=policy.cycle_years
        )
        text = _("Deadlines fall on %(day)s and every %(years)s years after.") % {
            "day": formatting.day(first),
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
        ) % {"from": formatting.day(policy.transition_from)}
    return text


def _renewal_text(policy: RenewalPolicy) -> str:
    figures = {
        "years": policy.cycle_years,
        "hours": _hours(policy.training_hours),
        "dei": _hours(policy.training_dei_hours),
        "rsc": _hours(policy.rsc_hours),
    }
    dei, rsc = bool(policy.training_dei_hours), bool(policy.rsc_hours)
    n = policy.cycle_years
    if dei and rsc:
        text = ngettext(
            "Every year: %(hours)s of training (%(dei)s on diversity, equity and inclusion) and "
            "%(rsc)s of reflective supervision/consultation.",
            "Every %(years)s years: %(hours)s of training (%(dei)s on diversity, equity and "
            "inclusion) and %(rsc)s of reflective supervision/consultation.",
            n,
        )
    elif dei:
        text = ngettext(
            "Every year: %(hours)s of training (%(dei)s on diversity, equity and inclusion).",
            "Every %(years)s years: %(hours)s of training (%(dei)s on diversity, equity and "
            "inclusion).",
            n,
        )
    elif rsc:
        text = ngettext(
            "Every year: %(hours)s of training and %(rsc)s of reflective supervision/consultation.",
            "Every %(years)s years: %(hours)s of training and %(rsc)s of reflective "
            "supervision/consultation.",
            n,
        )
    else:
        text = ngettext(
            "Every year: %(hours)s of training.", "Every %(years)s years: %(hours)s of training.", n
        )
    return text % figures


def renewal_summary(policy: RenewalPolicy) -> list[tuple[str, str]]:
    """(heading, sentence) pairs describing a renewal policy."""
    rows = [(_("Renewal"), _renewal_text(policy))]
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
        notes.append(_("newly endorsed people skip their first renewal"))
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
        # The late fee is the fee schedule's (the fees app), stated on the renewal page.
        notes.append(
            ngettext(
                "a grace period of %(days)s day after the deadline",
                "a grace period of %(days)s days after the deadline",
                policy.grace_period_days,
            )
            % {"days": policy.grace_period_days}
        )
    if policy.audit_sample_percent:
        notes.append(
            _("%(percent)s%% of renewals are audited")
            % {"percent": formatting.number(policy.audit_sample_percent)}
        )
    if notes:
        rows.append((_("Good to know"), _sentence("; ".join(notes)) + "."))
    return rows

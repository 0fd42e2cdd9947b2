"""The checklist's words: (code, params) from the rules engine written in the reader's language.

The engine (`competencies.rules`) returns codes and plain parameters only; this module writes the
label and the sentence of each checklist item, and the reason a session does not count, in the
active language (gettext with real plural forms; days, numbers and hours through
`core.formatting`). It is also the reader of frozen checklists (application snapshots, renewal
submissions): a stored item is a dict with "key", "code", "met" and JSON "params"; items frozen
before codes were complete carry only English "label" / "explanation", shown as they were.

Figures "of" a requirement are cut to one decimal (never rounded up, so a figure short of the
requirement never reads as meeting it); lengths with their unit use `formatting.hours`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from core import formatting

from .rules.types import DAYS_PER_YEAR, MINUTES_PER_HOUR, NOT_COUNTED_CODES

# Degrees as they read inside a sentence ("you have a bachelor's degree").
EDUCATION_WORDS = {
    "none": gettext_lazy("no degree"),
    "cda": gettext_lazy("a CDA credential"),
    "associate": gettext_lazy("an associate degree"),
    "bachelor": gettext_lazy("a bachelor's degree"),
    "master": gettext_lazy("a master's degree"),
    "doctorate": gettext_lazy("a doctorate"),
}
AGE_BAND_WORDS = {
    "infant": gettext_lazy("infants (pregnancy to 36 months)"),
    "early_childhood": gettext_lazy("young children (3 up to 6 years)"),
    "both": gettext_lazy("both age bands"),
}
LEADERSHIP_WORDS = {
    "policy": gettext_lazy("policy"),
    "faculty": gettext_lazy("faculty (university teaching)"),
    "research": gettext_lazy("research"),
    "administration": gettext_lazy("program administration"),
}
RELATIONSHIP_WORDS = {
    "current_supervisor": gettext_lazy("your current or most recent supervisor"),
    "rsc_provider": gettext_lazy("your reflective supervision/consultation (RSC) provider"),
    "colleague": gettext_lazy("a colleague or another supervisor"),
    "supervisee": gettext_lazy("someone who receives reflective supervision from you"),
    "other": gettext_lazy("someone else who knows your work"),
}

# --- Reading parameters (live values, or their JSON copies in a frozen checklist) -----------


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _day_value(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _count(value) -> int:
    """The number plural forms key on: a whole figure as itself, any fraction as plural."""
    value = _dec(value)
    return int(value) if value == value.to_integral_value() else 2


def _figure(value) -> str:
    """An actual figure, one decimal, cut: 12.5, 3.0, 9.98 -> 9.9 (9,9 in Spanish)."""
    return formatting.number(_dec(value).quantize(Decimal("0.1"), rounding=ROUND_DOWN), places=1)


def _required(value) -> str:
    """A required figure as people write it: 24, 7.5 (7,5)."""
    return formatting.number(_dec(value))


def _actual_hours(minutes) -> str:
    return _figure(Decimal(minutes) / MINUTES_PER_HOUR)


def _years_from_days(days) -> str:
    return _figure(Decimal(days) / DAYS_PER_YEAR)


def _day(value) -> str:
    return formatting.day(_day_value(value))


# --- Lists in a sentence ----------------------------------------------------------------------


def or_list(names) -> str:
    """ "a", "a or b", "a, b or c" in the active language."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(items)s or %(last)s") % {
        "items": pgettext("list separator", ", ").join(names[:-1]),
        "last": names[-1],
    }


def and_list(names) -> str:
    """ "a", "a and b", "a, b and c" in the active language."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(names[:-1]),
        "last": names[-1],
    }


def _words(codes, words: Mapping) -> list[str]:
    return [str(words.get(c, c)) for c in codes]


def _bands(bands) -> str:
    return or_list(_words([b for b in ("infant", "early_childhood") if b in bands], AGE_BAND_WORDS))


def _clauses(main: str, extra: list[str]) -> str:
    """A sentence and its further clauses, each a whole clause, joined by semicolons."""
    return "".join([main, *(f"; {c}" for c in extra)]) + "."


# --- Labels -----------------------------------------------------------------------------------


def _leadership_label(p) -> str:
    kinds = p.get("kinds") or []
    if kinds:
        return _("Leadership: %(kinds)s") % {"kinds": or_list(_words(kinds, LEADERSHIP_WORDS))}
    return _("Leadership (including policy, faculty or research)")


def _rsc_provision_label(p) -> str:
    if p.get("applies") == "unknown":
        return _("Training on providing reflective supervision (if you provide RSC)")
    return _("Training on providing reflective supervision")


def _education_label(p) -> str:
    if p.get("alternative_work_years") and not p.get("degree_meets"):
        return _("Education (or paid work instead)")
    return _("Education")


_LABELS = {
    "education": _education_label,
    "work_years": lambda p: _("Specialized work with infants, young children and families"),
    "families_served": lambda p: _("Families served"),
    "leadership_years": _leadership_label,
    "rsc_provision_years": lambda p: _("Providing reflective supervision/consultation"),
    "training_hours": lambda p: _("In-service training"),
    "training_dei": lambda p: _("Training on diversity, equity and inclusion"),
    "training_rsc_provision": _rsc_provision_label,
    "training_domains": lambda p: _("Training covers the competency domains"),
    "rsc_hours": lambda p: _("Reflective supervision/consultation received"),
    "rsc_focus_provided": lambda p: _("RSC about the reflective supervision you provide"),
    "rsc_span": lambda p: _("RSC received over the right length of time"),
    "rsc_concentration": lambda p: _("Most RSC hours from one provider"),
    "references": lambda p: _("Reference ratings"),
    "reference_relationships": lambda p: _("References from the people the category asks for"),
    "references_endorsed": lambda p: _("Reference from an endorsed rater"),
    "ethics": lambda p: _("Code of Ethics and Endorsement Agreement"),
    "no_sanctions": lambda p: _("No sanctions by a licensing board"),
    "membership": lambda p: _("Membership of the association"),
    "first_renewal_skipped": lambda p: _("First renewal"),
}


# --- Sentences --------------------------------------------------------------------------------


def _education(met: bool, p) -> str:
    wanted = str(EDUCATION_WORDS[p["required_level"]])
    if p["degree_meets"]:
        return _("You have %(have)s; %(wanted)s or higher is required.") % {
            "have": EDUCATION_WORDS[p["level"]],
            "wanted": wanted,
        }
    have = str(EDUCATION_WORDS[p["level"]]) if p["level"] else _("no degree recorded")
    if p["alternative_work_years"]:
        alternative = _dec(p["alternative_work_years"])
        return capfirst(
            ngettext(
                "%(wanted)s or higher, or %(years)s year of paid work instead, is required; "
                "you have %(have)s and %(actual)s years of paid work.",
                "%(wanted)s or higher, or %(years)s years of paid work instead, is required; "
                "you have %(have)s and %(actual)s years of paid work.",
                _count(alternative),
            )
            % {
                "wanted": wanted,
                "years": _required(alternative),
                "have": have,
                "actual": _years_from_days(p["paid_work_days"]),
            }
        )
    return capfirst(
        _("%(wanted)s or higher is required; you have %(have)s.") % {"wanted": wanted, "have": have}
    )


def _work_years(met: bool, p) -> str:
    figures = {
        "actual": _years_from_days(p["days"]),
        "required": _required(p["required_years"]),
        "ages": _bands(p["age_bands"]),
    }
    n = _count(p["required_years"])
    paid, post, ages = p["must_be_paid"], p["post_graduate"], bool(p["age_bands"])
    # One whole sentence for each kind of work the category asks for.
    if paid and not post:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid specialized work with %(ages)s",
                "%(actual)s of %(required)s years of paid specialized work with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid specialized work",
                "%(actual)s of %(required)s years of paid specialized work",
                n,
            )
        )
    elif paid:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid post-graduate specialized work "
                "with %(ages)s",
                "%(actual)s of %(required)s years of paid post-graduate specialized work "
                "with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid post-graduate specialized work",
                "%(actual)s of %(required)s years of paid post-graduate specialized work",
                n,
            )
        )
    elif not post:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer specialized "
                "work with %(ages)s",
                "%(actual)s of %(required)s years of paid or supervised volunteer specialized "
                "work with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer specialized work",
                "%(actual)s of %(required)s years of paid or supervised volunteer specialized work",
                n,
            )
        )
    else:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer post-graduate "
                "specialized work with %(ages)s",
                "%(actual)s of %(required)s years of paid or supervised volunteer post-graduate "
                "specialized work with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer post-graduate "
                "specialized work",
                "%(actual)s of %(required)s years of paid or supervised volunteer post-graduate "
                "specialized work",
                n,
            )
        )
    main = main % figures
    if not post:
        return main + "."
    graduated = p["post_graduate_from"]
    if graduated is None:
        degree = EDUCATION_WORDS.get(p.get("required_level") or "") or _("a degree")
        note = _(
            "work counts from the day you completed %(degree)s or higher, and none is recorded"
        ) % {"degree": degree}
        return _clauses(main, [note])
    if p["completion_date_assumed"]:
        note = _(
            "counted from %(day)s because only the year of your degree is recorded: add the day "
            "you completed it to count the work from then"
        ) % {"day": _day(graduated)}
        return _clauses(main, [note])
    return _("%(work)s, counted from %(day)s, when you completed your degree.") % {
        "work": main,
        "day": _day(graduated),
    }


def _families(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s family served in qualifying work.",
        "%(actual)s of %(required)s families served in qualifying work.",
        int(p["required"]),
    ) % {"actual": formatting.number(p["families"]), "required": formatting.number(p["required"])}


def _leadership_years(met: bool, p) -> str:
    kinds = p.get("kinds") or []
    figures = {
        "actual": _years_from_days(p["days"]),
        "required": _required(p["required_years"]),
        "kinds": or_list(_words(kinds, LEADERSHIP_WORDS)),
    }
    n = _count(p["required_years"])
    if kinds:
        text = ngettext(
            "%(actual)s of %(required)s year of %(kinds)s leadership.",
            "%(actual)s of %(required)s years of %(kinds)s leadership.",
            n,
        )
    else:
        text = ngettext(
            "%(actual)s of %(required)s year of leadership, policy, faculty or research work.",
            "%(actual)s of %(required)s years of leadership, policy, faculty or research work.",
            n,
        )
    return text % figures


def _rsc_provision_years(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s year of providing reflective supervision/consultation.",
        "%(actual)s of %(required)s years of providing reflective supervision/consultation.",
        _count(p["required_years"]),
    ) % {"actual": _years_from_days(p["days"]), "required": _required(p["required_years"])}


def _renewal_period(p) -> str:
    """The cycle's dates, and the pro-rating, after a renewal's hours ("" for applications)."""
    if not p.get("count_from"):
        return ""
    text = _(" between %(start)s and %(end)s") % {
        "start": _day(p["count_from"]),
        "end": _day(p["cycle_end"]),
    }
    if p.get("pro_rated_percent") is not None:
        figures = {"percent": formatting.number(p["pro_rated_percent"])}
        if p.get("pro_rate_reason") == "endorsed":
            figures["day"] = _day(p["endorsed_on"])
            text += _(" (pro-rated to %(percent)s%% of the cycle: endorsed on %(day)s)") % figures
        else:
            figures["day"] = _day(p["previous_deadline"])
            text += (
                _(
                    " (pro-rated to %(percent)s%% of the cycle: your last renewal covered up to "
                    "%(day)s)"
                )
                % figures
            )
    return text


def _left_out_training(p) -> list[str]:
    minutes = p.get("left_out_no_competency_minutes") or 0
    if not minutes:
        return []
    hours = Decimal(minutes) / MINUTES_PER_HOUR
    return [
        ngettext(
            "%(hours)s of training tagged with no competency area does not count",
            "%(hours)s of training tagged with no competency area do not count",
            _count(hours.quantize(Decimal("0.01"), rounding=ROUND_DOWN)),
        )
        % {"hours": formatting.hours(minutes)}
    ]


def _training(key: str):
    def sentence(met: bool, p) -> str:
        figures = {
            "actual": _actual_hours(p["actual_minutes"]),
            "required": _required(p["required_hours"]),
            "period": _renewal_period(p),
        }
        n = _count(p["required_hours"])
        if key == "training_hours":
            main = ngettext(
                "%(actual)s of %(required)s training hour%(period)s",
                "%(actual)s of %(required)s training hours%(period)s",
                n,
            )
        elif key == "training_dei":
            main = ngettext(
                "%(actual)s of %(required)s training hour on diversity, equity and "
                "inclusion%(period)s",
                "%(actual)s of %(required)s training hours on diversity, equity and "
                "inclusion%(period)s",
                n,
            )
        else:
            main = ngettext(
                "%(actual)s of %(required)s training hour on providing reflective "
                "supervision%(period)s",
                "%(actual)s of %(required)s training hours on providing reflective "
                "supervision%(period)s",
                n,
            )
        return _clauses(main % figures, _left_out_training(p))

    return sentence


def _domains(met: bool, p) -> str:
    figures = {
        "covered": formatting.number(p["covered"]),
        "required": formatting.number(p["required"]),
    }
    main = (
        ngettext(
            "Your training covers %(covered)s of %(required)s competency domain",
            "Your training covers %(covered)s of %(required)s competency domains",
            int(p["required"]),
        )
        % figures
    )
    missing = p["missing_domains"]
    if not missing:
        return main + "."
    note = _("not yet covered: %(domains)s") % {
        "domains": pgettext("list separator", ", ").join(str(m) for m in missing)
    }
    return _clauses(main, [note])


def not_counted_clause(code: str, minutes: int, p) -> str:
    """ "3 hours dated after 14 March 2026 do not count", one clause per reason."""
    hours = Decimal(minutes) / MINUTES_PER_HOUR
    n = _count(hours.quantize(Decimal("0.01"), rounding=ROUND_DOWN))
    figures = {"hours": formatting.hours(minutes)}
    if code == "after_evaluation":
        figures["day"] = _day(p["on"])
        text = ngettext(
            "%(hours)s dated after %(day)s does not count",
            "%(hours)s dated after %(day)s do not count",
            n,
        )
    elif code == "outside_window":
        figures["day"] = _day(p["window_start"])
        text = ngettext(
            "%(hours)s from before %(day)s does not count",
            "%(hours)s from before %(day)s do not count",
            n,
        )
    elif code == "peer":
        text = ngettext(
            "%(hours)s of peer supervision without an identified provider does not count",
            "%(hours)s of peer supervision without an identified provider do not count",
            n,
        )
    elif code == "disputed":
        text = ngettext(
            "%(hours)s disputed by the provider does not count",
            "%(hours)s disputed by the provider do not count",
            n,
        )
    elif code == "ineligible_provider":
        text = ngettext(
            "%(hours)s from an ineligible provider does not count",
            "%(hours)s from an ineligible provider do not count",
            n,
        )
    elif code == "unconfirmed":
        text = ngettext(
            "%(hours)s not yet confirmed by the provider does not count",
            "%(hours)s not yet confirmed by the provider do not count",
            n,
        )
    elif code == "age_band_missing":
        text = ngettext(
            "%(hours)s that does not say which ages it was about does not count",
            "%(hours)s that do not say which ages they were about do not count",
            n,
        )
    else:  # wrong_age_band
        text = ngettext(
            "%(hours)s about other ages than this category's does not count",
            "%(hours)s about other ages than this category's do not count",
            n,
        )
    return text % figures


def _rsc_hours(met: bool, p) -> str:
    figures = {
        "actual": _actual_hours(p["actual_minutes"]),
        "required": _required(p["required_hours"]),
        "period": _renewal_period(p),
    }
    n = _count(p["required_hours"])
    if p.get("count_from"):
        main = ngettext(
            "%(actual)s of %(required)s RSC hour%(period)s",
            "%(actual)s of %(required)s RSC hours%(period)s",
            n,
        )
    elif p.get("window_months") is not None:
        figures["months"] = p["window_months"]
        main = (
            ngettext(
                "%(actual)s of %(required)s RSC hour within the last %(months)s months",
                "%(actual)s of %(required)s RSC hours within the last %(months)s months",
                n,
            )
            if int(p["window_months"]) != 1
            else ngettext(
                "%(actual)s of %(required)s RSC hour within the last month",
                "%(actual)s of %(required)s RSC hours within the last month",
                n,
            )
        )
    else:
        main = ngettext(
            "%(actual)s of %(required)s RSC hour received",
            "%(actual)s of %(required)s RSC hours received",
            n,
        )
    clauses = [
        not_counted_clause(code, minutes, p)
        for code, minutes in (p.get("not_counted_minutes") or {}).items()
        if minutes and code in NOT_COUNTED_CODES
    ]
    return _clauses(main % figures, clauses)


def _rsc_focus(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s counted RSC hour is about the reflective supervision you "
        "provide.",
        "%(actual)s of %(required)s counted RSC hours are about the reflective supervision you "
        "provide.",
        _count(p["required_hours"]),
    ) % {"actual": _actual_hours(p["actual_minutes"]), "required": _required(p["required_hours"])}


def _span_limits(p) -> str:
    low, high = p.get("min_months"), p.get("max_months")
    if low is not None and high is not None:
        return _("over no less than %(low)s and no more than %(high)s months") % {
            "low": low,
            "high": high,
        }
    if low is not None:
        return ngettext(
            "over no less than %(low)s month", "over no less than %(low)s months", int(low)
        ) % {"low": low}
    return ngettext(
        "within no more than %(high)s month", "within no more than %(high)s months", int(high)
    ) % {"high": high}


def _span(met: bool, p) -> str:
    limits = _span_limits(p)
    required = _required(p["required_hours"])
    n = _count(p["required_hours"])
    problem = p["problem"]
    if problem == "no_sessions":
        return ngettext(
            "No counted RSC yet. The %(required)s hour must be received %(limits)s.",
            "No counted RSC yet. The %(required)s hours must be received %(limits)s.",
            n,
        ) % {"required": required, "limits": limits}
    figures = {
        "hours": _actual_hours(p["frame_minutes"]),
        "first": _day(p["first"]),
        "last": _day(p["last"]),
        "months": p["months"],
        "required": required,
        "limits": limits,
    }
    if problem == "":
        return (
            ngettext(
                "%(hours)s counted RSC hours received from %(first)s to %(last)s "
                "(%(months)s month); "
                "the required hours must be received %(limits)s.",
                "%(hours)s counted RSC hours received from %(first)s to %(last)s "
                "(%(months)s months); "
                "the required hours must be received %(limits)s.",
                int(p["months"]),
            )
            % figures
        )
    if problem == "too_few_hours_in_frame":
        if p.get("max_months") is not None:
            figures["max"] = p["max_months"]
            return (
                ngettext(
                    "The most counted RSC received in any %(max)s months is %(hours)s hours "
                    "(from %(first)s to %(last)s); %(required)s hour is required, received "
                    "%(limits)s.",
                    "The most counted RSC received in any %(max)s months is %(hours)s hours "
                    "(from %(first)s to %(last)s); %(required)s hours are required, received "
                    "%(limits)s.",
                    n,
                )
                % figures
            )
        return (
            ngettext(
                "The most counted RSC received in all is %(hours)s hours (from %(first)s to "
                "%(last)s); %(required)s hour is required, received %(limits)s.",
                "The most counted RSC received in all is %(hours)s hours (from %(first)s to "
                "%(last)s); %(required)s hours are required, received %(limits)s.",
                n,
            )
            % figures
        )
    return (
        ngettext(
            "Your counted RSC hours were received from %(first)s to %(last)s, over %(months)s "
            "month; the %(required)s hours must be received %(limits)s.",
            "Your counted RSC hours were received from %(first)s to %(last)s, over %(months)s "
            "months; the %(required)s hours must be received %(limits)s.",
            int(p["months"]),
        )
        % figures
    )


def _concentration_rule(p) -> str:
    share, limit = p.get("share_percent"), p.get("other_providers_max")
    share_text = (
        _("more than %(share)s%% of the hours must come from one provider")
        % {"share": _required(share)}
        if share is not None
        else ""
    )
    limit_text = (
        ngettext(
            "the rest from no more than %(count)s other provider",
            "the rest from no more than %(count)s other providers",
            int(limit),
        )
        % {"count": limit}
        if limit is not None
        else ""
    )
    if share_text and limit_text:
        return _("%(share_rule)s and %(limit_rule)s") % {
            "share_rule": share_text,
            "limit_rule": limit_text,
        }
    return share_text or limit_text


def _concentration(met: bool, p) -> str:
    rule = _concentration_rule(p)
    problem = p["problem"]
    if problem == "no_sessions":
        return _("No counted RSC yet. %(rule)s.") % {"rule": capfirst(rule)}
    weighed = int(p["main_minutes"]) + int(p["other_minutes_weighed"])
    main = _(
        "%(provider)s provided %(hours)s of your counted RSC hours (%(share)s%% of the "
        "%(weighed)s hours weighed)"
    ) % {
        "provider": p["main_provider"],
        "hours": _actual_hours(p["main_minutes"]),
        "share": formatting.number(p["main_share_percent"], places=1),
        "weighed": _actual_hours(weighed),
    }
    if problem == "":
        return _("%(main)s: %(rule)s, as required.") % {"main": main, "rule": rule}
    if problem == "too_many_providers":
        limit = p.get("other_providers_max") or 0
        return ngettext(
            "%(main)s. With the hours of no more than %(limit)s other provider, your counted RSC "
            "comes to less than the %(required)s hours required: %(rule)s.",
            "%(main)s. With the hours of no more than %(limit)s other providers, your counted "
            "RSC comes to less than the %(required)s hours required: %(rule)s.",
            int(limit),
        ) % {"main": main, "limit": limit, "required": _required(p["required_hours"]), "rule": rule}
    return _("%(main)s; %(rule)s.") % {"main": main, "rule": rule}


def _references(met: bool, p) -> str:
    valid, required = int(p["valid"]), int(p["required"])
    invalid, pending = int(p["invalid"]), int(p["pending"])
    main = ngettext(
        "%(valid)s of %(required)s reference rating counts",
        "%(valid)s of %(required)s reference ratings count",
        required,
    ) % {"valid": valid, "required": required}
    clauses = []
    if invalid:
        clauses.append(
            ngettext(
                "%(count)s rating has %(threshold)s or more 'not enough information' answers "
                "and does not count",
                "%(count)s ratings have %(threshold)s or more 'not enough information' answers "
                "and do not count",
                invalid,
            )
            % {"count": invalid, "threshold": p["threshold"]}
        )
    if pending:
        clauses.append(
            ngettext("%(count)s is not yet completed", "%(count)s are not yet completed", pending)
            % {"count": pending}
        )
    return _clauses(main, clauses)


def _relationships(met: bool, p) -> str:
    if not p["missing"]:
        return _("You have a rating that counts from %(who)s.") % {
            "who": and_list(_words(p["required"], RELATIONSHIP_WORDS))
        }
    missing = and_list(_words(p["missing"], RELATIONSHIP_WORDS))
    if p["pending"]:
        return _(
            "Still needed: a rating that counts from %(who)s (asked, not yet completed: "
            "%(pending)s)."
        ) % {"who": missing, "pending": and_list(_words(p["pending"], RELATIONSHIP_WORDS))}
    return _("Still needed: a rating that counts from %(who)s.") % {"who": missing}


def _references_endorsed(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s counted rating from an endorsed (or vetted) rater.",
        "%(actual)s of %(required)s counted ratings from an endorsed (or vetted) rater.",
        int(p["required"]),
    ) % {"actual": p["endorsed"], "required": p["required"]}


def _ethics(met: bool, p) -> str:
    if met:
        return _("You have signed the Code of Ethics and the Endorsement Agreement.")
    return _("Sign the Code of Ethics and the Endorsement Agreement.")


def _no_sanctions(met: bool, p) -> str:
    if met:
        return _("You have attested to no sanctions by a licensing board.")
    return _("Attest that no licensing board has sanctioned you.")


def _membership(met: bool, p) -> str:
    expires = p["expires"]
    if not expires:
        return _("No membership of the association recorded; membership is required.")
    if met:
        return _("Membership current until %(day)s.") % {"day": _day(expires)}
    return _("Membership ended on %(day)s; renew it to continue.") % {"day": _day(expires)}


def _first_renewal(met: bool, p) -> str:
    return _(
        "Endorsed on %(day)s, during this cycle: your first renewal is skipped and nothing is "
        "owed this time."
    ) % {"day": _day(p["endorsed_on"])}


_SENTENCES = {
    "education": _education,
    "work_years": _work_years,
    "families_served": _families,
    "leadership_years": _leadership_years,
    "rsc_provision_years": _rsc_provision_years,
    "training_hours": _training("training_hours"),
    "training_dei": _training("training_dei"),
    "training_rsc_provision": _training("training_rsc_provision"),
    "training_domains": _domains,
    "rsc_hours": _rsc_hours,
    "rsc_focus_provided": _rsc_focus,
    "rsc_span": _span,
    "rsc_concentration": _concentration,
    "references": _references,
    "reference_relationships": _relationships,
    "references_endorsed": _references_endorsed,
    "ethics": _ethics,
    "no_sanctions": _no_sanctions,
    "membership": _membership,
    "first_renewal_skipped": _first_renewal,
}

# Frozen items from before every code carried its parameters keep the English they were frozen
# with ("explanation"), except where the sentence needs nothing but whether the item is met.
_NO_PARAMS = frozenset({"ethics", "no_sanctions"})
_LABEL_PARAMS = frozenset({"education", "leadership_years", "training_rsc_provision"})


# --- The interface ----------------------------------------------------------------------------


def label_for(code: str, params: Mapping | None = None) -> str:
    """The label of a checklist item in the active language ("" for an unknown code)."""
    render = _LABELS.get(code)
    return render(params or {}) if render else ""


def sentence_for(code: str, met: bool, params: Mapping | None = None) -> str:
    """The sentence of a checklist item in the active language.

    Raises KeyError when `params` lack what the sentence needs or the code is unknown.
    """
    return _SENTENCES[code](bool(met), params or {})


_RENDER_ERRORS = (KeyError, TypeError, ValueError, InvalidOperation)


def _fields(item) -> tuple[str, bool, Mapping, Mapping | None]:
    """(code, met, params, the frozen dict or None) of a live ChecklistItem or a frozen dict."""
    if isinstance(item, Mapping):
        code = item.get("code") or item.get("key") or ""
        return code, bool(item.get("met")), item.get("params") or {}, item
    return item.code or item.key, item.met, item.params, None


def _frozen_in_english(stored: Mapping | None) -> bool:
    return stored is not None and "explanation" in stored


def knows(item) -> bool:
    """Whether this module can write the item (live, or frozen with a code or key it names)."""
    return _fields(item)[0] in _SENTENCES


def item_label(item) -> str:
    """The label of a checklist item (live or frozen) in the active language."""
    code, _met, params, stored = _fields(item)
    if _frozen_in_english(stored) and (code in _LABEL_PARAMS or code not in _LABELS):
        return str(stored.get("label", "")) or code
    try:
        text = label_for(code, params)
    except _RENDER_ERRORS:
        text = ""
    return text or str((stored or {}).get("label", "")) or code


def item_explanation(item) -> str:
    """The sentence of a checklist item (live or frozen) in the active language."""
    code, met, params, stored = _fields(item)
    if _frozen_in_english(stored) and code not in _NO_PARAMS:
        return str(stored["explanation"])
    try:
        return sentence_for(code, met, params)
    except _RENDER_ERRORS:
        return str((stored or {}).get("explanation", ""))


# --- Why a session counts or not --------------------------------------------------------------


def reason_for(code: str, params: Mapping | None = None) -> str:
    """The reason one RSC session counts or does not, in the active language."""
    p = params or {}
    if code == "counted":
        return _("Counts.")
    if code == "after_evaluation":
        return _("Dated after %(day)s.") % {"day": _day(p["on"])}
    if code == "outside_window":
        return _("Before the window, which starts %(day)s.") % {"day": _day(p["window_start"])}
    if code == "peer":
        return _("Peer supervision without an identified provider does not count.")
    if code == "disputed":
        return _("The provider disputes this session.")
    if code == "age_band_missing":
        return _("Say which ages this session was about: only then can it count.")
    if code == "wrong_age_band":
        counted = _bands(p["age_bands"]) or _("any ages")
        return _("About %(ages)s; this category counts RSC about %(counted)s.") % {
            "ages": AGE_BAND_WORDS.get(p["age_band"], p["age_band"]),
            "counted": counted,
        }
    if code == "ineligible_provider":
        held = p["held"]
        figures = {
            "day": _day(p["date"]),
            "held": pgettext("list separator", ", ").join(held),
            "eligible": pgettext("list separator", ", ").join(p["eligible"]),
        }
        if not held:
            return (
                _(
                    "On %(day)s the provider held no endorsement; qualifying RSC must come from "
                    "%(eligible)s."
                )
                % figures
            )
        return (
            _("On %(day)s the provider held %(held)s; qualifying RSC must come from %(eligible)s.")
            % figures
        )
    if code == "unconfirmed":
        return _("Not yet confirmed by the provider.")
    if code == "not_evaluated":
        return ""
    raise KeyError(code)


def verdict_reason(verdict) -> str:
    """The reason of a live SessionVerdict, or of a session frozen in a snapshot (a dict with
    "reason_code" and "reason_params"; older ones only an English "reason")."""
    if isinstance(verdict, Mapping):
        try:
            return reason_for(verdict.get("reason_code", ""), verdict.get("reason_params") or {})
        except _RENDER_ERRORS:
            return str(verdict.get("reason", ""))
    return reason_for(verdict.reason_code, verdict.params)

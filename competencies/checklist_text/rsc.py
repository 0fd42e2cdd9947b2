"""The RSC sentences: hours received and why some do not count, the span, the concentration,
and the reason one session counts or not."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core import formatting

from ..rules.types import MINUTES_PER_HOUR, NOT_COUNTED_CODES
from .words import (
    AGE_BAND_WORDS,
    RENDER_ERRORS,
    actual_hours,
    bands,
    clauses,
    count,
    day,
    renewal_period,
    required_figure,
)


def not_counted_clause(code: str, minutes: int, p) -> str:
    """One clause per reason: "3 hours dated after 14 March 2026 do not count"."""
    hours = Decimal(minutes) / MINUTES_PER_HOUR
    n = count(hours.quantize(Decimal("0.01"), rounding=ROUND_DOWN))
    figures = {"hours": formatting.hours(minutes)}
    if code == "after_evaluation":
        figures["day"] = day(p["on"])
        text = ngettext(
            "%(hours)s dated after %(day)s does not count",
            "%(hours)s dated after %(day)s do not count",
            n,
        )
    elif code == "outside_window":
        figures["day"] = day(p["window_start"])
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


def rsc_hours(met: bool, p) -> str:
    figures = {
        "actual": actual_hours(p["actual_minutes"]),
        "required": required_figure(p["required_hours"]),
        "period": renewal_period(p),
    }
    n = count(p["required_hours"])
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
    extra = [
        not_counted_clause(code, minutes, p)
        for code, minutes in (p.get("not_counted_minutes") or {}).items()
        if minutes and code in NOT_COUNTED_CODES
    ]
    return clauses(main % figures, extra)


def rsc_focus(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s counted RSC hour is about the reflective supervision you "
        "provide.",
        "%(actual)s of %(required)s counted RSC hours are about the reflective supervision you "
        "provide.",
        count(p["required_hours"]),
    ) % {
        "actual": actual_hours(p["actual_minutes"]),
        "required": required_figure(p["required_hours"]),
    }


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


def span(met: bool, p) -> str:
    limits = _span_limits(p)
    required = required_figure(p["required_hours"])
    n = count(p["required_hours"])
    problem = p["problem"]
    if problem == "no_sessions":
        return ngettext(
            "No counted RSC yet. The %(required)s hour must be received %(limits)s.",
            "No counted RSC yet. The %(required)s hours must be received %(limits)s.",
            n,
        ) % {"required": required, "limits": limits}
    figures = {
        "hours": actual_hours(p["frame_minutes"]),
        "first": day(p["first"]),
        "last": day(p["last"]),
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
        % {"share": required_figure(share)}
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


def concentration(met: bool, p) -> str:
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
        "hours": actual_hours(p["main_minutes"]),
        "share": formatting.number(p["main_share_percent"], places=1),
        "weighed": actual_hours(weighed),
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
        ) % {
            "main": main,
            "limit": limit,
            "required": required_figure(p["required_hours"]),
            "rule": rule,
        }
    return _("%(main)s; %(rule)s.") % {"main": main, "rule": rule}


def reason_for(code: str, params: Mapping | None = None) -> str:
    """The reason one RSC session counts or does not, in the active language."""
    p = params or {}
    if code == "counted":
        return _("Counts.")
    if code == "after_evaluation":
        return _("Dated after %(day)s.") % {"day": day(p["on"])}
    if code == "outside_window":
        return _("Before the window, which starts %(day)s.") % {"day": day(p["window_start"])}
    if code == "peer":
        return _("Peer supervision without an identified provider does not count.")
    if code == "disputed":
        return _("The provider disputes this session.")
    if code == "age_band_missing":
        return _("Say which ages this session was about: only then can it count.")
    if code == "wrong_age_band":
        counted = bands(p["age_bands"]) or _("any ages")
        return _("About %(ages)s; this category counts RSC about %(counted)s.") % {
            "ages": AGE_BAND_WORDS.get(p["age_band"], p["age_band"]),
            "counted": counted,
        }
    if code == "ineligible_provider":
        held = p["held"]
        figures = {
            "day": day(p["date"]),
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
        except RENDER_ERRORS:
            return str(verdict.get("reason", ""))
    return reason_for(verdict.reason_code, verdict.params)

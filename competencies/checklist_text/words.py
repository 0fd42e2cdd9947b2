"""The words the checklist sentences share: degrees, ages, kinds and relationships, lists in a
sentence, and the figures and days of parameters (live values or their JSON copies)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import formatting

from ..rules.types import DAYS_PER_YEAR, MINUTES_PER_HOUR

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

# What a frozen item lacking a parameter raises while being written.
RENDER_ERRORS = (KeyError, TypeError, ValueError, InvalidOperation)


# --- Reading parameters (live values, or their JSON copies in a frozen checklist) -----------


def dec(value) -> Decimal:
    return Decimal(str(value))


def day_value(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def count(value) -> int:
    """The number plural forms key on: a whole figure as itself, any fraction as plural."""
    value = dec(value)
    return int(value) if value == value.to_integral_value() else 2


def figure(value) -> str:
    """An actual figure, one decimal, cut: 12.5, 3.0, 9.98 -> 9.9 (9,9 in Spanish)."""
    return formatting.number(dec(value).quantize(Decimal("0.1"), rounding=ROUND_DOWN), places=1)


def required_figure(value) -> str:
    """A required figure as people write it: 24, 7.5 (7,5)."""
    return formatting.number(dec(value))


def actual_hours(minutes) -> str:
    return figure(Decimal(minutes) / MINUTES_PER_HOUR)


def years_from_days(days) -> str:
    return figure(Decimal(days) / DAYS_PER_YEAR)


def day(value) -> str:
    return formatting.day(day_value(value))


# --- Lists in a sentence ----------------------------------------------------------------------


def or_list(names) -> str:
    """A list with "or" in the active language: "a", "a or b", "a, b or c"."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(items)s or %(last)s") % {
        "items": pgettext("list separator", ", ").join(names[:-1]),
        "last": names[-1],
    }


def and_list(names) -> str:
    """A list with "and" in the active language: "a", "a and b", "a, b and c"."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(names[:-1]),
        "last": names[-1],
    }


def words(codes, words: Mapping) -> list[str]:
    return [str(words.get(c, c)) for c in codes]


def bands(bands) -> str:
    return or_list(words([b for b in ("infant", "early_childhood") if b in bands], AGE_BAND_WORDS))


def clauses(main: str, extra: list[str]) -> str:
    """A sentence and its further clauses, each a whole clause, joined by semicolons."""
    return "".join([main, *(f"; {c}" for c in extra)]) + "."


def renewal_period(p) -> str:
    """The cycle's dates, and the pro-rating, after a renewal's hours ("" for applications)."""
    if not p.get("count_from"):
        return ""
    text = _(" between %(start)s and %(end)s") % {
        "start": day(p["count_from"]),
        "end": day(p["cycle_end"]),
    }
    if p.get("pro_rated_percent") is not None:
        figures = {"percent": formatting.number(p["pro_rated_percent"])}
        if p.get("pro_rate_reason") == "endorsed":
            figures["day"] = day(p["endorsed_on"])
            text += _(" (pro-rated to %(percent)s%% of the cycle: endorsed on %(day)s)") % figures
        else:
            figures["day"] = day(p["previous_deadline"])
            text += (
                _(
                    " (pro-rated to %(percent)s%% of the cycle: your last renewal covered up to "
                    "%(day)s)"
                )
                % figures
            )
    return text

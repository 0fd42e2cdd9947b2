"""Which RSC sessions count, and why the others do not; how the counted hours are spread."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .common import (
    _ids,
    _plural,
    day_text,
    hours_text,
    months_after,
    required_text,
    rsc_window_start,
    whole_months_between,
)
from .types import (
    NOT_COUNTED_PHRASES,
    ChecklistItem,
    ProviderTotal,
    RequirementSpec,
    RSCBreakdown,
    RSCSession,
    SessionVerdict,
    hours_from_minutes,
    minutes_needed,
)

AGE_BAND_WORDS = {
    "infant": "infants (pregnancy to 36 months)",
    "early_childhood": "young children (3 up to 6 years)",
    "both": "both age bands",
}


def age_band_counts(band: str, bands: frozenset[str]) -> bool:
    """Whether work or RSC about `band` counts where the rules ask for `bands` (empty: any
    ages). Work about both age bands counts where the rules list "both" (the shipped sets of
    both tracks do)."""
    return not bands or band in bands


def classify_rsc_sessions(
    sessions: Iterable[RSCSession],
    *,
    on: date,
    window_start: date | None,
    provider_codes: frozenset[str],
    count_unconfirmed: bool,
    age_bands: frozenset[str] = frozenset(),
) -> RSCBreakdown:
    """Decide for each session whether it counts, with the first reason it does not."""
    eligible_text = ", ".join(sorted(provider_codes))
    verdicts = []
    for s in sorted(sessions, key=lambda s: (s.date, s.id or 0)):
        if s.date > on:
            code, reason = "after_evaluation", f"Dated after {day_text(on)}."
        elif window_start is not None and s.date < window_start:
            code, reason = (
                "outside_window",
                f"Before the window, which starts {day_text(window_start)}.",
            )
        elif s.peer or not s.provider_key:
            code, reason = "peer", "Peer supervision without an identified provider does not count."
        elif s.confirmed == "disputed":
            code, reason = "disputed", "The provider disputes this session."
        elif age_bands and not s.age_band:
            code = "age_band_missing"
            reason = "Say which ages this session was about: only then can it count."
        elif not age_band_counts(s.age_band, age_bands):
            code = "wrong_age_band"
            reason = (
                f"About {AGE_BAND_WORDS.get(s.age_band, s.age_band)}; this category counts RSC "
                f"about {_bands_text(age_bands)}."
            )
        elif (
            provider_codes
            and not s.provider_vetted
            and not (s.provider_categories_on_date & provider_codes)
        ):
            held = ", ".join(sorted(s.provider_categories_on_date)) or "no endorsement"
            code = "ineligible_provider"
            reason = (
                f"On {day_text(s.date)} the provider held {held}; "
                f"qualifying RSC must come from {eligible_text}."
            )
        elif s.confirmed == "unconfirmed" and not count_unconfirmed:
            code, reason = "unconfirmed", "Not yet confirmed by the provider."
        else:
            code, reason = "counted", "Counts."
        verdicts.append(
            SessionVerdict(session=s, counted=code == "counted", reason_code=code, reason=reason)
        )

    totals: dict[str, list] = {}
    for v in verdicts:
        key = v.session.provider_key or ""
        entry = totals.setdefault(key, [v.session.provider_name, 0, 0, 0])
        entry[1 if v.counted else 2] += v.session.minutes
        entry[3] += 1
    by_provider = tuple(
        sorted(
            (
                ProviderTotal(
                    provider_key=k,
                    provider_name=n,
                    counted_minutes=c,
                    not_counted_minutes=nc,
                    sessions=cnt,
                )
                for k, (n, c, nc, cnt) in totals.items()
            ),
            key=lambda p: (-p.counted_minutes, p.provider_name),
        )
    )
    return RSCBreakdown(
        on=on, window_start=window_start, verdicts=tuple(verdicts), by_provider=by_provider
    )


def _bands_text(bands: frozenset[str]) -> str:
    named = [AGE_BAND_WORDS[b] for b in ("infant", "early_childhood") if b in bands]
    return " or ".join(named) or "any ages"


def rsc_breakdown(sessions: Iterable[RSCSession], spec: RequirementSpec, on: date) -> RSCBreakdown:
    """Which sessions count towards an application evaluated on `on`, and why not."""
    return classify_rsc_sessions(
        sessions,
        on=on,
        window_start=rsc_window_start(on=on, months=spec.rsc_window_months),
        provider_codes=spec.rsc_provider_codes,
        count_unconfirmed=spec.count_unconfirmed_rsc,
        age_bands=spec.age_bands,
    )


def _not_counted_text(breakdown: RSCBreakdown) -> str:
    on = day_text(breakdown.on)
    start = day_text(breakdown.window_start) if breakdown.window_start else ""
    parts = []
    for code, hours in breakdown.not_counted_hours_by_reason().items():
        if hours > 0:
            phrase = NOT_COUNTED_PHRASES[code].format(on=on, window_start=start)
            parts.append(
                f"{hours_text(hours)} {_plural(hours, 'hour', 'hours')} {phrase} do not count"
            )
    return "".join(f"; {p}" for p in parts)


def _rsc_items(
    breakdown: RSCBreakdown, *, hours: Decimal, focus_hours: Decimal, period: str
) -> list:
    items = []
    counted = breakdown.counted
    if hours > 0:
        minutes = breakdown.counted_minutes
        actual = hours_from_minutes(minutes)
        items.append(
            ChecklistItem(
                key="rsc_hours",
                label="Reflective supervision/consultation received",
                met=minutes >= minutes_needed(hours),
                required=hours,
                actual=actual,
                explanation=(
                    f"{hours_text(actual)} of {required_text(hours)} RSC hours {period}"
                    f"{_not_counted_text(breakdown)}."
                ),
                contributing_ids=_ids(v.session for v in counted),
                section="rsc",
                code="rsc_hours",
                params={
                    "actual_minutes": minutes,
                    "required_hours": hours,
                    "not_counted_minutes": breakdown.not_counted_minutes_by_reason(),
                },
            )
        )
    if focus_hours > 0:
        minutes = breakdown.counted_focus_provided_minutes
        actual = hours_from_minutes(minutes)
        items.append(
            ChecklistItem(
                key="rsc_focus_provided",
                label="RSC about the reflective supervision you provide",
                met=minutes >= minutes_needed(focus_hours),
                required=focus_hours,
                actual=actual,
                explanation=(
                    f"{hours_text(actual)} of {required_text(focus_hours)} counted RSC hours "
                    "are about the reflective supervision you provide."
                ),
                contributing_ids=_ids(
                    v.session for v in counted if v.session.focus == "rsc_provided"
                ),
                section="rsc",
                code="rsc_focus_provided",
                params={"actual_minutes": minutes, "required_hours": focus_hours},
            )
        )
    return items


# --- The span: the required hours over no less than / no more than N months ----------------


def _span_frames(sessions: list[RSCSession], max_months: int | None):
    """For each counted session as the first of a frame, the frame's last session and minutes:
    every later session no more than `max_months` after it (all of them without a maximum)."""
    j = 0
    running = 0
    for i, first in enumerate(sessions):
        limit = months_after(first.date, max_months) if max_months is not None else date.max
        if j < i:
            j, running = i, 0
        while j < len(sessions) and sessions[j].date <= limit:
            running += sessions[j].minutes
            j += 1
        yield first, sessions[j - 1], running
        running -= first.minutes


def rsc_span_item(
    breakdown: RSCBreakdown, *, hours: Decimal, min_months: int | None, max_months: int | None
) -> ChecklistItem | None:
    """The required hours must be received over at least `min_months` and at most `max_months`
    (either may be None). Met when some frame of counted sessions no longer than the maximum
    holds the required hours and its first and last sessions are at least the minimum apart."""
    if hours <= 0 or (min_months is None and max_months is None):
        return None
    needed = minutes_needed(hours)
    sessions = sorted((v.session for v in breakdown.counted), key=lambda s: (s.date, s.id or 0))
    best = None  # (meets, minutes, months, first, last)
    for first, last, minutes in _span_frames(sessions, max_months):
        months = whole_months_between(first.date, last.date)
        long_enough = min_months is None or last.date >= months_after(first.date, min_months)
        meets = minutes >= needed and long_enough
        candidate = (meets, minutes >= needed, minutes, months, first, last)
        if best is None or candidate[:4] > best[:4]:
            best = candidate
    params = {"min_months": min_months, "max_months": max_months, "required_hours": hours}
    label = "RSC received over the right length of time"
    limits = _span_limits_text(min_months, max_months)
    if best is None:
        return ChecklistItem(
            key="rsc_span",
            label=label,
            met=False,
            required=hours,
            actual=None,
            explanation=f"No counted RSC yet. The {required_text(hours)} hours must be received "
            f"{limits}.",
            section="rsc",
            code="rsc_span",
            params={**params, "problem": "no_sessions"},
        )
    meets, enough, minutes, months, first, last = best
    frame_hours = hours_from_minutes(minutes)
    params.update(first=first.date, last=last.date, months=months, frame_minutes=minutes)
    between = f"from {day_text(first.date)} to {day_text(last.date)}"
    if meets:
        problem, text = (
            "",
            (
                f"{hours_text(frame_hours)} counted RSC hours received {between} "
                f"({months} {_plural(months, 'month', 'months')}); the required hours must be "
                f"received {limits}."
            ),
        )
    elif not enough:
        problem = "too_few_hours_in_frame"
        window = f"in any {max_months} months" if max_months is not None else "in all"
        text = (
            f"The most counted RSC received {window} is {hours_text(frame_hours)} hours "
            f"({between}); {required_text(hours)} hours are required, received {limits}."
        )
    else:
        problem = "too_short"
        text = (
            f"Your counted RSC hours were received {between}, over {months} "
            f"{_plural(months, 'month', 'months')}; the {required_text(hours)} hours must be "
            f"received {limits}."
        )
    return ChecklistItem(
        key="rsc_span",
        label=label,
        met=meets,
        required=hours,
        actual=months,
        explanation=text,
        contributing_ids=_ids(s for s in sessions if first.date <= s.date <= last.date),
        section="rsc",
        code="rsc_span",
        params={**params, "problem": problem},
    )


def _span_limits_text(min_months: int | None, max_months: int | None) -> str:
    if min_months is not None and max_months is not None:
        return f"over no less than {min_months} and no more than {max_months} months"
    if min_months is not None:
        return f"over no less than {min_months} months"
    return f"within no more than {max_months} months"


# --- Concentration: most hours from one provider, the rest from few others -----------------


def rsc_concentration_item(
    breakdown: RSCBreakdown,
    *,
    hours: Decimal,
    share_percent: Decimal | None,
    other_providers_max: int | None,
) -> ChecklistItem | None:
    """More than `share_percent` of the required hours from one provider and the rest from at
    most `other_providers_max` others. The provider with the most counted hours carries the
    majority; only as many of the others' hours as the requirement still needs are weighed, so
    hours beyond the requirement never spoil the share."""
    if hours <= 0 or (share_percent is None and other_providers_max is None):
        return None
    needed = minutes_needed(hours)
    providers = [p for p in breakdown.by_provider if p.provider_key and p.counted_minutes > 0]
    label = "Most RSC hours from one provider"
    params = {
        "share_percent": share_percent,
        "other_providers_max": other_providers_max,
        "required_hours": hours,
    }
    if not providers:
        return ChecklistItem(
            key="rsc_concentration",
            label=label,
            met=False,
            required=share_percent,
            actual=None,
            explanation="No counted RSC yet. " + _concentration_rule_text(params) + ".",
            section="rsc",
            code="rsc_concentration",
            params={**params, "problem": "no_sessions"},
        )
    main, others = providers[0], providers[1:]
    allowed = others if other_providers_max is None else others[:other_providers_max]
    allowed_minutes = sum(p.counted_minutes for p in allowed)
    used_others = max(Decimal(0), min(Decimal(allowed_minutes), needed - main.counted_minutes))
    weighed = main.counted_minutes + used_others
    share = (Decimal(main.counted_minutes) * 100 / weighed).quantize(Decimal("0.1"))
    enough = main.counted_minutes + allowed_minutes >= needed
    majority = share_percent is None or main.counted_minutes * 100 > share_percent * weighed
    met = enough and majority
    others_used, still = [], used_others
    for other in allowed:
        if still <= 0:
            break
        others_used.append(other.provider_name)
        still -= other.counted_minutes
    params.update(
        main_provider=main.provider_name,
        main_minutes=main.counted_minutes,
        main_share_percent=share,
        other_providers=others_used,
        other_minutes_weighed=int(used_others),
    )
    main_text = (
        f"{main.provider_name} provided {hours_text(main.counted_hours)} of your counted RSC "
        f"hours ({share}% of the {hours_text(hours_from_minutes(weighed))} hours weighed)"
    )
    if met:
        problem = ""
        text = f"{main_text}: {_concentration_rule_text(params)}, as required."
    elif not enough:
        problem = "too_many_providers"
        limit = other_providers_max or 0
        text = (
            f"{main_text}. With the hours of no more than {limit} other "
            f"{_plural(limit, 'provider', 'providers')}, your counted RSC comes to less than the "
            f"{required_text(hours)} hours required: {_concentration_rule_text(params)}."
        )
    else:
        problem = "no_majority"
        text = f"{main_text}; {_concentration_rule_text(params)}."
    return ChecklistItem(
        key="rsc_concentration",
        label=label,
        met=met,
        required=share_percent,
        actual=share,
        explanation=text,
        section="rsc",
        code="rsc_concentration",
        params={**params, "problem": problem},
    )


def _concentration_rule_text(params: dict) -> str:
    share, limit = params["share_percent"], params["other_providers_max"]
    parts = []
    if share is not None:
        parts.append(f"more than {required_text(share)}% of the hours must come from one provider")
    if limit is not None:
        parts.append(
            f"the rest from no more than {limit} other {_plural(limit, 'provider', 'providers')}"
        )
    return " and ".join(parts)

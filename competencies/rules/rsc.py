"""Which RSC sessions count, and why the others do not; how the counted hours are spread."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .common import _ids, months_after, rsc_window_start, whole_months_between
from .types import (
    ChecklistItem,
    ProviderTotal,
    RequirementSpec,
    RSCBreakdown,
    RSCSession,
    SessionVerdict,
    hours_from_minutes,
    minutes_needed,
)


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
    eligible = sorted(provider_codes)
    verdicts = []
    for s in sorted(sessions, key=lambda s: (s.date, s.id or 0)):
        params: dict = {}
        if s.date > on:
            code, params = "after_evaluation", {"on": on}
        elif window_start is not None and s.date < window_start:
            code, params = "outside_window", {"window_start": window_start}
        elif s.peer or not s.provider_key:
            code = "peer"
        elif s.confirmed == "disputed":
            code = "disputed"
        elif age_bands and not s.age_band:
            code = "age_band_missing"
        elif not age_band_counts(s.age_band, age_bands):
            code = "wrong_age_band"
            params = {"age_band": s.age_band, "age_bands": sorted(age_bands)}
        elif (
            provider_codes
            and not s.provider_vetted
            and not (s.provider_categories_on_date & provider_codes)
        ):
            code = "ineligible_provider"
            params = {
                "date": s.date,
                "held": sorted(s.provider_categories_on_date),
                "eligible": eligible,
            }
        elif s.confirmed == "unconfirmed" and not count_unconfirmed:
            code = "unconfirmed"
        else:
            code = "counted"
        verdicts.append(
            SessionVerdict(session=s, counted=code == "counted", reason_code=code, params=params)
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


def _rsc_items(
    breakdown: RSCBreakdown, *, hours: Decimal, focus_hours: Decimal, period: dict
) -> list:
    """`period`: what names the sessions' dates (the window of an application, the cycle of a
    renewal), for the sentence."""
    items = []
    counted = breakdown.counted
    if hours > 0:
        minutes = breakdown.counted_minutes
        items.append(
            ChecklistItem(
                key="rsc_hours",
                met=minutes >= minutes_needed(hours),
                required=hours,
                actual=hours_from_minutes(minutes),
                contributing_ids=_ids(v.session for v in counted),
                section="rsc",
                code="rsc_hours",
                params={
                    "actual_minutes": minutes,
                    "required_hours": hours,
                    "not_counted_minutes": breakdown.not_counted_minutes_by_reason(),
                    "on": breakdown.on,
                    "window_start": breakdown.window_start,
                    **period,
                },
            )
        )
    if focus_hours > 0:
        minutes = breakdown.counted_focus_provided_minutes
        items.append(
            ChecklistItem(
                key="rsc_focus_provided",
                met=minutes >= minutes_needed(focus_hours),
                required=focus_hours,
                actual=hours_from_minutes(minutes),
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
    if best is None:
        return ChecklistItem(
            key="rsc_span",
            met=False,
            required=hours,
            actual=None,
            section="rsc",
            code="rsc_span",
            params={**params, "problem": "no_sessions"},
        )
    meets, enough, minutes, months, first, last = best
    params.update(first=first.date, last=last.date, months=months, frame_minutes=minutes)
    if meets:
        problem = ""
    elif not enough:
        problem = "too_few_hours_in_frame"
    else:
        problem = "too_short"
    return ChecklistItem(
        key="rsc_span",
        met=meets,
        required=hours,
        actual=months,
        contributing_ids=_ids(s for s in sessions if first.date <= s.date <= last.date),
        section="rsc",
        code="rsc_span",
        params={**params, "problem": problem},
    )


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
    params = {
        "share_percent": share_percent,
        "other_providers_max": other_providers_max,
        "required_hours": hours,
    }
    if not providers:
        return ChecklistItem(
            key="rsc_concentration",
            met=False,
            required=share_percent,
            actual=None,
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
    if met:
        problem = ""
    elif not enough:
        problem = "too_many_providers"
    else:
        problem = "no_majority"
    return ChecklistItem(
        key="rsc_concentration",
        met=met,
        required=share_percent,
        actual=share,
        section="rsc",
        code="rsc_concentration",
        params={**params, "problem": problem},
    )

"""Which RSC sessions count, and why the others do not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .common import _ids, _plural, day_text, hours_text, required_text, rsc_window_start
from .types import (
    NOT_COUNTED_PHRASES,
    ZERO,
    ChecklistItem,
    ProviderTotal,
    RequirementSpec,
    RSCBreakdown,
    RSCSession,
    SessionVerdict,
)


def classify_rsc_sessions(
    sessions: Iterable[RSCSession],
    *,
    on: date,
    window_start: date | None,
    provider_codes: frozenset[str],
    count_unconfirmed: bool,
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
        entry = totals.setdefault(key, [v.session.provider_name, ZERO, ZERO, 0])
        entry[1 if v.counted else 2] += v.session.hours
        entry[3] += 1
    by_provider = tuple(
        sorted(
            (
                ProviderTotal(
                    provider_key=k,
                    provider_name=n,
                    counted_hours=c,
                    not_counted_hours=nc,
                    sessions=cnt,
                )
                for k, (n, c, nc, cnt) in totals.items()
            ),
            key=lambda p: (-p.counted_hours, p.provider_name),
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
        actual = breakdown.counted_hours
        items.append(
            ChecklistItem(
                key="rsc_hours",
                label="Reflective supervision/consultation received",
                met=actual >= hours,
                required=hours,
                actual=actual,
                explanation=(
                    f"{hours_text(actual)} of {required_text(hours)} RSC hours {period}"
                    f"{_not_counted_text(breakdown)}."
                ),
                contributing_ids=_ids(v.session for v in counted),
                section="rsc",
            )
        )
    if focus_hours > 0:
        actual = breakdown.counted_focus_provided_hours
        items.append(
            ChecklistItem(
                key="rsc_focus_provided",
                label="RSC about the reflective supervision you provide",
                met=actual >= focus_hours,
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
            )
        )
    return items

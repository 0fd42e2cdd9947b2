"""Panels that apps above the workflow add to the reports dashboard, so the workflow never
imports them (the fees app's amounts outstanding: `fees.apps` registers its panel).

A panel is a template and a function that returns its context for the day; the dashboard
renders every registered panel after its own sections, in the order they were registered
(one key each: registering a key again replaces it). Each panel's function must read in a
constant number of queries: the dashboard's query-count test counts them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template: str
    context: Callable[..., dict]  # context(*, today: date) -> the template's context


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    data: dict


_panels: dict[str, DashboardPanel] = {}


def dashboard_panel_register(panel: DashboardPanel) -> None:
    _panels[panel.key] = panel


def dashboard_panels(*, today: date) -> list[RenderedPanel]:
    return [
        RenderedPanel(key=p.key, template=p.template, data=p.context(today=today))
        for p in _panels.values()
    ]

"""The fees the renewal and reinstatement pages state, read from the fee schedule in effect.

The fee schedule is the fees app's, which sits above the workflow: it registers the source
here when ready (`fees.apps`), so these pages state exactly what the invoice will charge and
the credentials app never imports fees. Without a source (the fees app not installed) no fee
is stated, and none is charged either.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

# source(*, kind, category, on) -> the schedule's amount in cents, or None when it charges none
_source: Callable[..., int | None] | None = None


def fee_source_register(source: Callable[..., int | None]) -> None:
    global _source
    _source = source


def fee_stated_cents(*, kind: str, category, on: date) -> int | None:
    """What the schedule charges for `kind` in `category` on `on`, in cents; None for no fee
    (one query)."""
    cents = _source(kind=kind, category=category, on=on) if _source else None
    return cents or None

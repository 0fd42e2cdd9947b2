"""Reads of the fee schedule, invoices and payments (access checks are selectors too)."""

from datetime import date

from django.db.models import Case, IntegerField, Q, Value, When

from .models import Fee


def fee_in_effect(*, kind: str, category=None, on: date) -> Fee | None:
    """The schedule's row for `kind` on `on` (both ends of a row's range inclusive): the
    category's own row if it has one, else the row for every category; None when the schedule
    charges nothing for it that day. One query."""
    category_id = getattr(category, "pk", category)
    rows = Fee.objects.in_effect(on).filter(kind=kind)
    if category_id is None:
        return rows.filter(category__isnull=True).first()
    return (
        rows.filter(Q(category_id=category_id) | Q(category__isnull=True))
        .annotate(
            general=Case(
                When(category__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("general", "-effective_from")
        .first()
    )

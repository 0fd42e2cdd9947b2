"""Shared pieces of the portfolio forms.

Bounds here (no future dates, no year before 1950, at most 24 hours of training a day, at most
80 hours of work a week) catch typing mistakes. They are not endorsement rules, which live as
data in `competencies`.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# DATE_HINT, DateInput and date_field live in core (other apps ask for dates too); the portfolio
# forms import them from here.
from core.forms import (  # noqa: F401
    DATE_HINT,
    DateInput,
    PortalFormMixin,
    date_field,
    label_without_optional,
)

from ..models import (
    EARLIEST_YEAR,
)

MAX_WORK_HOURS_PER_WEEK = Decimal(80)
MAX_TRAINING_HOURS_PER_DAY = Decimal(24)

# Whole sentences for each date a form checks (Spanish dates differ in gender and number).
DATE_BOUNDS = {
    "completed_on": (
        _("The date completed must be today or in the past."),
        _("The date completed must be in %(year)s or later."),
    ),
    "start_date": (
        _("The start date must be today or in the past."),
        _("The start date must be in %(year)s or later."),
    ),
    "end_date": (
        _("The end date must be today or in the past."),
        _("The end date must be in %(year)s or later."),
    ),
    "date": (
        _("The date must be today or in the past."),
        _("The date must be in %(year)s or later."),
    ),
    "last_day": (
        _("The last day must be today or in the past."),
        _("The last day must be in %(year)s or later."),
    ),
}


def not_in_future(value, *, what: str):
    """`what` names the date (a key of DATE_BOUNDS)."""
    future, too_old = DATE_BOUNDS[what]
    if value and value > timezone.localdate():
        raise forms.ValidationError(future, code="future")
    if value and value.year < EARLIEST_YEAR:
        raise forms.ValidationError(too_old, code="too_old", params={"year": EARLIEST_YEAR})
    return value


def require(field: forms.Field, message: str) -> None:
    """Make a field the model allows empty required in the form (after the mixin ran)."""
    field.required = True
    field.error_messages["required"] = message
    field.label = label_without_optional(field.label)
    field.widget.attrs["aria-required"] = "true"


class EvidenceForm(PortalFormMixin, forms.ModelForm):
    """Base for the evidence sections: `model_data()` is what the service writes."""

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}

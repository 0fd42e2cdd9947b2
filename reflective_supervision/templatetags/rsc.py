"""Filters for RSC pages: a session's length, and an hours figure in the page's language.

`hours` here takes HOURS (a Decimal, as the totals give) and shows the figure alone; the
portal-wide `portal_format|hours` takes minutes and adds the unit. Do not load both libraries
in one template without care: the later `{% load %}` wins the name.
"""

from decimal import Decimal

from django import template

from core import formatting

register = template.Library()


# A session's length ("1 h 30 min"), also in `portal_format` for every other app's pages.
register.filter("duration", formatting.duration)


@register.filter
def hours(value) -> str:
    """Decimal hours as a figure without trailing zeros, with the language's decimal
    separator: 1.50 -> "1.5" / "1,5", 12.00 -> "12"."""
    try:
        value = Decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
    return formatting.number(value)

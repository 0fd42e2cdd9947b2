from datetime import date

from django import template

from core import formatting

register = template.Library()


@register.filter
def iso_day(value: str) -> str:
    """A day kept as ISO text (a roster's snapshot) in the reader's date style."""
    try:
        return formatting.day(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""

from datetime import date

from django import template

from core import formatting
from endorsements.credentials import selectors as credential_selectors

register = template.Library()


@register.filter
def iso_day(value: str) -> str:
    """A day kept as ISO text (a roster's snapshot) in the reader's date style."""
    try:
        return formatting.day(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""


@register.filter
def status_label(key: str) -> str:
    """A credential's public status ("active") in words, as the roster file writes it."""
    return credential_selectors.public_status_label(key)

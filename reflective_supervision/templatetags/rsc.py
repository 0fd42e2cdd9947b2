from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """90 -> "1 h 30 min", the way people write a session's length."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


@register.filter
def hours(value) -> str:
    """Decimal hours without trailing zeros: 1.50 -> "1.5", 12.00 -> "12"."""
    try:
        value = Decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

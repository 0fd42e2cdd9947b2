from django import template

from ..history import history_text as _history_text

register = template.Library()


@register.filter
def training_history_text(event) -> str:
    return _history_text(event)

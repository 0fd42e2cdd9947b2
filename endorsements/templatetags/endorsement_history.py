"""`{{ event|history_text }}`: the sentence a history row stands for (see endorsements.history)."""

from django import template

from endorsements.history import history_text as _history_text

register = template.Library()


@register.filter
def history_text(event) -> str:
    return _history_text(event)

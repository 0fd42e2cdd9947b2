"""`{% load credentials_text %}`: the credentials pages' words for history rows and checklist
items, in the reader's language. The sentences are written below (`endorsements.history`,
`competencies.checklist_text`); this app's templates load only this app's library."""

from django import template

from competencies import checklist_text
from endorsements.history import history_text as _history_text

register = template.Library()


@register.filter
def history_text(event) -> str:
    return _history_text(event)


@register.filter
def checklist_label(item) -> str:
    return checklist_text.item_label(item)


@register.filter
def checklist_explanation(item) -> str:
    return checklist_text.item_explanation(item)

"""`{% load checklist %}`: checklist items and session verdicts in the reader's language.

Live items (`ChecklistItem`) also write themselves through `item.label` / `item.explanation`;
these filters read frozen ones too (the dicts stored on snapshots and renewal submissions).
"""

from django import template

from competencies import checklist_text

register = template.Library()


@register.filter
def checklist_label(item) -> str:
    return checklist_text.item_label(item)


@register.filter
def checklist_explanation(item) -> str:
    return checklist_text.item_explanation(item)


@register.filter
def session_reason(verdict) -> str:
    return checklist_text.verdict_reason(verdict)

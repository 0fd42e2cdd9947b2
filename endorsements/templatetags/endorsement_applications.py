"""Template tags that let other apps' pages show a person's applications (the dashboard hook)
without those apps importing the workflow."""

from django import template

from endorsements import selectors

register = template.Library()


@register.simple_tag
def applications_for(user):
    """The person's applications with category and `.next_step` (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return selectors.applications_for_dashboard(user=user)


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template (None when missing)."""
    return mapping.get(key) if hasattr(mapping, "get") else None

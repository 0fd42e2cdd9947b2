from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def reciprocal_for_holder(user):
    """A holder's endorsements from other associations (one query), for "My endorsements"."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(selectors.reciprocal_for_holder(user=user))

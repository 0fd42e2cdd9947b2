"""How an audit row's details read on the audit page: the codes and values it recorded."""

from django import template

register = template.Library()

# Long or internal keys the page leaves out (the CSV export keeps everything).
HIDDEN = {"message"}


@register.filter
def audit_details(details) -> list[tuple[str, str]]:
    """(key, value) pairs of an event's details, lists joined, in a stable order."""
    if not isinstance(details, dict):
        return []
    pairs = []
    for key in sorted(details):
        if key in HIDDEN:
            continue
        value = details[key]
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        pairs.append((key.replace("_", " "), str(value)))
    return pairs

"""How an audit row's details read on the audit page: the codes and values it recorded.

The row stores codes (`{"role": "Reviewers", "by": "ip_address"}`); the page names each key,
and the values that are our own codes, in the reader's language. Anything else (a number, a
date, a code from another workstream) is shown as recorded.
"""

from django import template
from django.utils.translation import pgettext_lazy

from accounts.models import Role

register = template.Library()

# Long or internal keys the page leaves out (the CSV export keeps everything).
HIDDEN = {"message"}


# The keys services record (see every `audit_record(details=...)`), named for people.
KEYS = {
    "action": pgettext_lazy("audit detail", "action"),
    "application": pgettext_lazy("audit detail", "application"),
    "as_of": pgettext_lazy("audit detail", "as of"),
    "by": pgettext_lazy("audit detail", "by"),
    "candidate_code": pgettext_lazy("audit detail", "candidate code"),
    "change": pgettext_lazy("audit detail", "change"),
    "decision": pgettext_lazy("audit detail", "decision"),
    "email": pgettext_lazy("audit detail", "email"),
    "fields": pgettext_lazy("audit detail", "fields"),
    "for": pgettext_lazy("audit detail", "for"),
    "format": pgettext_lazy("audit detail", "format"),
    "from": pgettext_lazy("audit detail", "from"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "model": pgettext_lazy("audit detail", "model"),
    "new_reviewer": pgettext_lazy("audit detail", "new reviewer"),
    "note": pgettext_lazy("audit detail", "note"),
    "object_id": pgettext_lazy("audit detail", "object id"),
    "old_reviewer": pgettext_lazy("audit detail", "old reviewer"),
    "outcome": pgettext_lazy("audit detail", "outcome"),
    "part2_passed": pgettext_lazy("audit detail", "part 2 passed"),
    "passed": pgettext_lazy("audit detail", "passed"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "recommendation": pgettext_lazy("audit detail", "recommendation"),
    "renewal": pgettext_lazy("audit detail", "renewal"),
    "report": pgettext_lazy("audit detail", "report"),
    "request": pgettext_lazy("audit detail", "request"),
    "reviewer": pgettext_lazy("audit detail", "reviewer"),
    "role": pgettext_lazy("audit detail", "role"),
    "round": pgettext_lazy("audit detail", "round"),
    "since": pgettext_lazy("audit detail", "since"),
    "to": pgettext_lazy("audit detail", "to"),
    "until": pgettext_lazy("audit detail", "until"),
    "vetted": pgettext_lazy("audit detail", "vetted"),
}

# Values that are codes of this app and of accounts.
VALUES = {
    "by": {"ip_address": pgettext_lazy("audit detail", "network address")},
    "for": {"recovery_codes": pgettext_lazy("audit detail", "recovery codes")},
    "change": {
        "added": pgettext_lazy("audit detail", "added"),
        "changed": pgettext_lazy("audit detail", "changed"),
        "deleted": pgettext_lazy("audit detail", "deleted"),
    },
    True: pgettext_lazy("audit detail", "yes"),
    False: pgettext_lazy("audit detail", "no"),
}


def role_label(value) -> str:
    """A role group's name ("Reviewers") as the role's label in the reader's language."""
    try:
        return str(Role(value).label)
    except ValueError:
        return str(value)


register.filter("role_label", role_label)


def _value(key: str, value) -> str:
    if isinstance(value, bool):
        return str(VALUES[value])
    if key == "role":
        return role_label(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    known = VALUES.get(key, {})
    return str(known.get(value, value)) if isinstance(value, str) else str(value)


@register.filter
def audit_details(details) -> list[tuple[str, str]]:
    """(key, value) pairs of an event's details, lists joined, in a stable order."""
    if not isinstance(details, dict):
        return []
    pairs = []
    for key in sorted(details):
        if key in HIDDEN:
            continue
        label = KEYS.get(key)
        pairs.append((str(label) if label else key.replace("_", " "), _value(key, details[key])))
    return pairs

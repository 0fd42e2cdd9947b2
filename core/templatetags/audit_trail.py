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


def _key(word: str):
    return pgettext_lazy("audit detail", word)


# The keys services record (see every `audit_record(details=...)`), named for people.
KEYS = {
    "action": _key("action"),
    "application": _key("application"),
    "as_of": _key("as of"),
    "by": _key("by"),
    "candidate_code": _key("candidate code"),
    "change": _key("change"),
    "decision": _key("decision"),
    "email": _key("email"),
    "fields": _key("fields"),
    "for": _key("for"),
    "format": _key("format"),
    "from": _key("from"),
    "kind": _key("kind"),
    "model": _key("model"),
    "new_reviewer": _key("new reviewer"),
    "note": _key("note"),
    "object_id": _key("object id"),
    "old_reviewer": _key("old reviewer"),
    "outcome": _key("outcome"),
    "part2_passed": _key("part 2 passed"),
    "passed": _key("passed"),
    "reason": _key("reason"),
    "recommendation": _key("recommendation"),
    "renewal": _key("renewal"),
    "report": _key("report"),
    "request": _key("request"),
    "reviewer": _key("reviewer"),
    "role": _key("role"),
    "round": _key("round"),
    "since": _key("since"),
    "to": _key("to"),
    "until": _key("until"),
    "vetted": _key("vetted"),
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

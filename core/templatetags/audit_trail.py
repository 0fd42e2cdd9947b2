"""How an audit row's details read on the audit page: the codes and values it recorded.

The row stores codes (`{"role": "Reviewers", "by": "ip_address"}`); the page names each key,
and the values that are our own codes, in the reader's language. Anything else (a number, a
date, a code from another workstream) is shown as recorded.
"""

from django import template
from django.utils.translation import pgettext_lazy

from core import access, formatting

register = template.Library()

# Long or internal keys the page leaves out (the CSV export keeps everything).
HIDDEN = {"message"}


# The keys services record (see every `audit_record(details=...)`), named for people.
KEYS = {
    "action": pgettext_lazy("audit detail", "action"),
    "amount_cents": pgettext_lazy("audit detail", "amount"),
    "application": pgettext_lazy("audit detail", "application"),
    "as_of": pgettext_lazy("audit detail", "as of"),
    "association": pgettext_lazy("audit detail", "association"),
    "by": pgettext_lazy("audit detail", "by"),
    "candidate_code": pgettext_lazy("audit detail", "candidate code"),
    "change": pgettext_lazy("audit detail", "change"),
    "changed": pgettext_lazy("audit detail", "changed"),
    "channel": pgettext_lazy("audit detail", "channel"),
    "checks": pgettext_lazy("audit detail", "checks"),
    "credited": pgettext_lazy("audit detail", "credited"),
    "decision": pgettext_lazy("audit detail", "decision"),
    "email": pgettext_lazy("audit detail", "email"),
    "fields": pgettext_lazy("audit detail", "fields"),
    "for": pgettext_lazy("audit detail", "for"),
    "format": pgettext_lazy("audit detail", "format"),
    "found": pgettext_lazy("audit detail", "found"),
    "from": pgettext_lazy("audit detail", "from"),
    "invited": pgettext_lazy("audit detail", "invited"),
    "invoices": pgettext_lazy("audit detail", "invoices"),
    "key": pgettext_lazy("audit detail", "key"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "lines": pgettext_lazy("audit detail", "lines"),
    "matched": pgettext_lazy("audit detail", "matched"),
    "method": pgettext_lazy("audit detail", "method"),
    "model": pgettext_lazy("audit detail", "model"),
    "new_reviewer": pgettext_lazy("audit detail", "new reviewer"),
    "note": pgettext_lazy("audit detail", "note"),
    "number": pgettext_lazy("audit detail", "number"),
    "object_id": pgettext_lazy("audit detail", "object id"),
    "old_reviewer": pgettext_lazy("audit detail", "old reviewer"),
    "organisation": pgettext_lazy("audit detail", "organisation"),
    "outcome": pgettext_lazy("audit detail", "outcome"),
    "part2_passed": pgettext_lazy("audit detail", "part 2 passed"),
    "passed": pgettext_lazy("audit detail", "passed"),
    "path": pgettext_lazy("audit detail", "path"),
    "payer": pgettext_lazy("audit detail", "paid by"),
    "payment_method": pgettext_lazy("audit detail", "how it was paid"),
    "prefix": pgettext_lazy("audit detail", "key prefix"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "recommendation": pgettext_lazy("audit detail", "recommendation"),
    "renewal": pgettext_lazy("audit detail", "renewal"),
    "report": pgettext_lazy("audit detail", "report"),
    "request": pgettext_lazy("audit detail", "request"),
    "reviewer": pgettext_lazy("audit detail", "reviewer"),
    "role": pgettext_lazy("audit detail", "role"),
    "roster": pgettext_lazy("audit detail", "roster"),
    "round": pgettext_lazy("audit detail", "round"),
    "scope": pgettext_lazy("audit detail", "scope"),
    "since": pgettext_lazy("audit detail", "since"),
    "started": pgettext_lazy("audit detail", "started watching"),
    "status": pgettext_lazy("audit detail", "status"),
    "stopped": pgettext_lazy("audit detail", "stopped watching"),
    "to": pgettext_lazy("audit detail", "to"),
    "until": pgettext_lazy("audit detail", "until"),
    "vetted": pgettext_lazy("audit detail", "vetted"),
    "waiver_reason": pgettext_lazy("audit detail", "reason for the waiver"),
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
    # An organisation's or a catalog training's new status (organisation_transition,
    # catalog_training_transition).
    "to": {
        "pending": pgettext_lazy("audit detail", "waiting"),
        "approved": pgettext_lazy("audit detail", "approved"),
        "declined": pgettext_lazy("audit detail", "declined"),
        "suspended": pgettext_lazy("audit detail", "suspended"),
    },
    # How an organisation checked a credential (organisations.VerificationChannel, lookup).
    "channel": {
        "lookup": pgettext_lazy("audit detail", "lookup by number"),
        "roster": pgettext_lazy("audit detail", "staff roster"),
        "api": pgettext_lazy("audit detail", "verification API"),
        "watch": pgettext_lazy("audit detail", "watch list"),
    },
    # How a coordinator checked another association's endorsement (portable reciprocity).
    "method": {
        "evidence": pgettext_lazy("audit detail", "evidence"),
        "credential": pgettext_lazy("audit detail", "Open Badges credential"),
    },
    True: pgettext_lazy("audit detail", "yes"),
    False: pgettext_lazy("audit detail", "no"),
}


def role_label(value) -> str:
    """A role group's name ("Reviewers") as the role's label in the reader's language (the
    roles are accounts': `core.access.role_label`)."""
    return access.role_label(value)


register.filter("role_label", role_label)


def _training_field(name: str) -> str:
    """A catalog training's field (the facts a coordinator changed on approving) by its
    name in the reader's language; the app is looked up, not imported (it sits above)."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = apps.get_model("trainings", "CatalogTraining")._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return str(name)
    return str(field.verbose_name)


# Keys whose values are the codes of a field of an app above core: (app, model, field). The
# label is the field's own choice in the reader's language, looked up, not imported.
CHOICES_OF = {
    "payment_method": ("fees", "Payment", "method"),
    "waiver_reason": ("fees", "Payment", "waiver_reason"),
}


def _choice_label(key: str, value) -> str:
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    app, model, name = CHOICES_OF[key]
    try:
        field = apps.get_model(app, model)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return str(value)
    return str(dict(field.flatchoices).get(value, value))


def _value(key: str, value) -> str:
    if isinstance(value, bool):
        return str(VALUES[value])
    if key == "role":
        return role_label(value)
    if key == "amount_cents" and isinstance(value, int):
        return formatting.money(value)
    if key in CHOICES_OF:
        return _choice_label(key, value)
    if key == "changed" and isinstance(value, list | tuple):
        return ", ".join(_training_field(name) for name in value)
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

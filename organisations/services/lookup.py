"""The public lookup: one answer per number and last name, each one recorded."""

from __future__ import annotations

from core.audit import audit_record
from core.models import AuditAction

from .. import selectors


def lookup_perform(*, number: str, last_name: str) -> dict | None:
    """The public facts for the pair, or None. Side effects: one audit row (the number asked
    for and whether it was found; never the name typed, which may be someone's guess)."""
    facts = selectors.lookup_facts(number=number, last_name=last_name)
    audit_record(
        action=AuditAction.VERIFICATION_LOOKUP,
        details={"number": number[:60], "found": facts is not None, "channel": "lookup"},
    )
    return facts

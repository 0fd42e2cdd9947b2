"""Reads for verification by people, spreadsheets and machines.

Credentials are read through `endorsements.credentials.selectors` (what the public may see of
one, its status); this module only finds which credential a number, name or email means.
"""

from __future__ import annotations

from endorsements.credentials import selectors as credential_selectors
from endorsements.models import Endorsement

from .names import last_name_matches


def endorsement_get_by_number(*, number: str) -> Endorsement | None:
    """The credential with this number (any capitalisation), holder and category loaded."""
    number = (number or "").strip()
    if not number:
        return None
    return (
        Endorsement.objects.select_related("category", "holder")
        .filter(number__iexact=number)
        .first()
    )


def lookup_facts(*, number: str, last_name: str) -> dict | None:
    """What the public lookup shows for a number and a last name, or None when the pair does
    not name one credential (unknown number and wrong name alike: nothing tells them apart).
    One query."""
    endorsement = endorsement_get_by_number(number=number)
    if endorsement is None or not last_name_matches(
        typed=last_name,
        family_name=endorsement.holder.family_name,
        printed_name=endorsement.printed_name,
    ):
        return None
    facts = credential_selectors.verification_facts(endorsement)
    # The lookup says less than the certificate's code does: no name, status and dates only.
    return {
        "status": facts["status"],
        "current": facts["current"],
        "category": facts["category"],
        "category_code": facts["category_code"],
        "valid_through": endorsement.valid_through,
    }

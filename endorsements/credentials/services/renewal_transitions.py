"""The renewal's state machine (`RENEWAL_TRANSITIONS`, a history row per change) and the
random draw of the audit sample."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import transaction

from core.transitions import HistoryAudience, transition

from ..models import RENEWAL_TRANSITIONS, RenewalEvent, RenewalSubmission


def audit_draw() -> Decimal:
    """A uniform random number from 0 up to 100 (six decimals), from the system's secure
    source: nobody can tell in advance who will be audited."""
    return Decimal(secrets.randbelow(100_000_000)) / Decimal(1_000_000)


def audit_selected(*, draw: Decimal, percent: Decimal) -> bool:
    """Whether a draw falls in the audit sample: the share `percent` of all draws."""
    return percent > 0 and draw < percent


@transaction.atomic
def renewal_transition(
    *,
    submission: RenewalSubmission,
    to: str,
    actor=None,
    code: str = "",
    params: dict | None = None,
    note: str = "",
    fields: dict | None = None,
    on_commit=None,
) -> RenewalSubmission:
    """Move a renewal through RENEWAL_TRANSITIONS with a history row the holder sees.
    Side effects: the row locked and saved; one RenewalEvent; `on_commit` after commit.
    Raises TransitionNotAllowed."""

    def history(locked: RenewalSubmission, current: str) -> None:
        RenewalEvent.objects.create(
            renewal=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            audience=HistoryAudience.APPLICANT,
            code=code,
            params=params or {},
            note=note,
        )

    return transition(
        instance=submission,
        to=to,
        table=RENEWAL_TRANSITIONS,
        history=history,
        fields=fields,
        on_commit=on_commit,
    )

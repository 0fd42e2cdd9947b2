"""The one way an application's or an endorsement's status changes.

Each service locks the row, checks the allowed-transitions table next to the model, writes the
history row and queues side effects after commit. No other code assigns `.status`.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.models import HistoryAudience
from endorsements.models import (
    APPLICATION_TRANSITIONS,
    ENDORSEMENT_TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Endorsement,
    EndorsementEvent,
)

# Statuses that end a review with a decision.
_DECISIONS = {
    ApplicationStatus.ENDORSED,
    ApplicationStatus.ENDORSED_EMERGING,
    ApplicationStatus.DENIED,
}


class TransitionNotAllowed(Exception):
    """The requested change is not in the allowed-transitions table (or already happened)."""

    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        super().__init__(f"cannot go from {current!r} to {target!r}")


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor=None,
    note: str = "",
    staff_note: str = "",
    details: dict | None = None,
    fields: dict | None = None,
    on_commit: Callable[[Application], None] | None = None,
) -> Application:
    """Move `application` to status `to`.

    Who reads what is said here: the change, `note` and `details` (codes with parameters:
    reopened sections, feedback) are on the applicant's timeline; `staff_note` (reviewers'
    names, tie-break reasons, overrides) is for staff only.

    Side effects, in order: the row is locked and re-read (so two people acting at once cannot
    both succeed); `fields` are set on it together with the status (and `submitted_at` /
    `decided_at` where they apply); an ApplicationEvent history row for the applicant and, with
    a `staff_note`, a staff-only row after it; `on_commit(application)` after the transaction
    commits (emails, tasks). Raises TransitionNotAllowed.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    current = locked.status
    if to not in APPLICATION_TRANSITIONS.get(current, frozenset()):
        raise TransitionNotAllowed(current, to)
    now = timezone.now()
    update_fields = ["status", "updated_at"]
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
        update_fields.append(name)
    locked.status = to
    if to == ApplicationStatus.SUBMITTED:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    if to in _DECISIONS:
        locked.decided_at = now
        update_fields.append("decided_at")
    locked.save(update_fields=sorted(set(update_fields)))
    ApplicationEvent.objects.create(
        application=locked,
        actor=actor,
        from_status=current,
        to_status=to,
        note=note,
        details=details or {},
        audience=HistoryAudience.APPLICANT,
    )
    if staff_note:
        ApplicationEvent.objects.create(
            application=locked,
            actor=actor,
            from_status=to,
            to_status=to,
            note=staff_note,
            audience=HistoryAudience.STAFF,
        )
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(locked), robust=True)
    # Keep the caller's object in step with the database.
    application.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def endorsement_transition(
    *,
    endorsement: Endorsement,
    to: str,
    actor=None,
    note: str = "",
    effective_on: date | None = None,
    valid_through: date | None = None,
    audience: str = HistoryAudience.APPLICANT,
    on_commit: Callable[[Endorsement], None] | None = None,
) -> Endorsement:
    """Change a credential's status (and optionally its validity), with a history row.

    Renewal is `active -> active` with a new `valid_through`. `audience`: who may read the
    row's note (the holder and staff, or staff only). Side effects, in order: the row is
    locked; status/validity saved; an EndorsementEvent dated `effective_on` (default today);
    `on_commit(endorsement)` after commit. Raises TransitionNotAllowed.
    """
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    current = locked.status
    if to not in ENDORSEMENT_TRANSITIONS.get(current, frozenset()):
        raise TransitionNotAllowed(current, to)
    locked.status = to
    if valid_through is not None:
        locked.valid_through = valid_through
    locked.save(update_fields=["status", "valid_through", "updated_at"])
    EndorsementEvent.objects.create(
        endorsement=locked,
        actor=actor,
        from_status=current,
        to_status=to,
        effective_on=effective_on or timezone.localdate(),
        valid_through=locked.valid_through,
        note=note,
        audience=audience,
    )
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(locked), robust=True)
    endorsement.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked

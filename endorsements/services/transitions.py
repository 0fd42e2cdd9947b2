"""The one way an application's or an endorsement's status changes.

Both services are built on `core.transitions.transition` (lock, check the table next to the
model, change, history row, side effects after commit). No other code assigns `.status`.

What must hold around a change lives here, not at the call sites: an application becomes
endorsed (or endorsed as emerging) only with its credential, so the transition issues it (or,
for an emerging one being completed, makes it active) in the same transaction.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.transitions import HistoryAudience, InvariantBroken, TransitionNotAllowed, transition
from endorsements.models import (
    APPLICATION_TRANSITIONS,
    ENDORSEMENT_TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Endorsement,
    EndorsementEvent,
    EndorsementStatus,
)

__all__ = [
    "InvariantBroken",
    "TransitionNotAllowed",
    "application_history_add",
    "application_transition",
    "endorsement_history_add",
    "endorsement_transition",
]

S = ApplicationStatus
E = EndorsementStatus
# Statuses that end a review with a decision.
_DECISIONS = {S.ENDORSED, S.ENDORSED_EMERGING, S.DENIED}


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor=None,
    note: str = "",
    code: str = "",
    params: dict | None = None,
    audience: str = HistoryAudience.APPLICANT,
    fields: dict | None = None,
    on_commit: Callable[[Application], None] | None = None,
) -> Application:
    """Move `application` to status `to`.

    Side effects, in order: the row is locked and re-read; the allowed-transitions table is
    checked; `fields` are set with the status (and `submitted_at` / `decided_at` where they
    apply); to endorsed or endorsed as emerging, the credential is issued by
    `endorsement_issue` (an emerging one already issued is made active instead; its certificate
    is queued by `endorsements.credentials`, which follows the application's changes); an
    ApplicationEvent history row (`code`
    and `params` for what the system says, `note` only for what a person typed, read by
    `audience`: the applicant's timeline shows only applicant rows, so what only staff may
    read goes in a following staff row, `application_history_add`); then
    `on_commit(application)` after commit. Raises TransitionNotAllowed (InvariantBroken when
    the credential is not in a state the change needs).
    """
    now = timezone.now()
    fields = dict(fields or {})
    if to == S.SUBMITTED:
        fields["submitted_at"] = now
    if to in _DECISIONS:
        fields["decided_at"] = now

    def check(locked: Application, current: str) -> None:
        if to not in (S.ENDORSED, S.ENDORSED_EMERGING):
            return
        held = Endorsement.objects.filter(application=locked).first()
        if to == S.ENDORSED_EMERGING and held is not None:
            raise InvariantBroken(current, to, "credential_exists")
        if to == S.ENDORSED and held is not None and held.status != E.EMERGING:
            raise InvariantBroken(current, to, "credential_not_emerging")

    def history(locked: Application, current: str) -> None:
        _credential_follow(locked, to=to, actor=actor)
        ApplicationEvent.objects.create(
            application=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            audience=audience,
            code=code,
            params=params or {},
            note=note,
        )

    return transition(
        instance=application,
        to=to,
        table=APPLICATION_TRANSITIONS,
        history=history,
        fields=fields,
        check=check,
        on_commit=on_commit,
    )


def _credential_follow(application: Application, *, to: str, actor) -> None:
    """Endorsed means a credential exists: issue it, or complete the emerging one."""
    if to not in (S.ENDORSED, S.ENDORSED_EMERGING):
        return
    from .credentials import endorsement_issue

    held = Endorsement.objects.filter(application=application).first()
    if held is None:
        endorsement_issue(
            application=application,
            emerging=to == S.ENDORSED_EMERGING,
            actor=actor,
        )
        return
    endorsement_transition(
        endorsement=held,
        to=E.ACTIVE,
        actor=actor,
        code="emerging_completed",
    )


def application_history_add(
    *,
    application: Application,
    code: str,
    actor=None,
    params: dict | None = None,
    note: str = "",
    audience: str = HistoryAudience.STAFF,
) -> ApplicationEvent:
    """A history row for an act that changes no status (a reviewer replaced, a due date
    extended, a decision held): from and to are the current status. Side effects: one row."""
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=application.status,
        to_status=application.status,
        audience=audience,
        code=code,
        params=params or {},
        note=note,
    )


@transaction.atomic
def endorsement_transition(
    *,
    endorsement: Endorsement,
    to: str,
    actor=None,
    note: str = "",
    code: str = "",
    params: dict | None = None,
    audience: str = HistoryAudience.APPLICANT,
    effective_on: date | None = None,
    valid_through: date | None = None,
    on_commit: Callable[[Endorsement], None] | None = None,
) -> Endorsement:
    """Change a credential's status (and optionally its validity), with a history row.

    Renewal keeps the status with a new `valid_through`. Side effects, in order: the row is
    locked and the table checked; status/validity saved; an EndorsementEvent dated
    `effective_on` (default today) with `code`/`params` (and `note` for what a person typed),
    read by `audience` (the holder and staff, or staff only);
    `on_commit(endorsement)` after commit. Raises TransitionNotAllowed.
    """
    fields = {"valid_through": valid_through} if valid_through is not None else {}

    def history(locked: Endorsement, current: str) -> None:
        EndorsementEvent.objects.create(
            endorsement=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            effective_on=effective_on or timezone.localdate(),
            valid_through=locked.valid_through,
            audience=audience,
            code=code,
            params=params or {},
            note=note,
        )

    return transition(
        instance=endorsement,
        to=to,
        table=ENDORSEMENT_TRANSITIONS,
        history=history,
        fields=fields,
        on_commit=on_commit,
    )


def endorsement_history_add(
    *,
    endorsement: Endorsement,
    code: str,
    actor=None,
    params: dict | None = None,
    note: str = "",
    audience: str = HistoryAudience.STAFF,
) -> EndorsementEvent:
    """A history row that changes no status (a request asked for, declined). One row."""
    return EndorsementEvent.objects.create(
        endorsement=endorsement,
        actor=actor,
        from_status=endorsement.status,
        to_status=endorsement.status,
        effective_on=timezone.localdate(),
        valid_through=endorsement.valid_through,
        audience=audience,
        code=code,
        params=params or {},
        note=note,
    )

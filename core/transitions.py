"""The one transition pattern every state machine uses: lock, check the table, change, record.

Each state machine keeps an allowed-transitions table next to its model (``{from: {to, ...}}``)
and one service of its own (`application_transition`, `endorsement_transition`,
`renewal_transition`, ...) built on `transition` below. The service adds what only it knows:
its history row, its invariants ("endorsed means a credential exists"), its timestamps. No
other code assigns a status.

History rows carry an audience (who may read them) and store what the system says as a code
with parameters; the page writes the sentence in the reader's language. Free text is kept only
for what a person typed (a reason, a message).

Apps above a state machine follow its changes without the machine knowing them (the fees app
raises an invoice when an application is submitted): `follow(label, callback)` registers a
follower when the app is ready, and `announce` calls each one with the locked row, in the
change's own transaction, after its history row. So a change and what it causes commit
together or not at all (an invoice exists exactly when the submission does), as the outbox's
emails do; a follower that needs the network queues a task after commit. Rows that are
created in their first status (a draft application, a renewal submission, a holder's request)
are announced by their service with `from_status=""`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class HistoryAudience(models.TextChoices):
    """Who may read a history row: the applicant (and staff), or staff only."""

    APPLICANT = "applicant", _("Applicant and staff")
    STAFF = "staff", _("Staff only")


def history_for(events: models.QuerySet, *, audience: str) -> models.QuerySet:
    """A state machine's history rows as `audience` may read them: staff read every row; the
    person the case is about (and anyone else) reads only the applicant rows, never what is
    for staff (internal notes, tie-break reasons, reviewers' names)."""
    if audience != HistoryAudience.STAFF:
        events = events.filter(audience=HistoryAudience.APPLICANT)
    return events


Follower = Callable[..., None]
_followers: dict[str, list[Follower]] = {}


def follow(label: str, callback: Follower) -> None:
    """Call `callback(instance=, from_status=, to_status=)` after every change of a `label`
    model's status ("endorsements.Application"), inside the change's transaction."""
    if callback not in _followers.setdefault(label, []):
        _followers[label].append(callback)


def announce(instance: models.Model, *, from_status: str, to_status: str) -> None:
    """Tell the followers of `instance`'s model that it moved (or was created: `from_status`
    empty). Called by `transition` and by the services that create a row in its first status."""
    for callback in _followers.get(instance._meta.label, ()):
        callback(instance=instance, from_status=from_status, to_status=to_status)


class TransitionNotAllowed(Exception):
    """The requested change is not in the allowed-transitions table (or already happened)."""

    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        super().__init__(f"cannot go from {current!r} to {target!r}")


class InvariantBroken(TransitionNotAllowed):
    """The change is in the table but what must hold around it does not (`code` says what)."""

    def __init__(self, current: str, target: str, code: str):
        super().__init__(current, target)
        self.code = code


def transition(
    *,
    instance: M,
    to: str,
    table: Mapping[str, frozenset[str]],
    history: Callable[[M, str], object],
    fields: Mapping[str, object] | None = None,
    check: Callable[[M, str], None] | None = None,
    on_commit: Callable[[M], None] | None = None,
    status_field: str = "status",
) -> M:
    """Move `instance` to status `to`, the same way for every state machine.

    Must run inside a transaction (the services are ``@transaction.atomic``). Side effects, in
    order: the row is locked and re-read, so two people acting at once cannot both succeed;
    the move is checked against `table` (TransitionNotAllowed); `check(locked, current)` may
    refuse it (InvariantBroken); `fields` and the status are saved together;
    `history(locked, current)` writes the history row; the followers registered for the
    model are told (`announce`); `on_commit(locked)` is queued for after the commit (emails,
    tasks). The caller's object is kept in step with the database.
    """
    model = type(instance)
    locked = model._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)
    current = getattr(locked, status_field)
    if to not in table.get(current, frozenset()):
        raise TransitionNotAllowed(current, to)
    if check is not None:
        check(locked, current)
    update_fields = {status_field}
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
        update_fields.add(name)
    setattr(locked, status_field, to)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        update_fields.add("updated_at")
    locked.save(update_fields=sorted(update_fields))
    history(locked, current)
    announce(locked, from_status=current, to_status=to)
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(locked), robust=True)
    instance.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked

"""Catalog trainings: a provider submits one, a coordinator approves it (with changes) or
declines it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from core.transitions import HistoryAudience, transition

from ..models import TRAINING_TRANSITIONS, CatalogTraining, TrainingEvent, TrainingStatus

# The many-to-many parts of a training, set after the row.
RELATED = ("domains", "competencies", "categories")


class NotAProvider(Exception):
    """The organisation may not offer trainings (not an approved training provider)."""


def _split(data: dict) -> tuple[dict, dict]:
    fields = {k: v for k, v in data.items() if k not in RELATED}
    related = {k: v for k, v in data.items() if k in RELATED}
    return fields, related


@transaction.atomic
def catalog_training_submit(*, organisation, user: User, data: dict) -> CatalogTraining:
    """A training provider's staff member submits a training for the catalog.

    Side effects, in order: the training (waiting for a coordinator) with its domains, areas
    and categories; its first history row; an audit row. Raises NotAProvider.
    """
    from organisations.models import OrganisationKind

    if not (organisation.is_approved and organisation.kind == OrganisationKind.TRAINING_PROVIDER):
        raise NotAProvider
    fields, related = _split(data)
    training = CatalogTraining.objects.create(provider=organisation, submitted_by=user, **fields)
    for name, values in related.items():
        getattr(training, name).set(values)
    TrainingEvent.objects.create(
        training=training, actor=user, to_status=training.status, code="training_submitted"
    )
    audit_record(action=AuditAction.TRAINING_SUBMITTED, actor=user, target=training)
    return training


@transaction.atomic
def catalog_training_transition(
    *,
    training: CatalogTraining,
    to: str,
    actor: User,
    note: str = "",
    changes: dict | None = None,
) -> CatalogTraining:
    """Approve (optionally with `changes` to the training's facts) or decline a training.

    Coordinators only, and never for a provider they work for. Side effects, in order: the
    row locked and the move checked (TransitionNotAllowed); the changes and the decision
    saved; a history row (code, the names of the changed fields); an audit row; an email to
    the submitter through the outbox.
    """
    if not actor.is_coordinator:
        raise PermissionError("only coordinators decide on catalog trainings")
    if training.provider.memberships.filter(user=actor).exists():
        raise PermissionError("nobody decides on their own organisation's training")
    changes = changes or {}
    fields, related = _split(changes)
    # Compared with the training as saved (a form may have changed the caller's object).
    saved = CatalogTraining.objects.get(pk=training.pk)
    changed = sorted(
        [k for k, v in fields.items() if getattr(saved, k) != v]
        + [
            k
            for k, v in related.items()
            if set(getattr(saved, k).values_list("pk", flat=True)) != {o.pk for o in v}
        ]
    )

    def history(locked: CatalogTraining, current: str) -> None:
        TrainingEvent.objects.create(
            training=locked,
            actor=actor,
            from_status=current,
            to_status=to,
            code=f"training_{to}",
            params={"changed": changed} if changed else {},
            note=note,
            audience=HistoryAudience.APPLICANT,
        )

    locked = transition(
        instance=training,
        to=to,
        table=TRAINING_TRANSITIONS,
        history=history,
        fields={
            **(fields if to == TrainingStatus.APPROVED else {}),
            "decided_at": timezone.now(),
            "decided_by": actor,
        },
    )
    if to == TrainingStatus.APPROVED:
        for name, values in related.items():
            getattr(locked, name).set(values)
    audit_record(
        action=AuditAction.TRAINING_DECIDED,
        actor=actor,
        target=locked,
        details={"to": to, "changed": changed},
    )
    submitter = locked.submitted_by
    if submitter is not None:
        send_templated_email(
            "trainings_decided",
            to=submitter.email,
            context={
                "title": locked.title,
                "training_pk": locked.pk,
                "approved": to == TrainingStatus.APPROVED,
                "changed": bool(changed),
                "note": note,
                "given_name": submitter.given_name,
            },
            idempotency_key=f"training-decided:{locked.pk}:{to}",
            kind="training_decided",
            about=locked,
        )
    return locked

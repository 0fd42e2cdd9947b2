"""Queueing: a message becomes an outbox row in the transaction of the change that causes it.

After that transaction commits, one bounded attempt hands the new rows to the worker
(`delivery.hand_over`, through `core.broker.enqueue`); if the broker is down they wait for the
periodic sweep. Nothing here talks to a mail server, so nothing here can fail a web request
because mail is down.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation

from ..models import FailureReason, Message, MessageStatus
from .delivery import hand_over
from .rendering import render_email


def _about(about: models.Model | tuple[str, object] | None) -> tuple[str, str]:
    if about is None:
        return "", ""
    if isinstance(about, tuple):
        return about[0], str(about[1])
    return about._meta.label_lower, str(about.pk)


def _recipients(to: Iterable[str] | str) -> list[str]:
    seen: dict[str, str] = {}
    for address in [to] if isinstance(to, str) else to:
        address = (address or "").strip()
        seen.setdefault(address.lower(), address)
    return list(seen.values())


def _address_ok(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _unsubscribe_headers(kind: str) -> dict:
    """RFC 2369 List-Unsubscribe for reminders: a mail to the coordinators, who stop them."""
    subject = f"Unsubscribe {kind}".replace(" ", "%20")
    return {"List-Unsubscribe": f"<mailto:{settings.COORDINATORS_EMAIL}?subject={subject}>"}


def _insert(rows: list[Message]) -> list[int]:
    """Insert the rows, skipping any whose (key, recipient) exists; the ids still to send.

    Two queries whatever the number of rows: the insert, and reading back the queued ids.
    """
    if not rows:
        return []
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    keys = {row.idempotency_key for row in rows}
    return list(
        Message.objects.filter(
            idempotency_key__in=keys,
            recipient__in={row.recipient for row in rows},
            status=MessageStatus.QUEUED,
        ).values_list("pk", flat=True)
    )


def recipient_languages(addresses: Iterable[str]) -> dict[str, str]:
    """The language each address's account chose ({lowercased address: code}; one query).

    An email is written in its reader's language: the one stored on their account. Addresses
    without an account (raters, providers) or without a choice are left out; their senders
    pass the language the applicant chose for them, else the active language is used.
    """
    wanted = {a.strip().lower() for a in addresses if a and a.strip()}
    if not wanted:
        return {}
    from django.contrib.auth import get_user_model

    rows = (
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=wanted)
        .exclude(preferred_language="")
        .values_list("address", "preferred_language")
    )
    return dict(rows)


def _rows(
    template: str,
    *,
    to: Iterable[str] | str,
    context: dict | None = None,
    reply_to: Iterable[str] | None = None,
    idempotency_key: str = "",
    kind: str = "",
    about: models.Model | tuple[str, object] | None = None,
    language: str = "",
    after: str = "",
    reminder: bool = False,
    chosen: dict[str, str] | None = None,
) -> list[Message]:
    recipients = _recipients(to)
    if not recipients:
        return []
    fallback = translation.get_language() or settings.LANGUAGE_CODE
    chosen = chosen or {}
    # One rendering per language among the recipients (usually one).
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        reader = language or chosen.get(address.lower()) or fallback
        by_language.setdefault(reader, []).append(address)
    about_type, about_id = _about(about)
    key = idempotency_key or f"once:{uuid.uuid4().hex}"
    now = timezone.now()
    rows = []
    for reader, addresses in by_language.items():
        subject, text, html = render_email(template, context, language=reader)
        for address in addresses:
            valid = _address_ok(address)
            rows.append(
                Message(
                    kind=kind or template,
                    idempotency_key=key[:200],
                    recipient=address[:254],
                    language=reader,
                    about_type=about_type,
                    about_id=about_id,
                    template=template,
                    subject=subject,
                    body_text=text,
                    body_html=html,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    reply_to=list(reply_to) if reply_to else [settings.COORDINATORS_EMAIL],
                    headers=_unsubscribe_headers(kind or template) if reminder else {},
                    after_key=after,
                    status=MessageStatus.QUEUED if valid else MessageStatus.FAILED,
                    reason="" if valid else FailureReason.BAD_ADDRESS,
                    next_attempt_at=now,
                )
            )
    return rows


def message_queue(template: str, **spec) -> int:
    """Queue one message per recipient of `to`; returns how many are waiting to be sent.

    Keyword arguments: `to`, `context`, `reply_to`, `idempotency_key`, `kind`, `about`,
    `language`, `after`, `reminder`. Rendered now, in `language`; without one, in each
    recipient's own language (`recipient_languages`), else the active language.
    `idempotency_key` names the event: a second call with the same key queues nothing more
    for the same recipient (none given: every call is a new event). `reply_to`
    defaults to the coordinators' address; `reminder` adds List-Unsubscribe; `after` is the key
    of a message that must reach the same recipient first; `about` is the row the message
    concerns (its delivery is shown beside it). An address that cannot be valid is recorded as
    failed at once, so the person who typed it sees why.

    Side effects, in order: the rows (one INSERT); after commit, one bounded hand-over to the
    worker for all the messages queued in the transaction.
    """
    return messages_queue([{"template": template, **spec}])


def messages_queue(specs: Iterable[dict]) -> int:
    """Queue several different messages (each a dict of `message_queue`'s arguments, with
    `template`) in three queries whatever their number (the readers' languages, the rows, the
    ids to hand over); returns how many wait to be sent."""
    specs = list(specs)
    unsure = [
        address
        for spec in specs
        if not spec.get("language")
        for address in _recipients(spec.get("to") or [])
    ]
    chosen = recipient_languages(unsure)
    rows = [row for spec in specs for row in _rows(**spec, chosen=chosen)]
    ids = _insert(rows)
    _hand_over_after_commit(ids)
    return len(ids)


@dataclass(frozen=True)
class DeferredMessage:
    """A message rendered on the worker by the renderer `renderer` (see messaging.renderers)."""

    renderer: str
    to: str
    idempotency_key: str
    kind: str
    params: dict = field(default_factory=dict)
    about: models.Model | tuple[str, object] | None = None
    language: str = ""
    reminder: bool = False


def messages_queue_deferred(messages: list[DeferredMessage]) -> int:
    """Queue messages that the worker renders when it sends them; returns how many wait.

    For claims made in bulk (the daily renewal reminders): the rows are written in the
    claiming transaction, cheaply, and a claim can never again be lost between the claim and
    the email. Side effects: the rows (one INSERT per call); after commit, one hand-over.
    """
    now = timezone.now()
    chosen = recipient_languages(spec.to for spec in messages if not spec.language)
    fallback = translation.get_language() or settings.LANGUAGE_CODE
    rows = []
    for spec in messages:
        about_type, about_id = _about(spec.about)
        rows.append(
            Message(
                kind=spec.kind,
                idempotency_key=spec.idempotency_key[:200],
                recipient=spec.to.strip()[:254],
                language=spec.language or chosen.get(spec.to.strip().lower()) or fallback,
                about_type=about_type,
                about_id=about_id,
                template="",
                renderer=spec.renderer,
                render_params=spec.params,
                from_email=settings.DEFAULT_FROM_EMAIL,
                reply_to=[settings.COORDINATORS_EMAIL],
                headers=_unsubscribe_headers(spec.kind) if spec.reminder else {},
                next_attempt_at=now,
            )
        )
    ids = _insert(rows)
    _hand_over_after_commit(ids)
    return len(ids)


def _hand_over_after_commit(ids: list[int]) -> None:
    """After the transaction commits (at once outside one), hand the messages to the worker.
    With a hung broker only the first hand-over of a request waits (core.broker pauses)."""
    if ids:
        transaction.on_commit(lambda: hand_over(ids), robust=True)

"""Delivery: the worker claims a message, sends it, and records what happened.

Exactly once, as far as SMTP allows: a message is *claimed* with a conditional UPDATE (queued
and due, or sending with a claim that ran out) that sets a fresh claim token; only the holder
of the token sends it and records the outcome, so two workers, a redelivered task and the sweep
never send one message twice. A worker that dies after claiming leaves the message `sending`
until `LEASE` passes; the sweep then sends it again (claimed is not sent). The one window left
is a worker killed between the mail server's "250 OK" and the UPDATE that records it: that
message goes out twice, with the same Message-ID, which mail clients show once.

Transient errors (the server unreachable, a 4xx answer) put the message back in the queue with
exponential backoff; permanent ones (a 5xx answer about the recipient or the message, an
address that cannot exist) fail it at once with a reason the sender can act on.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import uuid
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation

from .. import renderers
from ..models import FailureReason, Message, MessageStatus
from .rendering import render_email

logger = logging.getLogger(__name__)

# Longer than any one send can take (connect, TLS, DATA, each bounded by EMAIL_TIMEOUT).
LEASE = timedelta(minutes=10)
SWEEP_LIMIT = 500


class _Transient(Exception):
    """The mail server could not take the message now; try again later."""


class _Permanent(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def _backoff(attempts: int) -> timedelta:
    base = settings.OUTBOX_RETRY_SECONDS
    return timedelta(
        seconds=min(settings.OUTBOX_RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1))
    )


def _smtp_code_permanent(code) -> bool:
    return isinstance(code, int) and 500 <= code < 600


def _classify(exc: Exception) -> Exception:
    """Our reading of a send error: _Permanent (with a reason) or _Transient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        if codes and all(_smtp_code_permanent(code) for code in codes):
            return _Permanent(FailureReason.RECIPIENT_REFUSED, str(exc.recipients))
        return _Transient(str(exc.recipients))
    if isinstance(exc, smtplib.SMTPDataError) and _smtp_code_permanent(exc.smtp_code):
        return _Permanent(FailureReason.REJECTED, f"{exc.smtp_code} {exc.smtp_error!r}")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        # Our own sender address refused: a configuration problem, retried while staff fix it.
        logger.error("the mail server refuses our sender address: %s", exc)
        return _Transient(str(exc))
    if isinstance(exc, (smtplib.SMTPException, OSError, socket.timeout)):
        return _Transient(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, (ValueError, UnicodeError)):  # an address Python's email package refuses
        return _Permanent(FailureReason.BAD_ADDRESS, f"{type(exc).__name__}: {exc}")
    return _Transient(f"{type(exc).__name__}: {exc}")


def _claimable(now) -> Q:
    """Queued and never tried (due at once, whatever the clocks of the machine that queued it
    and this one say) or due for a retry; or claimed by a worker whose claim ran out."""
    return (
        Q(status=MessageStatus.QUEUED, attempts=0)
        | Q(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
        | Q(status=MessageStatus.SENDING, claimed_until__lt=now)
    )


def _waiting_for_predecessor():
    """The message that must go first (same key named in `after_key`, same recipient) has
    not been sent yet (nor given up)."""
    return Exists(
        Message.objects.filter(
            idempotency_key=OuterRef("after_key"),
            recipient=OuterRef("recipient"),
            status__in=(MessageStatus.QUEUED, MessageStatus.SENDING),
        )
    )


def message_claim(*, message_id: int) -> tuple[Message, str] | None:
    """Claim one message for sending; None when it is not due or someone else has it."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = (
        Message.objects.filter(_claimable(now), pk=message_id)
        .exclude(_waiting_for_predecessor())
        .update(
            status=MessageStatus.SENDING,
            claim=token,
            claimed_until=now + LEASE,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    return Message.objects.get(pk=message_id), token


def _finish(message: Message, token: str, **fields) -> bool:
    fields.setdefault("claim", "")
    fields.setdefault("claimed_until", None)
    fields["updated_at"] = timezone.now()
    return bool(Message.objects.filter(pk=message.pk, claim=token).update(**fields))


def _render_deferred(message: Message, token: str) -> bool:
    """Render a message queued unrendered; False when its renderer says it is not needed."""
    # In the reader's language: a renderer may write words (checklist gaps) or dates.
    with translation.override(message.language or None):
        rendered = renderers.renderer(message.renderer)(**message.render_params)
    if rendered is None:
        _finish(message, token, status=MessageStatus.CANCELLED)
        return False
    subject, text, html = render_email(
        rendered.template, rendered.context, language=message.language
    )
    message.template, message.subject, message.body_text, message.body_html = (
        rendered.template,
        subject,
        text,
        html,
    )
    Message.objects.filter(pk=message.pk, claim=token).update(
        template=rendered.template, subject=subject, body_text=text, body_html=html
    )
    return True


def _sender_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"


def email_for(message: Message) -> EmailMultiAlternatives:
    """The email as it goes to the mail server, with the outbox id in its headers."""
    headers = {
        # Stable per message: a copy sent twice (see the module docstring) reads as one.
        "Message-ID": make_msgid(idstring=f"outbox-{message.pk}", domain=_sender_domain()),
        # RFC 3834: an automatic message, so auto-responders do not answer it.
        "Auto-Submitted": "auto-generated",
        # Postmark hands this back in its bounce webhook (messaging.views.postmark_bounce).
        "X-PM-Metadata-outbox-id": str(message.pk),
        "X-PM-Tag": message.kind[:100],
        **message.headers,
    }
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.recipient],
        reply_to=message.reply_to or None,
        headers=headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def _deliver(message: Message, token: str, connection) -> str:
    """Send one claimed message and record the outcome; returns the new status.

    Raises _Transient after recording it when the server itself is unreachable, so the caller
    stops sending this batch (the rest wait for the sweep rather than each timing out).
    """
    if message.renderer and not message.subject:
        try:
            if not _render_deferred(message, token):
                return MessageStatus.CANCELLED
        except DatabaseError:
            _finish(message, token, status=MessageStatus.QUEUED, next_attempt_at=timezone.now())
            raise
        except Exception as exc:  # a renderer bug: it would fail the same way every time
            logger.exception("message %s could not be rendered", message.pk)
            _finish(
                message,
                token,
                status=MessageStatus.FAILED,
                reason=FailureReason.RENDER_FAILED,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            return MessageStatus.FAILED
    try:
        connection.send_messages([email_for(message)])
    except Exception as exc:
        verdict = _classify(exc)
        if isinstance(verdict, _Permanent):
            _finish(
                message,
                token,
                status=MessageStatus.FAILED,
                reason=verdict.reason,
                last_error=str(verdict)[:2000],
            )
            return MessageStatus.FAILED
        _retry_later(message, token, str(verdict))
        raise verdict from exc
    _finish(
        message, token, status=MessageStatus.SENT, sent_at=timezone.now(), reason="", last_error=""
    )
    return MessageStatus.SENT


def _retry_later(message: Message, token: str, error: str) -> None:
    now = timezone.now()
    if now - message.created_at > timedelta(seconds=settings.OUTBOX_GIVE_UP_SECONDS):
        _finish(
            message,
            token,
            status=MessageStatus.FAILED,
            reason=FailureReason.GAVE_UP,
            last_error=error[:2000],
        )
        return
    _finish(
        message,
        token,
        status=MessageStatus.QUEUED,
        next_attempt_at=now + _backoff(message.attempts),
        last_error=error[:2000],
    )


def _successors(message: Message) -> list[int]:
    return list(
        Message.objects.filter(
            after_key=message.idempotency_key,
            recipient=message.recipient,
            status=MessageStatus.QUEUED,
        ).values_list("pk", flat=True)
    )


def messages_send(*, message_ids: list[int]) -> dict[str, int]:
    """Send each of these messages that is due and not claimed by someone else.

    One SMTP connection for the batch. When the mail server cannot be reached the batch stops
    (that message is rescheduled, the others stay queued for the sweep). Messages that waited
    for one just sent (`after_key`) are sent next. Returns counts by outcome.
    """
    counts: dict[str, int] = {}
    pending = list(dict.fromkeys(message_ids))
    connection = get_connection(fail_silently=False)
    try:
        while pending:
            claimed = message_claim(message_id=pending.pop(0))
            if claimed is None:
                continue
            message, token = claimed
            try:
                status = _deliver(message, token, connection)
            except _Transient as exc:
                logger.warning(
                    "mail server unavailable, message %s retried later: %s", message.pk, exc
                )
                counts["retry"] = counts.get("retry", 0) + 1
                break
            counts[status] = counts.get(status, 0) + 1
            if status == MessageStatus.SENT:
                pending.extend(pk for pk in _successors(message) if pk not in pending)
    finally:
        try:
            connection.close()
        except Exception:  # closing a connection the server already dropped
            logger.debug("closing the mail connection failed", exc_info=True)
    return counts


def messages_due(*, limit: int = SWEEP_LIMIT) -> list[int]:
    """Messages to send now, oldest first: queued and due, or claimed by a worker that died."""
    return list(
        Message.objects.filter(_claimable(timezone.now()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def messages_sweep(*, limit: int = SWEEP_LIMIT) -> dict[str, int]:
    """The periodic sweep: send everything due (see `messages_send`). Safe to run at once in
    several processes: each message is claimed before it is sent."""
    return messages_send(message_ids=messages_due(limit=limit))


def message_resend(*, message: Message) -> bool:
    """Send a message again (staff): back in the queue as new, then handed to the worker.

    Side effects, in order: the row reset to queued with no attempts and no error; one bounded
    hand-over. Returns False for a message being sent right now.
    """
    now = timezone.now()
    reset = (
        Message.objects.filter(pk=message.pk)
        .exclude(status=MessageStatus.SENDING, claimed_until__gte=now)
        .update(
            status=MessageStatus.QUEUED,
            attempts=0,
            reason="",
            last_error="",
            next_attempt_at=now,
            sent_at=None,
            claim="",
            claimed_until=None,
            updated_at=now,
        )
    )
    if reset:
        transaction.on_commit(lambda: hand_over([message.pk]), robust=True)
    return bool(reset)


# Messages per task: a task sends its messages one after another, and must finish well within
# the task time limit even when each send takes the whole EMAIL_TIMEOUT.
HAND_OVER_CHUNK = 100


def hand_over(ids: list[int]) -> bool:
    """Give the worker these messages to send, in chunks (bounded: at the first broker error
    the rest wait for the sweep). Returns whether every chunk was taken."""
    from core.broker import enqueue

    from ..tasks import messages_send_task

    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), HAND_OVER_CHUNK):
        if not enqueue(messages_send_task, message_ids=ids[start : start + HAND_OVER_CHUNK]):
            return False
    return True

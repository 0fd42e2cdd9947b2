"""Email: one helper for every templated message (queued in the outbox, see messaging), and
the development outbox backend.

Core imports no app: the outbox (`messaging`, just above core) hands its two queueing
functions in when it is ready (`outbox_register`), and `send_templated_email` stays the one way
every app sends email, with the call shape it always had.
"""

import uuid
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.utils import timezone

_outbox: dict[str, Callable[..., int]] = {}


def outbox_register(*, queue: Callable[..., int], queue_many: Callable[..., int]) -> None:
    """`queue(template, **spec)` queues one email, `queue_many([spec, ...])` several
    (`messaging.services.message_queue` and `messages_queue`)."""
    _outbox.update(queue=queue, queue_many=queue_many)


def _queue(name: str) -> Callable[..., int]:
    try:
        return _outbox[name]
    except KeyError:
        raise ImproperlyConfigured("No outbox: add 'messaging' to INSTALLED_APPS.") from None


def send_templated_email(
    name: str,
    *,
    to: list[str] | str,
    context: dict | None = None,
    reply_to=None,
    idempotency_key: str = "",
    kind: str = "",
    about=None,
    language: str = "",
    after: str = "",
    reminder: bool = False,
) -> int:
    """Queue `emails/<name>_subject.txt`, `_body.txt` and `_body.html` in the outbox.

    Nothing is sent here: the message is a row in the outbox, written in the caller's
    transaction (so it exists exactly when the change that causes it commits), and the worker
    sends it after commit, retrying while the mail server is away. Called outside a
    transaction (the older `transaction.on_commit(lambda: send_templated_email(...))` pattern)
    the row is written at once, just as durably. Pass `idempotency_key` naming the event (the
    same event never makes two messages), `kind`, and `about` (the row it concerns) so people
    can see its delivery. See `messaging.services.message_queue` for the rest.

    The context always has `site_url` and `association_name`. Returns the number of messages
    waiting to be sent (one per recipient).
    """
    return _queue("queue")(
        name,
        to=to,
        context=context,
        reply_to=reply_to,
        idempotency_key=idempotency_key,
        kind=kind,
        about=about,
        language=language,
        after=after,
        reminder=reminder,
    )


def send_templated_emails(emails: list[dict]) -> int:
    """Queue several different emails at once, each a dict of `send_templated_email`'s keyword
    arguments plus `name`: three queries whatever their number (a page that tells every
    reviewer costs no more with three than with one). Returns how many wait to be sent."""
    return _queue("queue_many")(
        [
            {"template": email["name"], **{k: v for k, v in email.items() if k != "name"}}
            for email in emails
        ]
    )


class OutboxBackend(ConsoleBackend):
    """Print messages to the console and keep each one as an .eml file in DEV_OUTBOX_DIR.

    The development outbox page (/dev/outbox/, only mounted when DEBUG is on) reads them back.
    """

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        outbox = Path(settings.DEV_OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
        return sent


def outbox_messages(limit: int = 200) -> list[dict]:
    """The newest messages in the development outbox, parsed for display."""
    outbox = Path(settings.DEV_OUTBOX_DIR)
    if not outbox.is_dir():
        return []
    files = sorted(outbox.glob("*.eml"), reverse=True)[:limit]
    return [outbox_message(path.name) for path in files]


def outbox_message(filename: str) -> dict | None:
    """One outbox message by file name; None when it is not there (or the name is unsafe)."""
    outbox = Path(settings.DEV_OUTBOX_DIR)
    path = outbox / Path(filename).name
    if path.suffix != ".eml" or not path.is_file():
        return None
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    return {
        "id": path.name,
        "subject": str(parsed["subject"] or ""),
        "to": str(parsed["to"] or ""),
        "date": str(parsed["date"] or ""),
        "text": text_part.get_content() if text_part else "",
        "html": html_part.get_content() if html_part else "",
    }

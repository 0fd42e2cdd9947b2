"""Email: one helper for every templated message, and the development outbox backend."""

import uuid
from email import message_from_bytes, policy
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.template.loader import render_to_string
from django.utils import timezone


def send_templated_email(
    name: str, *, to: list[str] | str, context: dict | None = None, reply_to=None
) -> int:
    """Render `emails/<name>_subject.txt`, `_body.txt` and `_body.html` and send them.

    The context always has `site_url` and `association_name`, so every email can say who sent
    it and link back. Returns the number of messages sent (0 or 1).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    ctx = {
        "site_url": settings.SITE_URL,
        "association_name": settings.ASSOCIATION_NAME,
        "association_code": settings.ASSOCIATION_CODE,
        **(context or {}),
    }
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}_body.txt", ctx)
    html = render_to_string(f"emails/{name}_body.html", ctx)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=recipients, reply_to=reply_to or None
    )
    message.attach_alternative(html, "text/html")
    return message.send()


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

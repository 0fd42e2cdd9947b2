"""What the mail provider tells us after delivery: bounces and spam complaints."""

from __future__ import annotations

from django.utils import timezone

from ..models import FailureReason, Message, MessageStatus


def message_mark_bounced(
    *, message: Message, reason: str = FailureReason.BOUNCED, detail: str = ""
) -> Message:
    """Record that `message` bounced (or was reported as spam). Side effects: the row's status,
    reason and detail. The sender sees it beside the message's subject (a rater, a provider)."""
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.BOUNCED,
        reason=reason,
        last_error=detail[:2000],
        updated_at=timezone.now(),
    )
    message.refresh_from_db()
    return message


# Postmark's bounce types that say the address will not take mail (hard) or that the person
# complained; the others (soft bounces, auto-replies, delays) are not failures.
POSTMARK_HARD = {
    "HardBounce": FailureReason.BOUNCED,
    "BadEmailAddress": FailureReason.BOUNCED,
    "ManuallyDeactivated": FailureReason.BOUNCED,
    "Blocked": FailureReason.REJECTED,
    "SpamNotification": FailureReason.SPAM_COMPLAINT,
    "SpamComplaint": FailureReason.SPAM_COMPLAINT,
    "DMARCPolicy": FailureReason.REJECTED,
}


def postmark_bounce_record(*, payload: dict) -> Message | None:
    """Record a bounce from Postmark's bounce (or spam complaint) webhook.

    The message is found by the outbox id we put in its `X-PM-Metadata-outbox-id` header (Postmark
    hands metadata back), else as the last message sent to the bounced address. Soft bounces
    change nothing. Returns the message marked, or None.
    """
    # Postmark's samples sometimes leave RecordType out of bounces; "Type" is always there.
    if payload.get("RecordType", "Bounce") not in ("Bounce", "SpamComplaint"):
        return None
    reason = POSTMARK_HARD.get(str(payload.get("Type", "")))
    if payload.get("RecordType") == "SpamComplaint":
        reason = FailureReason.SPAM_COMPLAINT
    if reason is None:
        return None
    email = str(payload.get("Email", "")).strip()
    metadata = payload.get("Metadata") or {}
    message = None
    outbox_id = str(metadata.get("outbox-id", "")) if isinstance(metadata, dict) else ""
    if outbox_id.isdigit():
        message = Message.objects.filter(pk=int(outbox_id), recipient__iexact=email).first()
    if message is None and email:
        message = (
            Message.objects.filter(recipient__iexact=email, status=MessageStatus.SENT)
            .order_by("-sent_at", "-pk")
            .first()
        )
    if message is None:
        return None
    detail = " ".join(str(payload.get(k, "")) for k in ("Name", "Description", "Details")).strip()
    return message_mark_bounced(message=message, reason=reason, detail=detail)

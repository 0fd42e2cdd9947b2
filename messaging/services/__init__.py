"""Writes of the outbox: queue messages (`queue`), deliver them (`delivery`), record what the
mail provider says about them afterwards (`bounces`)."""

from .bounces import message_mark_bounced, postmark_bounce_record
from .delivery import message_resend, messages_send, messages_sweep
from .queue import (
    DeferredMessage,
    message_queue,
    messages_queue,
    messages_queue_deferred,
)
from .rendering import render_email

__all__ = [
    "DeferredMessage",
    "message_mark_bounced",
    "message_queue",
    "message_resend",
    "messages_queue",
    "messages_queue_deferred",
    "messages_send",
    "messages_sweep",
    "postmark_bounce_record",
    "render_email",
]

"""The outbox: every outgoing email is a row, written in the transaction that causes it.

A row carries who it is for (one recipient), what it is (`kind`, the template, the language,
the object it is about), its content (rendered when queued, or by a registered renderer on the
worker for messages too costly to render in the causing transaction) and its delivery:
`status`, `attempts`, `reason` and `last_error`, `sent_at`. `idempotency_key` names the event:
the same event never makes two messages to one recipient (a unique constraint).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")
    BOUNCED = "bounced", _("Bounced")
    CANCELLED = "cancelled", _("Not sent: no longer needed")


# The statuses the worker still has to act on.
PENDING = (MessageStatus.QUEUED, MessageStatus.SENDING)
# The statuses a person has to do something about.
UNDELIVERED = (MessageStatus.FAILED, MessageStatus.BOUNCED)


class FailureReason(models.TextChoices):
    """Why a message was not delivered, in words the applicant can act on."""

    BAD_ADDRESS = "bad_address", _("the email address is not a valid address")
    RECIPIENT_REFUSED = (
        "recipient_refused",
        _("the recipient's mail server refused the address: check it is spelled right"),
    )
    REJECTED = "rejected", _("the recipient's mail server rejected the message")
    BOUNCED = "bounced", _("the message bounced: the address does not accept mail")
    SPAM_COMPLAINT = "spam_complaint", _("the recipient marked the message as unwanted")
    GAVE_UP = "gave_up", _("our mail server could not be reached for several days")
    RENDER_FAILED = "render_failed", _("the message could not be prepared")


class Message(TimestampedModel):
    kind = models.CharField(
        max_length=64, help_text=_("What the message is, e.g. reference_request.")
    )
    idempotency_key = models.CharField(
        max_length=200,
        help_text=_("The event that caused it; one message per event and recipient."),
    )
    recipient = models.CharField(max_length=254)
    language = models.CharField(max_length=16)
    # The object the message is about ("endorsements.referencerequest", "42"): a label and id
    # rather than a foreign key, so that every app may queue messages about its own rows.
    about_type = models.CharField(max_length=100, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    template = models.CharField(max_length=100)
    subject = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # Set for messages rendered on the worker: the registered renderer and its parameters.
    renderer = models.CharField(max_length=100, blank=True)
    render_params = models.JSONField(default=dict, blank=True)
    from_email = models.CharField(max_length=254)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The idempotency key of a message to the same recipient that must be sent first
    # ("you are endorsed" before "your certificate is ready").
    after_key = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    reason = models.CharField(max_length=24, choices=FailureReason.choices, blank=True)
    last_error = models.TextField(blank=True, help_text=_("The mail server's own words (staff)."))
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker's claim: only the holder of `claim` may record the outcome; a claim whose worker
    # died runs out at `claimed_until` and the message is sent again by the sweep.
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key", "recipient"], name="messaging_message_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="messaging_message_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason="") | Q(reason__in=FailureReason.values),
                name="messaging_message_reason_valid",
            ),
        ]
        indexes = [
            # The sweep: messages still to send, oldest due first.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["queued", "sending"]),
                name="messaging_pending_idx",
            ),
            # Delivery shown beside the object a message is about (a rater, a provider).
            models.Index(
                fields=["about_type", "about_id", "-created_at"], name="messaging_about_idx"
            ),
            # A bounce names the address; messages that wait on another name its key.
            models.Index(fields=["recipient", "-created_at"], name="messaging_recipient_idx"),
            models.Index(
                fields=["after_key"], condition=~Q(after_key=""), name="messaging_after_idx"
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.recipient} ({self.status})"

    @property
    def is_undelivered(self) -> bool:
        return self.status in UNDELIVERED

    @property
    def reason_text(self) -> str:
        return FailureReason(self.reason).label if self.reason else ""

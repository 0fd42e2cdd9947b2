"""Reference raters: invite through a signed, expiring link; resend; correct; answer once.

A link is `TimestampSigner(salt=TOKEN_SALT).sign_object({"r": id, "n": nonce})`. It works while
the signature is younger than REFERENCE_LINK_DAYS, the row's `expires_at` has not passed, the
nonce still matches (a resend or a corrected email draws a new one, so older links die) and the
rating is not yet completed. Anything else shows a clear page and changes nothing.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from core.mail import send_templated_email
from endorsements.models import Application, ApplicationStatus, RatingItem, ReferenceRequest

logger = logging.getLogger(__name__)

TOKEN_SALT = "endorsements.reference"
NOT_ENOUGH_INFO = "n"  # the form's value for "I do not have enough information"
# Raters are reminded only while the applicant can still use their answer.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.DEFERRED)


class ReferenceNotAllowed(Exception):
    """The applicant's request cannot be done (application not editable, duplicate rater...)."""


class ReferenceLinkError(Exception):
    """A link that is tampered with (`invalid`), `expired`, or already used (`completed`)."""

    def __init__(self, reason: str, reference: ReferenceRequest | None = None):
        super().__init__(reason)
        self.reason = reason
        self.reference = reference


def link_days() -> int:
    return getattr(settings, "REFERENCE_LINK_DAYS", 30)


def reference_token(*, reference: ReferenceRequest) -> str:
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    return signer.sign_object({"r": reference.pk, "n": reference.nonce})


def reference_link(*, reference: ReferenceRequest) -> str:
    token = reference_token(reference=reference)
    return settings.SITE_URL + reverse("endorsements:reference_rate", args=[token])


def _check_editable(application: Application) -> None:
    if not application.is_editable_by_applicant:
        raise ReferenceNotAllowed(
            "References can only be changed while the application is a draft or sent back "
            "for changes."
        )


def reminder_days() -> int:
    return getattr(settings, "REFERENCE_REMINDER_DAYS", 7)


def reminder_max() -> int:
    return getattr(settings, "REFERENCE_REMINDER_MAX", 3)


# Fields a new link resets (a new link starts a new round of reminders).
NEW_LINK_FIELDS = [
    "nonce",
    "sent_at",
    "opened_at",
    "expires_at",
    "last_reminded_at",
    "reminders_sent",
    "updated_at",
]


def _new_link(reference: ReferenceRequest, now: datetime) -> None:
    reference.nonce = secrets.token_urlsafe(24)
    reference.sent_at = now
    reference.opened_at = None
    reference.expires_at = now + timedelta(days=link_days())
    reference.last_reminded_at = None
    reference.reminders_sent = 0


@transaction.atomic
def reference_invite(
    *,
    application: Application,
    rater_name: str,
    rater_email: str,
    relationship: str,
    rater_endorsed: bool = False,
    rater_endorsement_number: str = "",
    applicant_waived_access: bool = False,
) -> ReferenceRequest:
    """Ask a rater for a reference. Raises ReferenceNotAllowed (not editable, rater already asked).

    Side effects, in order: one ReferenceRequest with a fresh nonce and expiry; the email to the
    rater with the link, queued in the outbox.
    """
    _check_editable(application)
    reference = ReferenceRequest(
        application=application,
        rater_name=rater_name.strip(),
        rater_email=rater_email.strip(),
        relationship=relationship,
        rater_endorsed=rater_endorsed,
        rater_endorsement_number=rater_endorsement_number.strip(),
        applicant_waived_access=applicant_waived_access,
    )
    _new_link(reference, timezone.now())
    try:
        with transaction.atomic():
            reference.save()
    except IntegrityError as exc:
        raise ReferenceNotAllowed(f"You have already asked {rater_email} for a reference.") from exc
    reference_email_send(reference_id=reference.pk)
    return reference


def _locked_open(reference: ReferenceRequest) -> ReferenceRequest:
    locked = (
        ReferenceRequest.objects.select_for_update()
        .select_related("application")
        .get(pk=reference.pk)
    )
    _check_editable(locked.application)
    if locked.completed_at is not None:
        raise ReferenceNotAllowed(f"{locked.rater_name} has already completed the rating.")
    return locked


@transaction.atomic
def reference_resend(*, reference: ReferenceRequest) -> ReferenceRequest:
    """Send the rater a new link; the old one stops working.

    Side effects, in order: the row locked; new nonce, sent_at and expires_at; the email to
    the rater queued in the outbox. Raises ReferenceNotAllowed when completed or not editable.
    """
    locked = _locked_open(reference)
    _new_link(locked, timezone.now())
    locked.save(update_fields=NEW_LINK_FIELDS)
    reference_email_send(reference_id=locked.pk)
    return locked


@transaction.atomic
def reference_email_correct(*, reference: ReferenceRequest, email: str) -> ReferenceRequest:
    """Correct the rater's email address and send a new link there; the old link dies.

    Side effects, in order: the row locked; email, nonce, sent_at and expires_at saved; the
    email to the new address queued in the outbox. Raises ReferenceNotAllowed (completed, not
    editable, or another rater on this application already has that address).
    """
    locked = _locked_open(reference)
    locked.rater_email = email.strip()
    _new_link(locked, timezone.now())
    try:
        with transaction.atomic():
            locked.save(update_fields=["rater_email", *NEW_LINK_FIELDS])
    except IntegrityError as exc:
        raise ReferenceNotAllowed(f"You have already asked {email} for a reference.") from exc
    reference_email_send(reference_id=locked.pk)
    return locked


@transaction.atomic
def reference_waiver_set(*, reference: ReferenceRequest, waived: bool) -> ReferenceRequest:
    """Waive (or, before the rater answers, take back the waiver of) access to the content.

    Once a rating is completed the waiver can be given but not taken back: the rater answered
    on that understanding. Side effects: the row's `applicant_waived_access`.
    """
    locked = (
        ReferenceRequest.objects.select_for_update()
        .select_related("application")
        .get(pk=reference.pk)
    )
    _check_editable(locked.application)
    if not waived and locked.completed_at is not None and locked.applicant_waived_access:
        raise ReferenceNotAllowed(
            "The rater answered knowing you had waived access, so the waiver stays."
        )
    locked.applicant_waived_access = waived
    locked.save(update_fields=["applicant_waived_access", "updated_at"])
    return locked


@transaction.atomic
def reference_remove(*, reference: ReferenceRequest) -> None:
    """Withdraw a request that is not completed (wrong person). Its link stops working.

    Side effects: the row deleted. Raises ReferenceNotAllowed when completed or not editable.
    """
    _locked_open(reference).delete()


def reference_email_send(*, reference_id: int, reminder: bool = False) -> int:
    """Email the rater their link (`reminder`: say it is a reminder). Side effects: one outbox
    message, once per link and reminder (none if the row is gone or already answered)."""
    reference = (
        ReferenceRequest.objects.select_related("application__applicant", "application__category")
        .filter(pk=reference_id, completed_at__isnull=True)
        .first()
    )
    if reference is None:
        return 0
    return send_templated_email(
        "reference_request",
        to=reference.rater_email,
        reply_to=[reference.application.applicant.email],
        context={
            "reference": reference,
            "applicant": reference.application.applicant,
            "category": reference.application.category,
            "link": reference_link(reference=reference),
            "reminder": reminder,
        },
        idempotency_key=(
            f"reference-request:{reference.pk}:{reference.nonce}:{reference.reminders_sent}"
            if reminder
            else f"reference-request:{reference.pk}:{reference.nonce}"
        ),
        kind="reference_reminder" if reminder else "reference_request",
        about=reference,
        reminder=reminder,
    )


def reference_reminders_send(*, now: datetime | None = None) -> int:
    """Remind every rater who has not answered an open link emailed `reminder_days()` ago or
    more, at most `reminder_max()` times per link, while the application can still change.

    Safe to run twice, even at the same moment: each request is claimed with a conditional
    update on last_reminded_at, and its reminder queued in the outbox, in one transaction, so
    only one run reminds it and a claim is never left without its email (the outbox sends it,
    however long the mail server is away). Returns the number of reminders queued. Side
    effects: per request, last_reminded_at and reminders_sent, and one outbox message.
    """
    now = now or timezone.now()
    due = (
        ReferenceRequest.objects.filter(
            completed_at__isnull=True,
            expires_at__gt=now,
            sent_at__isnull=False,
            reminders_sent__lt=reminder_max(),
            application__status__in=EDITABLE_STATUSES,
        )
        .annotate(last_emailed=Coalesce("last_reminded_at", "sent_at"))
        .filter(last_emailed__lte=now - timedelta(days=reminder_days()))
        .values_list("pk", "last_reminded_at")
    )
    sent = 0
    for pk, last in due:
        with transaction.atomic():
            if last is None:
                claimed = ReferenceRequest.objects.filter(pk=pk, last_reminded_at__isnull=True)
            else:
                claimed = ReferenceRequest.objects.filter(pk=pk, last_reminded_at=last)
            if not claimed.update(last_reminded_at=now, reminders_sent=F("reminders_sent") + 1):
                continue  # another run took it
            reference_email_send(reference_id=pk, reminder=True)
        sent += 1
    return sent


# --- The rater's side ---------------------------------------------------------------------------


def reference_resolve(*, token: str, now: datetime | None = None) -> ReferenceRequest:
    """The reference a link stands for. Raises ReferenceLinkError when it must not be used."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    expired = False
    try:
        data = signer.unsign_object(token, max_age=timedelta(days=link_days()))
    except signing.SignatureExpired:
        # Genuine but old: find the row to say when it ended.
        expired = True
        try:
            data = signer.unsign_object(token)
        except signing.BadSignature as exc:
            raise ReferenceLinkError("invalid") from exc
    except signing.BadSignature as exc:
        raise ReferenceLinkError("invalid") from exc
    if not isinstance(data, dict):
        raise ReferenceLinkError("invalid")
    reference = (
        ReferenceRequest.objects.select_related("application__applicant", "application__category")
        .filter(pk=data.get("r"))
        .first()
    )
    if reference is None or not constant_time_compare(str(data.get("n", "")), reference.nonce):
        raise ReferenceLinkError("invalid")
    if reference.completed_at is not None:
        raise ReferenceLinkError("completed", reference)
    if expired or (reference.expires_at and reference.expires_at <= (now or timezone.now())):
        raise ReferenceLinkError("expired", reference)
    return reference


def reference_open(*, reference: ReferenceRequest) -> ReferenceRequest:
    """Record that the rater opened the link (the first time only). Side effects: opened_at."""
    if reference.opened_at is None:
        now = timezone.now()
        ReferenceRequest.objects.filter(pk=reference.pk, opened_at__isnull=True).update(
            opened_at=now, updated_at=now
        )
        reference.opened_at = now
    return reference


@transaction.atomic
def reference_complete(
    *,
    reference: ReferenceRequest,
    ratings: dict[int, str],
    items: list[RatingItem],
    comments: str = "",
    rater_endorsed: bool = False,
    rater_endorsement_number: str = "",
) -> ReferenceRequest:
    """Record the rater's answers, once. `ratings`: {item id: "1".."5" or NOT_ENOUGH_INFO}.

    The row is locked and checked again, so a double submit or a link that expired while the
    page was open changes nothing (ReferenceLinkError). Side effects, in order: answers (with
    the items' wording frozen), counts, the rater's endorsement, completed_at; one outbox
    message telling the applicant (without the content).
    """
    locked = ReferenceRequest.objects.select_for_update().get(pk=reference.pk)
    if locked.completed_at is not None:
        raise ReferenceLinkError("completed", locked)
    if locked.expires_at and locked.expires_at <= timezone.now():
        raise ReferenceLinkError("expired", locked)
    answers = []
    for item in items:
        value = ratings.get(item.pk, NOT_ENOUGH_INFO)
        rating = None if value == NOT_ENOUGH_INFO else int(value)
        answers.append(
            {"item": item.pk, "domain": item.domain, "text": item.text, "rating": rating}
        )
    locked.answers = answers
    locked.not_enough_info_count = sum(1 for a in answers if a["rating"] is None)
    locked.comments = comments.strip()
    locked.rater_endorsed = rater_endorsed
    locked.rater_endorsement_number = rater_endorsement_number.strip()
    locked.completed_at = timezone.now()
    locked.save()
    reference_completed_email_send(reference_id=locked.pk)
    return locked


def reference_completed_email_send(*, reference_id: int) -> int:
    """Tell the applicant a rater answered. Side effects: one outbox message (once)."""
    reference = (
        ReferenceRequest.objects.select_related("application__applicant", "application__category")
        .filter(pk=reference_id)
        .first()
    )
    if reference is None:
        return 0
    application = reference.application
    return send_templated_email(
        "reference_completed",
        to=application.applicant.email,
        context={
            "reference": reference,
            "applicant": application.applicant,
            "category": application.category,
            "link": settings.SITE_URL
            + reverse("endorsements:reference_list", args=[application.pk]),
        },
        idempotency_key=f"reference-completed:{reference.pk}",
        kind="reference_completed",
        about=reference,
    )

"""Reference raters: invite through a signed, expiring link; resend; correct; answer once.

A link is a `core.links` token for the REFERENCE purpose carrying `{"r": id, "n": nonce}`. It
works while the signature is younger than REFERENCE_LINK_DAYS, the row's `expires_at` has not
passed, the nonce still matches (a resend or a corrected email draws a new one, so older links
die) and the rating is not yet completed. Anything else shows a clear page and changes nothing.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from core import links
from core.addresses import email_canonical, person_name_key
from core.audit import audit_record
from core.mail import send_templated_email
from core.models import AuditAction
from endorsements.models import (
    Application,
    ApplicationStatus,
    Endorsement,
    RatingItem,
    ReferenceRequest,
)
from endorsements.models.credentials import CURRENT_STATUSES
from endorsements.models.references import REFERENCE_LANGUAGES

logger = logging.getLogger(__name__)

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


def reference_language(language: str = "") -> str:
    """A language a rater's invitation can be written in: `language` if the portal has it,
    else the active one, else English."""
    codes = {code for code, _label in REFERENCE_LANGUAGES}
    for candidate in (language, translation.get_language() or ""):
        candidate = candidate.split("-")[0]
        if candidate in codes:
            return candidate
    return "en"


def reference_token(*, reference: ReferenceRequest) -> str:
    return links.link_token(links.REFERENCE, {"r": reference.pk, "n": reference.nonce})


def reference_link(*, reference: ReferenceRequest) -> str:
    token = reference_token(reference=reference)
    return settings.SITE_URL + reverse("endorsements:reference_rate", args=[token])


def _check_editable(application: Application) -> None:
    if not application.is_editable_by_applicant:
        raise ReferenceNotAllowed(
            _(
                "References can only be changed while the application is a draft or sent back "
                "for changes."
            )
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


def self_reference_problem(
    *, application: Application, email: str, exclude_pk: int | None = None
) -> str | None:
    """Why `email` cannot rate this application, or None: it reaches the applicant's own
    mailbox, or the mailbox of another rater on the same application (compared as mailboxes:
    case, +tags and Gmail dots do not make a different person)."""
    wanted = email_canonical(email)
    if wanted == email_canonical(application.applicant.email):
        return _("You cannot be your own reference rater: enter someone else's email address.")
    others = ReferenceRequest.objects.filter(application=application)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if any(
        email_canonical(other) == wanted for other in others.values_list("rater_email", flat=True)
    ):
        return _("Another of your raters already has this email address.")
    return None


def claimed_endorsement_verify(*, number: str, rater_name: str) -> Endorsement | None:
    """The current credential of this registry the claim stands for, or None: the number must
    be one of ours (any capitalisation) and its holder the rater, by the printed name or the
    holder's account name. Anything else stays "claimed, not verified" until a coordinator
    vets the rater."""
    number = (number or "").strip()
    if not number:
        return None
    candidates = Endorsement.objects.filter(
        number__iexact=number, status__in=CURRENT_STATUSES
    ).select_related("holder")
    wanted = person_name_key(rater_name)
    for endorsement in candidates:
        names = {
            person_name_key(endorsement.printed_name),
            person_name_key(endorsement.holder.full_name),
        }
        if wanted and wanted in names:
            return endorsement
    return None


def _claim(reference: ReferenceRequest, *, endorsed: bool, number: str) -> None:
    reference.rater_endorsed = endorsed
    reference.rater_endorsement_number = number.strip() if endorsed else ""
    reference.rater_endorsement = (
        claimed_endorsement_verify(number=number, rater_name=reference.rater_name)
        if endorsed
        else None
    )


def _new_link(reference: ReferenceRequest, now: datetime) -> None:
    reference.nonce = secrets.token_urlsafe(24)
    reference.sent_at = now
    reference.opened_at = None
    reference.expires_at = now + links.REFERENCE.max_age()
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
    language: str = "",
) -> ReferenceRequest:
    """Ask a rater for a reference. Raises ReferenceNotAllowed (not editable, the applicant's
    own address, or a rater already asked).

    `language` is the one the rater reads the invitation, reminders and the form in (the
    applicant's choice; default: the active language).

    Side effects, in order: the endorsement claim checked against this registry; one
    ReferenceRequest with a fresh nonce and expiry; the email to the rater with the link, in
    the rater's language, queued in the outbox.
    """
    _check_editable(application)
    problem = self_reference_problem(application=application, email=rater_email)
    if problem:
        raise ReferenceNotAllowed(problem)
    reference = ReferenceRequest(
        application=application,
        rater_name=rater_name.strip(),
        rater_email=rater_email.strip(),
        relationship=relationship,
        applicant_waived_access=applicant_waived_access,
        language=reference_language(language),
    )
    _claim(reference, endorsed=rater_endorsed, number=rater_endorsement_number)
    _new_link(reference, timezone.now())
    try:
        with transaction.atomic():
            reference.save()
    except IntegrityError as exc:
        raise ReferenceNotAllowed(
            _("You have already asked %(email)s for a reference.") % {"email": rater_email}
        ) from exc
    reference_email_send(reference_id=reference.pk)
    return reference


def _locked_open(reference: ReferenceRequest) -> ReferenceRequest:
    locked = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=reference.pk)
    )
    _check_editable(locked.application)
    if locked.completed_at is not None:
        raise ReferenceNotAllowed(
            _("%(name)s has already completed the rating.") % {"name": locked.rater_name}
        )
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
    editable, the applicant's own address, or another rater on this application already has it).
    """
    locked = _locked_open(reference)
    problem = self_reference_problem(
        application=locked.application, email=email, exclude_pk=locked.pk
    )
    if problem:
        raise ReferenceNotAllowed(problem)
    locked.rater_email = email.strip()
    _new_link(locked, timezone.now())
    try:
        with transaction.atomic():
            locked.save(update_fields=["rater_email", *NEW_LINK_FIELDS])
    except IntegrityError as exc:
        raise ReferenceNotAllowed(
            _("You have already asked %(email)s for a reference.") % {"email": email}
        ) from exc
    reference_email_send(reference_id=locked.pk)
    return locked


@transaction.atomic
def reference_waiver_set(*, reference: ReferenceRequest, waived: bool) -> ReferenceRequest:
    """Waive (or, before the rater opens the form, take back the waiver of) access to the
    rater's answers.

    Once the rater has opened the form the waiver can be given but not taken back: they
    answer on the understanding the form stated. Taken back before that, the rater gets a new
    link whose email says so (the old one, which promised the waiver, stops working), so the
    email they hold and the form always say the same. Side effects, in order: the row's
    `applicant_waived_access`; when taken back, a new link and its email queued in the outbox.
    Raises ReferenceNotAllowed.
    """
    locked = (
        ReferenceRequest.objects.select_for_update()
        .select_related("application")
        .get(pk=reference.pk)
    )
    _check_editable(locked.application)
    taking_back = not waived and locked.applicant_waived_access
    if taking_back and (locked.opened_at is not None or locked.completed_at is not None):
        raise ReferenceNotAllowed(
            _("The rater has opened the form knowing you had waived access, so the waiver stays.")
        )
    locked.applicant_waived_access = waived
    fields = ["applicant_waived_access", "updated_at"]
    new_link = taking_back and locked.sent_at is not None
    if new_link:
        _new_link(locked, timezone.now())
        fields = [*fields, *NEW_LINK_FIELDS]
    locked.save(update_fields=sorted(set(fields)))
    if new_link:
        reference_email_send(reference_id=locked.pk)
    return locked


@transaction.atomic
def reference_vet(
    *, reference: ReferenceRequest, actor, note: str, vetted: bool = True
) -> ReferenceRequest:
    """A coordinator accepts a rater as endorsed although the claim could not be verified here
    (or withdraws that), saying why. Side effects, in order: the row's vetting (who, when,
    the note); the audit row. Raises ReferenceNotAllowed without a note when vetting."""
    note = note.strip()
    if vetted and not note:
        raise ReferenceNotAllowed(_("Say why this rater counts as endorsed."))
    locked = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=reference.pk)
    )
    locked.vetted = vetted
    locked.vetted_note = note[:300]
    locked.vetted_by = actor if vetted else None
    locked.vetted_at = timezone.now() if vetted else None
    locked.save(update_fields=["vetted", "vetted_note", "vetted_by", "vetted_at", "updated_at"])
    audit_record(
        action=AuditAction.RATER_VETTED,
        actor=actor,
        target=locked,
        details={
            "vetted": vetted,
            "note": locked.vetted_note,
            "claimed_number": locked.rater_endorsement_number,
        },
        application_id=locked.application_id,
        subject=locked.application.applicant,
    )
    reference.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
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
        # The rater has no account: the invitation, its re-sends and reminders are written in
        # the language the applicant chose for them.
        language=reference.language,
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
    expired = False
    try:
        data = links.link_payload(links.REFERENCE, token)
    except links.LinkExpired as exc:
        # Genuine but old: find the row to say when it ended.
        expired, data = True, exc.payload
    except links.LinkInvalid as exc:
        raise ReferenceLinkError("invalid") from exc
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
    the items' wording frozen), counts, the rater's endorsement claim (checked against this
    registry), completed_at; one outbox message telling the applicant (without the content).
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
    _claim(locked, endorsed=rater_endorsed, number=rater_endorsement_number)
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
        # Sent while the rater's language is active: without a choice on their account the
        # applicant reads the portal's default, not the language the rater answered in.
        language=application.applicant.preferred_language or settings.LANGUAGE_CODE,
    )

"""Provider attestation: one signed, expiring link per batch of sessions, answered once."""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import User
from core import links
from core.mail import send_templated_email

from ..models import ATTESTATION_EMAIL_KINDS, AttestationRequest, Provider, SupervisionSession
from .sessions import session_status_change

logger = logging.getLogger(__name__)

Status = SupervisionSession.Status


class AttestationError(Exception):
    """Asking for attestation is not possible (no email, nothing to confirm)."""


class AttestationLinkError(Exception):
    """A link that is tampered with (`invalid`), `expired`, or already answered (`completed`)."""

    def __init__(self, reason: str, request: AttestationRequest | None = None):
        super().__init__(reason)
        self.reason = reason
        self.request = request


def reminder_days() -> int:
    return getattr(settings, "RSC_ATTESTATION_REMINDER_DAYS", 7)


def attestation_token(*, request: AttestationRequest) -> str:
    return links.link_token(links.RSC_ATTESTATION, {"r": request.pk, "n": request.nonce})


def attestation_link(*, request: AttestationRequest) -> str:
    token = attestation_token(request=request)
    return settings.SITE_URL + reverse("reflective_supervision:attest", args=[token])


def open_requests_q(now: datetime | None = None):
    """Filter kwargs for requests still waiting for an answer."""
    return {"completed_at__isnull": True, "expires_at__gt": now or timezone.now()}


def askable_sessions(*, supervisee: User, provider: Provider):
    """Unconfirmed sessions with `provider` that no open request already covers."""
    in_open = AttestationRequest.objects.filter(sessions=OuterRef("pk"), **open_requests_q())
    return SupervisionSession.objects.filter(
        supervisee=supervisee, provider=provider, status=Status.UNCONFIRMED
    ).exclude(Exists(in_open))


def request_language(language: str = "") -> str:
    """The language a request is written in: the one chosen, else the page's (the supervisee's
    own language as they ask), else the portal's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language in codes:
        return language
    current = (translation.get_language() or "").split("-")[0]
    return current if current in codes else settings.LANGUAGE_CODE


@transaction.atomic
def attestation_request_send(
    *, supervisee: User, provider: Provider, language: str = ""
) -> AttestationRequest:
    """Ask `provider` to confirm every unconfirmed session of `supervisee` not yet asked about,
    in `language` (the emails and the provider's pages; default: the active language).

    Raises AttestationError when the provider has no email or there is nothing to ask.
    Side effects, in order: the provider row locked (two clicks never make two batches); one
    AttestationRequest with its sessions; the email to the provider queued in the outbox.
    """
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not provider.email:
        raise AttestationError(
            _("Add an email address for %(name)s first.") % {"name": provider.name}
        )
    sessions = list(askable_sessions(supervisee=supervisee, provider=provider).only("pk"))
    if not sessions:
        raise AttestationError(
            _("There are no unconfirmed sessions to send to %(name)s.") % {"name": provider.name}
        )
    request = AttestationRequest.objects.create(
        provider=provider,
        supervisee=supervisee,
        nonce=secrets.token_urlsafe(24),
        expires_at=timezone.now() + links.RSC_ATTESTATION.max_age(),
        language=request_language(language),
    )
    request.sessions.add(*sessions)
    attestation_email_send(request=request, reminder=False)
    return request


def attestation_email_send(*, request: AttestationRequest, reminder: bool) -> int:
    """Email the provider the request's link. Side effects: one outbox message, once per link
    and reminder."""
    request = (
        AttestationRequest.objects.select_related("provider", "supervisee")
        .filter(pk=request.pk)
        .first()
    )
    if request is None:
        return 0
    return send_templated_email(
        "rsc_attestation_request",
        to=request.provider.email,
        reply_to=[request.supervisee.email],
        context={
            "request": request,
            "provider": request.provider,
            "supervisee": request.supervisee,
            "count": request.sessions.count(),
            "link": attestation_link(request=request),
            "reminder": reminder,
        },
        idempotency_key=(
            f"rsc-attestation:{request.pk}:{request.nonce}:{request.reminders_sent}"
            if reminder
            else f"rsc-attestation:{request.pk}:{request.nonce}"
        ),
        kind=ATTESTATION_EMAIL_KINDS[1] if reminder else ATTESTATION_EMAIL_KINDS[0],
        about=request,
        reminder=reminder,
        # The provider has no account: the language the supervisee chose for them.
        language=request.language,
    )


def _new_link(request: AttestationRequest) -> None:
    request.nonce = secrets.token_urlsafe(24)
    request.expires_at = timezone.now() + links.RSC_ATTESTATION.max_age()
    request.opened_at = None
    request.last_reminded_at = None
    request.reminders_sent = 0


def _locked_open_request(request: AttestationRequest) -> AttestationRequest:
    locked = (
        AttestationRequest.objects.select_for_update(of=("self",))
        .select_related("provider", "supervisee")
        .get(pk=request.pk)
    )
    if locked.completed_at is not None:
        raise AttestationError(
            _("%(name)s has already answered this request.") % {"name": locked.provider.name}
        )
    return locked


@transaction.atomic
def attestation_request_resend(*, request: AttestationRequest) -> AttestationRequest:
    """Send the provider a new link for the same sessions; the old link stops working.

    Side effects, in order: the request locked; a new nonce and expiry, reminders reset; the
    email queued in the outbox. Raises AttestationError when the provider already answered.
    """
    locked = _locked_open_request(request)
    _new_link(locked)
    locked.save(
        update_fields=[
            "nonce",
            "expires_at",
            "opened_at",
            "last_reminded_at",
            "reminders_sent",
            "updated_at",
        ]
    )
    attestation_email_send(request=locked, reminder=False)
    return locked


@transaction.atomic
def attestation_request_email_correct(
    *, request: AttestationRequest, email: str
) -> AttestationRequest:
    """Correct the provider's email address (a typo) and send a new link there.

    Only for a provider the supervisee alone named, with no portal account and not vetted by
    the coordinator: anyone else's provider record is not theirs to change. Side effects, in
    order: the request and provider locked; the provider's email saved; a new link and its
    email queued (see `attestation_request_resend`). Raises AttestationError.
    """
    locked = _locked_open_request(request)
    provider = Provider.objects.select_for_update().get(pk=locked.provider_id)
    email = email.strip()
    shared = (
        provider.user_id is not None
        or provider.vetted
        or provider.supervisees.exclude(pk=locked.supervisee_id).exists()
    )
    if shared:
        raise AttestationError(
            _(
                "Other people's records use %(name)s's address, so it can only be changed by "
                "the coordinator. Reply to any email from us to ask them."
            )
            % {"name": provider.name}
        )
    if Provider.objects.filter(email__iexact=email).exclude(pk=provider.pk).exists():
        raise AttestationError(
            _(
                "Another provider already has the address %(email)s: change your sessions "
                "to that provider instead."
            )
            % {"email": email}
        )
    provider.email = email
    provider.save(update_fields=["email", "updated_at"])
    return attestation_request_resend(request=locked)


def attestation_request_open(*, request: AttestationRequest) -> None:
    """Record that the provider opened the link (the first time). Side effects: opened_at."""
    if request.opened_at is None:
        now = timezone.now()
        AttestationRequest.objects.filter(pk=request.pk, opened_at__isnull=True).update(
            opened_at=now, updated_at=now
        )
        request.opened_at = now


def attestation_request_resolve(*, token: str, now: datetime | None = None) -> AttestationRequest:
    """The request a link stands for. Raises AttestationLinkError when it must not be used."""
    expired = False
    try:
        data = links.link_payload(links.RSC_ATTESTATION, token)
    except links.LinkExpired as exc:
        # Genuine but old: find the row to say when it ended.
        expired, data = True, exc.payload
    except links.LinkInvalid as exc:
        raise AttestationLinkError("invalid") from exc
    request = (
        AttestationRequest.objects.select_related("provider", "supervisee")
        .filter(pk=data.get("r"))
        .first()
    )
    if request is None or not constant_time_compare(str(data.get("n", "")), request.nonce):
        raise AttestationLinkError("invalid")
    if request.completed_at is not None:
        raise AttestationLinkError("completed", request)
    if expired or request.expires_at <= (now or timezone.now()):
        raise AttestationLinkError("expired", request)
    return request


def attestation_request_sessions(*, request: AttestationRequest):
    """The sessions a provider answers for: still theirs and still waiting (never private notes)."""
    return (
        request.sessions.filter(
            provider_id=request.provider_id, supervisee_id=request.supervisee_id
        )
        .defer("private_notes")
        .order_by("date", "id")
    )


@transaction.atomic
def attestation_request_complete(
    *, request: AttestationRequest, answers: dict[int, tuple[str, str]]
) -> AttestationRequest:
    """Record the provider's answers: {session id: (confirmed|disputed, comment)}, once.

    The request row is locked and checked again, so a double submit or a link that expired while
    the page was open changes nothing (AttestationLinkError). Sessions changed since the link was
    sent (no longer unconfirmed) are left alone.
    Side effects, in order: each answered session's status + history row; completed_at; one
    outbox message telling the supervisee.
    """
    request = AttestationRequest.objects.select_for_update().get(pk=request.pk)
    if request.completed_at is not None:
        raise AttestationLinkError("completed", request)
    if request.expires_at <= timezone.now():
        raise AttestationLinkError("expired", request)
    for session in attestation_request_sessions(request=request).filter(status=Status.UNCONFIRMED):
        if session.pk not in answers:
            continue
        to, comment = answers[session.pk]
        if to not in (Status.CONFIRMED, Status.DISPUTED):
            continue
        session_status_change(
            session=session,
            to=to,
            comment=comment.strip(),
            # A code, not prose: the history is read in the reader's language.
            note=f"answered_by_provider:request={request.pk}",
        )
    request.completed_at = timezone.now()
    request.save(update_fields=["completed_at", "updated_at"])
    attestation_answered_email_send(request_id=request.pk)
    return request


def attestation_answered_email_send(*, request_id: int) -> int:
    request = (
        AttestationRequest.objects.select_related("provider", "supervisee")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    sessions = list(attestation_request_sessions(request=request))
    return send_templated_email(
        "rsc_attestation_answered",
        to=request.supervisee.email,
        context={
            "request": request,
            "provider": request.provider,
            "supervisee": request.supervisee,
            "confirmed": sum(s.status == Status.CONFIRMED for s in sessions),
            "disputed": sum(s.status == Status.DISPUTED for s in sessions),
            "log_url": settings.SITE_URL + reverse("reflective_supervision:log"),
        },
        idempotency_key=f"rsc-attestation-answered:{request.pk}",
        kind="rsc_attestation_answered",
        about=request,
    )


def attestation_reminders_send(*, now: datetime | None = None) -> int:
    """Re-send the link of every open request last emailed `reminder_days()` ago or more.

    Safe to run twice, even at the same moment: each request is claimed with a conditional
    update on last_reminded_at, and its reminder queued in the outbox, in one transaction, so
    only one run reminds it and no claim is left without its email.
    Returns the number of reminders queued. Side effects: per request, last_reminded_at and
    reminders_sent, and one outbox message.
    """
    now = now or timezone.now()
    due_before = now - timedelta(days=reminder_days())
    due = (
        AttestationRequest.objects.filter(**open_requests_q(now))
        .annotate(last_emailed=Coalesce("last_reminded_at", "created_at"))
        .filter(last_emailed__lte=due_before)
        .values_list("pk", "last_reminded_at")
    )
    sent = 0
    for pk, last in due:
        with transaction.atomic():
            claimed = AttestationRequest.objects.filter(pk=pk, last_reminded_at=last)
            if last is None:
                claimed = AttestationRequest.objects.filter(pk=pk, last_reminded_at__isnull=True)
            if not claimed.update(last_reminded_at=now, reminders_sent=_plus_one()):
                continue  # another run took it
            attestation_email_send(request=AttestationRequest(pk=pk), reminder=True)
        sent += 1
    return sent


def _plus_one(step: int = 1):
    return F("reminders_sent") + step

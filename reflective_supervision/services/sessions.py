"""Writes for providers and session logs."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import AuditAction
from core.transitions import HistoryAudience, TransitionNotAllowed, transition

from ..models import AttestationRequest, Provider, SessionStatusChange, SupervisionSession

Status = SupervisionSession.Status

# The facts a provider attests to: changing any of them after an answer asks the provider again.
ATTESTED_FIELDS = ("date", "duration_minutes", "format", "group_size", "modality", "focus")


class StatusTransitionError(TransitionNotAllowed):
    """A status change the TRANSITIONS table does not allow."""


@dataclass(frozen=True)
class SessionFacts:
    """What a supervisee says about one session (forms and the CSV import build these)."""

    date: date
    duration_minutes: int
    format: str
    modality: str
    focus: str
    group_size: int | None = None
    private_notes: str = ""
    age_band: str = ""  # the ages the RSC was about ("" = not said)


@dataclass(frozen=True)
class NewProvider:
    """A provider the person names in a form (found by email or created when logging)."""

    name: str
    email: str = ""


ProviderSpec = Provider | NewProvider | None


def _provider_resolve(*, supervisee: User, provider: ProviderSpec) -> Provider | None:
    if isinstance(provider, NewProvider):
        return provider_get_or_create(
            supervisee=supervisee, name=provider.name, email=provider.email
        )
    return provider


def provider_get_or_create(
    *,
    supervisee: User,
    name: str,
    email: str = "",
    endorsement_number: str = "",
    association_name: str = "",
) -> Provider:
    """The provider with this email (any capitalisation), created if new, in `supervisee`'s list.

    Without an email the provider is matched by name among the supervisee's own providers only:
    a name alone is too weak to merge two people's entries. A new provider whose email belongs to
    a portal account is linked to it, so their endorsements are known.
    Side effects: maybe a Provider row; the supervisee added to its supervisees.
    """
    name, email = name.strip(), email.strip().lower()
    provider = None
    if email:
        provider = Provider.objects.filter(email__iexact=email).first()
        if provider is None:
            try:
                with transaction.atomic():
                    provider = Provider.objects.create(
                        name=name,
                        email=email,
                        endorsement_number=endorsement_number.strip(),
                        association_name=association_name.strip(),
                        user=User.objects.filter(email__iexact=email).first(),
                    )
            except IntegrityError:
                # Someone named the same provider at the same moment: use their row.
                provider = Provider.objects.get(email__iexact=email)
    else:
        provider = supervisee.rsc_providers.filter(email="", name__iexact=name).first()
        if provider is None:
            provider = Provider.objects.create(
                name=name,
                endorsement_number=endorsement_number.strip(),
                association_name=association_name.strip(),
            )
    provider.supervisees.add(supervisee)
    return provider


def provider_vet(*, provider: Provider, by: User, note: str, vetted: bool = True) -> Provider:
    """A coordinator records that an outside provider is (or is no longer) vetted, and why.

    Side effects: the provider row (vetted, vetted_note, vetted_by, vetted_at); the audit row.
    """
    provider.vetted = vetted
    provider.vetted_note = note.strip()
    provider.vetted_by = by
    provider.vetted_at = timezone.now() if vetted else None
    provider.save(update_fields=["vetted", "vetted_note", "vetted_by", "vetted_at", "updated_at"])
    audit_record(
        action=AuditAction.PROVIDER_VETTED,
        actor=by,
        target=provider,
        details={"vetted": vetted, "note": provider.vetted_note},
    )
    return provider


@transaction.atomic
def session_status_change(
    *,
    session: SupervisionSession,
    to: str,
    by: User | None = None,
    note: str = "",
    comment: str | None = None,
) -> SupervisionSession:
    """The one place that assigns a session's attestation status (core.transitions.transition).

    Side effects, in order: the session locked and re-read; the move checked against
    SupervisionSession.TRANSITIONS (StatusTransitionError, also for a move to the status it
    already has); status, attested_at and the provider's comment saved together; one
    SessionStatusChange row (audience: applicant and staff). `note` is a code, never prose.
    """
    fields = (
        {"attested_at": None, "provider_comment": ""}
        if to == Status.UNCONFIRMED
        else {"attested_at": timezone.now(), "provider_comment": comment or ""}
    )

    def history(locked: SupervisionSession, current: str) -> None:
        SessionStatusChange.objects.create(
            session=locked,
            from_status=current,
            to_status=to,
            changed_by=by,
            note=note[:300],
            audience=HistoryAudience.APPLICANT,
        )

    try:
        return transition(
            instance=session,
            to=to,
            table=SupervisionSession.TRANSITIONS,
            history=history,
            fields=fields,
        )
    except TransitionNotAllowed as exc:
        raise StatusTransitionError(exc.current, exc.target) from exc


@transaction.atomic
def supervision_session_log(
    *, supervisee: User, facts: SessionFacts, provider: ProviderSpec
) -> SupervisionSession:
    """Log one session. `provider=None` means peer supervision (logged, never counted).

    Side effects: maybe a new Provider (a NewProvider named for the first time); one session row.
    """
    provider = _provider_resolve(supervisee=supervisee, provider=provider)
    return SupervisionSession.objects.create(
        supervisee=supervisee,
        provider=provider,
        peer=provider is None,
        **_fact_fields(facts),
    )


@transaction.atomic
def supervision_sessions_log_many(
    *, supervisee: User, entries: list[tuple[SessionFacts, ProviderSpec]]
) -> list[SupervisionSession]:
    """Log several sessions at once, all or none (quick entry, CSV import).

    Side effects: maybe a new Provider per NewProvider; the session rows, in one transaction.
    """
    # provider_get_or_create matches by email, else by name among the person's providers, so
    # rows naming one provider in different ways still share a row.
    resolved: dict[NewProvider, Provider] = {}
    for _, spec in entries:
        if isinstance(spec, NewProvider) and spec not in resolved:
            resolved[spec] = _provider_resolve(supervisee=supervisee, provider=spec)
    entries = [(f, resolved[p] if isinstance(p, NewProvider) else p) for f, p in entries]
    return SupervisionSession.objects.bulk_create(
        [
            SupervisionSession(
                supervisee=supervisee,
                provider=provider,
                peer=provider is None,
                **_fact_fields(facts),
            )
            for facts, provider in entries
        ]
    )


@transaction.atomic
def supervision_session_update(
    *, session: SupervisionSession, facts: SessionFacts, provider: ProviderSpec, by: User
) -> bool:
    """Change a logged session. Returns True when a provider's answer was reset by the change.

    Changing an attested fact (date, length, format, group size, modality, focus, provider) of a
    confirmed or disputed session sends it back to unconfirmed: the provider never confirmed the
    new facts. A session moved to another provider leaves the old provider's open request.
    Side effects, in order: the session row; maybe a status change row; maybe a removal from
    an open attestation request.
    """
    provider = _provider_resolve(supervisee=session.supervisee, provider=provider)
    new = _fact_fields(facts)
    old_provider_id = session.provider_id
    changed = old_provider_id != (provider.pk if provider else None) or any(
        getattr(session, f) != new[f] for f in ATTESTED_FIELDS
    )
    reset = changed and session.status != Status.UNCONFIRMED
    if reset:
        # Before the new facts are set: the transition re-reads the locked row into `session`.
        session_status_change(
            session=session, to=Status.UNCONFIRMED, by=by, note="changed_after_answer"
        )
    for field, value in new.items():
        setattr(session, field, value)
    session.provider = provider
    session.peer = provider is None
    session.save()
    if old_provider_id != session.provider_id:
        for request in AttestationRequest.objects.filter(
            sessions=session, completed_at__isnull=True
        ):
            request.sessions.remove(session)
    return reset


def supervision_session_delete(*, session: SupervisionSession) -> None:
    """Delete a logged session (and its history; attestation requests simply lose it)."""
    session.delete()


def quick_entry_dates(*, start: date, every_weeks: int, count: int) -> list[date]:
    """`count` dates from `start`, every `every_weeks` weeks (the quick-entry preview)."""
    return [start + timedelta(weeks=every_weeks * i) for i in range(count)]


def _fact_fields(facts: SessionFacts) -> dict:
    group = facts.format == SupervisionSession.Format.GROUP
    return {
        "date": facts.date,
        "duration_minutes": facts.duration_minutes,
        "format": facts.format,
        "group_size": facts.group_size if group else None,
        "modality": facts.modality,
        "focus": facts.focus,
        "age_band": facts.age_band,
        "private_notes": facts.private_notes,
    }

"""Reads for reflective supervision, for our views and for the `endorsements` app.

`endorsements` decides which sessions count (provider eligible on the session date, inside the
window, not peer supervision); these selectors hand it the plain facts.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import AttestationRequest, Provider, StagedImport, SupervisionSession, minutes_to_hours

Status = SupervisionSession.Status


def sessions_for_user(
    *, user: User, start: date | None = None, end: date | None = None
) -> QuerySet[SupervisionSession]:
    """A person's sessions (newest first), provider loaded, optionally from `start` to `end`
    inclusive. Peer sessions are included (provider None, peer True): the caller decides."""
    qs = SupervisionSession.objects.filter(supervisee=user).select_related("provider")
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return qs.order_by("-date", "-id")


def providers_for_user(user: User) -> QuerySet[Provider]:
    """The providers this person has named, by name (their provider list)."""
    return Provider.objects.filter(supervisees=user).select_related("user").order_by("name", "id")


def session_get_for_user(*, user: User, pk: int) -> SupervisionSession:
    """One of `user`'s sessions; 404 for anyone else's, so existence does not leak."""
    return get_object_or_404(
        SupervisionSession.objects.select_related("provider"), pk=pk, supervisee=user
    )


def provider_get_for_user(*, user: User, pk: int) -> Provider:
    return get_object_or_404(Provider.objects.filter(supervisees=user), pk=pk)


def session_log_for_user(
    *,
    user: User,
    provider_id: int | None = None,
    peer: bool = False,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[SupervisionSession]:
    """The log page's sessions: sessions_for_user filtered by provider (or peer) and dates."""
    qs = sessions_for_user(user=user, start=start, end=end)
    if peer:
        qs = qs.filter(peer=True)
    elif provider_id is not None:
        qs = qs.filter(provider_id=provider_id)
    return qs


def sessions_with_awaiting(sessions: QuerySet[SupervisionSession]) -> QuerySet[SupervisionSession]:
    """Mark each session `awaiting` when an open attestation request covers it (the provider has
    been asked and has not answered yet)."""
    open_requests = AttestationRequest.objects.filter(
        sessions=OuterRef("pk"), completed_at__isnull=True, expires_at__gt=timezone.now()
    )
    return sessions.annotate(awaiting=Exists(open_requests))


@dataclass
class TotalsRow:
    label: str
    count: int
    minutes: int
    key: object = None

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


@dataclass
class SessionTotals:
    """Hours of a set of sessions, overall and split by provider, status and focus."""

    count: int = 0
    minutes: int = 0
    by_provider: list[TotalsRow] = field(default_factory=list)
    by_status: list[TotalsRow] = field(default_factory=list)
    by_focus: list[TotalsRow] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


def session_totals(sessions: QuerySet[SupervisionSession]) -> SessionTotals:
    """Totals of any session queryset: three grouped queries (provider, status, focus)."""
    sessions = sessions.order_by()
    totals = SessionTotals()
    rows = (
        sessions.values("provider_id", "provider__name", "peer")
        .annotate(n=Count("id"), m=Sum("duration_minutes"))
        .order_by("-m", "provider__name")
    )
    for row in rows:
        label = _("Peer supervision (no provider)") if row["peer"] else row["provider__name"]
        totals.by_provider.append(TotalsRow(label, row["n"], row["m"], row["provider_id"]))
        totals.count += row["n"]
        totals.minutes += row["m"]
    by_status = {
        row["status"]: row
        for row in sessions.values("status").annotate(n=Count("id"), m=Sum("duration_minutes"))
    }
    for status in Status:
        row = by_status.get(status.value, {"n": 0, "m": 0})
        totals.by_status.append(TotalsRow(status.label, row["n"], row["m"] or 0, status.value))
    by_focus = {
        row["focus"]: row
        for row in sessions.values("focus").annotate(n=Count("id"), m=Sum("duration_minutes"))
    }
    for focus in SupervisionSession.Focus:
        row = by_focus.get(focus.value, {"n": 0, "m": 0})
        totals.by_focus.append(TotalsRow(focus.label, row["n"], row["m"] or 0, focus.value))
    return totals


def session_totals_for_user(
    *, user: User, start: date | None = None, end: date | None = None
) -> SessionTotals:
    """A person's RSC totals from `start` to `end` inclusive (every session, counted or not)."""
    return session_totals(sessions_for_user(user=user, start=start, end=end))


@dataclass
class AskRow:
    provider_id: int
    provider_name: str
    provider_email: str
    count: int


def attestation_asks_for_user(*, user: User) -> list[AskRow]:
    """Per provider, how many unconfirmed sessions no open request covers yet (one query):
    the "Ask <provider> to confirm N sessions" buttons on the log page."""
    open_requests = AttestationRequest.objects.filter(
        sessions=OuterRef("pk"), completed_at__isnull=True, expires_at__gt=timezone.now()
    )
    rows = (
        SupervisionSession.objects.filter(supervisee=user, status=Status.UNCONFIRMED, peer=False)
        .exclude(Exists(open_requests))
        .values("provider_id", "provider__name", "provider__email")
        .annotate(n=Count("id"))
        .order_by("provider__name")
    )
    return [
        AskRow(r["provider_id"], r["provider__name"], r["provider__email"], r["n"]) for r in rows
    ]


def open_requests_for_user(*, user: User) -> QuerySet[AttestationRequest]:
    """Requests still waiting for the provider, with the provider and the number of sessions."""
    return (
        AttestationRequest.objects.filter(
            supervisee=user, completed_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("provider")
        .annotate(session_count=Count("sessions"))
        .order_by("expires_at")
    )


def open_request_get_for_user(*, user: User, pk: int) -> AttestationRequest:
    """One of `user`'s requests still waiting for an answer; 404 otherwise."""
    return get_object_or_404(
        AttestationRequest.objects.select_related("provider"),
        pk=pk,
        supervisee=user,
        completed_at__isnull=True,
    )


def open_requests_with_delivery(*, user: User) -> list[AttestationRequest]:
    """`open_requests_for_user`, each with `delivery`: the newest email of its link (or None),
    read in one query for all of them."""
    from messaging.selectors import latest_messages_about

    from .models import ATTESTATION_EMAIL_KINDS

    requests = list(open_requests_for_user(user=user))
    latest = latest_messages_about(requests, kinds=ATTESTATION_EMAIL_KINDS)
    for request in requests:
        request.delivery = latest.get(request.pk)
    return requests


def undelivered_requests_for_user(*, user: User) -> list[AttestationRequest]:
    """Open requests whose email did not arrive (failed or bounced): the thing to fix."""
    return [
        r
        for r in open_requests_with_delivery(user=user)
        if r.delivery and r.delivery.is_undelivered
    ]


def staged_import_get_for_user(*, user: User, pk: int) -> StagedImport:
    return get_object_or_404(StagedImport, pk=pk, supervisee=user)

"""Reads for certificates, verification and renewals, with the access checks as selectors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.transitions import HistoryAudience, history_for
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.models.credentials import CURRENT_STATUSES

from .models import (
    COORDINATOR_QUEUE,
    CredentialRequest,
    RenewalStatus,
    RenewalSubmission,
    RequestStatus,
)

# What the public sees of each status: (key, label, current). "Current" is the one set every
# page and report reads (CURRENT_STATUSES), so verification agrees with the registry.
PUBLIC_STATUS = {
    EndorsementStatus.ACTIVE: ("active", _("Active"), True),
    EndorsementStatus.EMERGING: ("emerging", _("Active (emerging)"), True),
    EndorsementStatus.SUSPENDED: ("suspended", _("Suspended"), False),
    EndorsementStatus.LAPSED: ("lapsed", _("Lapsed: not renewed"), False),
    EndorsementStatus.REVOKED: ("revoked", _("Revoked"), False),
    EndorsementStatus.ARCHIVED: ("archived", _("Archived by the holder"), False),
}


def public_status_label(key: str) -> str:
    """The words for a public status key ("active", as in verification_facts), in the
    reader's language; an unknown key is returned as it is."""
    labels = {code: label for code, label, _current in PUBLIC_STATUS.values()}
    return str(labels.get(key, key))


def is_renewal_staff(user: User) -> bool:
    return user.is_authenticated and user.is_coordinator


def can_see_certificates(user: User) -> bool:
    return user.is_authenticated and (user.is_coordinator or user.is_registry_admin)


def endorsements_for_holder(*, user: User) -> list[Endorsement]:
    """The person's credentials, newest first, each with its renewals (newest first) as
    `renewal_list`. Two queries: endorsements with categories, their renewals."""
    return list(
        Endorsement.objects.filter(holder=user)
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "renewals",
                queryset=RenewalSubmission.objects.order_by("-submitted_at", "-pk"),
                to_attr="renewal_list",
            )
        )
        .order_by("-issued_on", "-pk")
    )


def endorsement_get_for_holder(*, user: User, pk: int) -> Endorsement:
    """One of the user's own credentials; 404 for anyone else's."""
    return get_object_or_404(
        Endorsement.objects.select_related("category", "holder"), pk=pk, holder=user
    )


def endorsement_get_for_certificate(*, user: User, pk: int) -> Endorsement:
    """A credential whose certificate `user` may download: the holder's own, or any for
    coordinators and registry admins. 404 otherwise."""
    endorsement = get_object_or_404(Endorsement.objects.select_related("category", "holder"), pk=pk)
    if endorsement.holder_id != user.pk and not can_see_certificates(user):
        raise Http404(_("No such endorsement."))
    return endorsement


def endorsement_get_by_code(*, code: str) -> Endorsement | None:
    return Endorsement.objects.select_related("category").filter(verification_code=code).first()


def verification_facts(endorsement: Endorsement) -> dict:
    """Exactly what the public may see of a credential, nothing else."""
    key, label, current = PUBLIC_STATUS[endorsement.status]
    return {
        "name": endorsement.printed_name,
        "category": endorsement.category.name,
        "category_code": endorsement.category.code,
        "number": endorsement.number,
        "valid_through": endorsement.valid_through.isoformat(),
        "status": key,
        "status_label": str(label),
        "current": current,
    }


def credential_search(*, q: str = "") -> QuerySet[Endorsement]:
    """Credentials for staff, newest first, narrowed by name, email or number (one query a
    page, with holder and category)."""
    qs = Endorsement.objects.select_related("holder", "category")
    for word in q.split()[:5]:
        qs = qs.filter(
            Q(printed_name__icontains=word)
            | Q(number__icontains=word)
            | Q(holder__email__icontains=word)
            | Q(holder__family_name__icontains=word)
            | Q(holder__given_name__icontains=word)
        )
    return qs.order_by("-issued_on", "-pk")


def credential_get_for_staff(*, user: User, pk: int) -> Endorsement:
    """A credential a coordinator may look after; 404 for anyone else."""
    if not is_renewal_staff(user):
        raise Http404(_("No such endorsement."))
    return get_object_or_404(
        Endorsement.objects.select_related("holder", "category", "application"), pk=pk
    )


def credential_history(endorsement: Endorsement, *, audience: str = HistoryAudience.APPLICANT):
    """The credential's history for `audience` (the holder's by default: no staff rows)."""
    events = endorsement.events.select_related("actor").order_by("effective_on", "pk")
    return list(history_for(events, audience=audience))


def request_history(request: CredentialRequest, *, audience: str = HistoryAudience.APPLICANT):
    """A holder's request's history for `audience` (the holder's by default: no staff rows)."""
    events = request.events.select_related("actor").order_by("created_at", "pk")
    return list(history_for(events, audience=audience))


def requests_waiting() -> QuerySet[CredentialRequest]:
    """Holders' requests waiting for a coordinator, oldest first (one query)."""
    return (
        CredentialRequest.objects.filter(status=RequestStatus.REQUESTED)
        .select_related("endorsement__holder", "endorsement__category")
        .order_by("created_at", "pk")
    )


def request_get_for_staff(*, user: User, pk: int) -> CredentialRequest:
    if not is_renewal_staff(user):
        raise Http404(_("No such request."))
    return get_object_or_404(
        CredentialRequest.objects.select_related(
            "endorsement__holder", "endorsement__category", "decided_by"
        ),
        pk=pk,
    )


def request_get_for_holder(*, user: User, pk: int) -> CredentialRequest:
    return get_object_or_404(
        CredentialRequest.objects.select_related("endorsement__category"),
        pk=pk,
        endorsement__holder=user,
    )


# --- What "Renew" and the other holder actions offer -------------------------------------------


@dataclass(frozen=True)
class RenewalOffer:
    """Whether "Renew" is offered for a credential today, and if not, why (`reason` code:
    not_renewable, waiting, approved, not_open, closed). `cycle` is the service's
    RenewalCycle where it was worked out (the holder page leaves it out)."""

    offered: bool
    reason: str
    cycle: object | None
    opens_on: date | None = None
    live: RenewalSubmission | None = None


def offer_decide(
    *, cycle, cycle_start: date, cycle_end: date, grace_ends: date, today: date, renewals
) -> RenewalOffer:
    """The rule, on plain data (the endorsement's renewals, newest first): a renewal waiting
    or approved for this cycle means no; so does a cycle closed (past the grace period) or
    not open yet. It opens on the cycle's first day, and never before the day after the
    deadline last renewed for: a renewal just approved moves the deadline on, and the next
    waits until that cycle has begun, so one approval is one cycle."""
    from .models import LIVE_RENEWAL

    live = next(
        (r for r in renewals if r.cycle_end == cycle_end and r.status in LIVE_RENEWAL), None
    )
    if live is not None:
        reason = "approved" if live.status == RenewalStatus.APPROVED else "waiting"
        return RenewalOffer(False, reason, cycle, live=live)
    if today > grace_ends:
        return RenewalOffer(False, "closed", cycle)
    opens = cycle_start
    approved = [
        r.cycle_end
        for r in renewals
        if r.status == RenewalStatus.APPROVED and r.cycle_end < cycle_end
    ]
    if approved:
        opens = max(opens, max(approved) + timedelta(days=1))
    if today < opens:
        return RenewalOffer(False, "not_open", cycle, opens_on=opens)
    return RenewalOffer(True, "", cycle, opens_on=opens)


@dataclass
class HolderRow:
    """One credential on the holder's page, with what it allows today."""

    endorsement: Endorsement
    offer: RenewalOffer
    policy: object | None  # the renewal policy governing its deadline
    request: CredentialRequest | None
    reinstate_until: date | None
    unarchive_until: date | None

    @property
    def renewal(self) -> RenewalSubmission | None:
        """The renewal shown: the one waiting or approved for the cycle, else the latest
        declined one for it."""
        if self.offer.live is not None:
            return self.offer.live
        return next(
            (
                r
                for r in self.endorsement.renewal_list
                if r.cycle_end == self.endorsement.valid_through
            ),
            None,
        )


def holder_rows(*, user: User, today: date) -> list[HolderRow]:
    """The holder's credentials with what each allows today, in a constant number of
    queries: the credentials with their categories, their renewals, their open requests,
    their history, the renewal policies of their categories.

    The cycle is worked out here from those rows as `renewal_cycle_for` does (the policy in
    force on the deadline, its length and grace period); the services check again with
    `renewal_cycle_for` itself, and a test holds the two to the same answers.
    """
    from competencies import rules
    from competencies.models import RenewalPolicy
    from endorsements.models import EndorsementEvent

    endorsements = endorsements_for_holder(user=user)
    ids = [e.pk for e in endorsements]
    requests = {
        r.endorsement_id: r
        for r in CredentialRequest.objects.filter(
            endorsement_id__in=ids, status=RequestStatus.REQUESTED
        )
    }
    history: dict[int, list] = {}
    for event in EndorsementEvent.objects.filter(
        endorsement_id__in=ids, audience="applicant"
    ).order_by("effective_on", "pk"):
        history.setdefault(event.endorsement_id, []).append(event)
    policies: dict[int, list] = {}
    for policy in RenewalPolicy.objects.filter(
        category_id__in={e.category_id for e in endorsements}
    ).order_by("-effective_from"):
        policies.setdefault(policy.category_id, []).append(policy)

    def policy_on(category_id: int, day: date):
        for policy in policies.get(category_id, []):
            if policy.effective_from <= day and (
                policy.effective_to is None or policy.effective_to >= day
            ):
                return policy
        return None

    def entered(events, status):
        moves = [e for e in events if e.to_status == status and e.from_status != status]
        return moves[-1].effective_on if moves else None

    rows = []
    for e in endorsements:
        events = history.get(e.pk, [])
        e.history = events
        policy = policy_on(e.category_id, e.valid_through) or policy_on(e.category_id, today)
        if e.status in CURRENT_STATUSES:
            start, end = rules.cycle_bounds(
                deadline=e.valid_through, cycle_years=policy.cycle_years if policy else 1
            )
            grace = policy.grace_period_days if policy else 0
            offer = offer_decide(
                cycle=None,
                cycle_start=start,
                cycle_end=end,
                grace_ends=end + timedelta(days=grace),
                today=today,
                renewals=e.renewal_list,
            )
        else:
            offer = RenewalOffer(False, "not_renewable", None)
        reinstate = unarchive = None
        if e.status == EndorsementStatus.LAPSED:
            since = entered(events, EndorsementStatus.LAPSED) or e.valid_through
            reinstate = since + timedelta(days=policy.reinstatement_window_days if policy else 0)
        if e.status == EndorsementStatus.ARCHIVED:
            since = entered(events, EndorsementStatus.ARCHIVED)
            if since is not None:
                unarchive = since + timedelta(days=policy.unarchive_window_days if policy else 0)
        rows.append(HolderRow(e, offer, policy, requests.get(e.pk), reinstate, unarchive))
    return rows


def renewal_queue() -> QuerySet[RenewalSubmission]:
    """Renewals waiting for a coordinator, oldest first, with holder and category loaded."""
    return (
        RenewalSubmission.objects.filter(status__in=COORDINATOR_QUEUE)
        .select_related("endorsement__holder", "endorsement__category")
        .order_by("submitted_at", "pk")
    )


def renewal_get_for_staff(*, user: User, pk: int) -> RenewalSubmission:
    if not is_renewal_staff(user):
        raise Http404(_("No such renewal."))
    return get_object_or_404(
        RenewalSubmission.objects.select_related(
            "endorsement__holder", "endorsement__category", "evidence_file", "decided_by"
        ),
        pk=pk,
    )


def renewal_get_for_holder(*, user: User, pk: int) -> RenewalSubmission:
    return get_object_or_404(
        RenewalSubmission.objects.select_related(
            "endorsement__holder", "endorsement__category", "evidence_file"
        ),
        pk=pk,
        endorsement__holder=user,
    )


def renewal_live_for_cycle(*, endorsement: Endorsement, cycle_end) -> RenewalSubmission | None:
    """The renewal waiting or approved for the cycle, if any."""
    from .models import LIVE_RENEWAL

    return RenewalSubmission.objects.filter(
        endorsement=endorsement, cycle_end=cycle_end, status__in=sorted(LIVE_RENEWAL)
    ).first()


def renewal_history(submission: RenewalSubmission, *, audience: str = HistoryAudience.APPLICANT):
    """The renewal's history for `audience` (the holder's by default: no staff rows)."""
    events = submission.events.select_related("actor").order_by("created_at", "pk")
    return list(history_for(events, audience=audience))


def renewal_last_declined(*, endorsement: Endorsement, cycle_end) -> RenewalSubmission | None:
    return (
        RenewalSubmission.objects.filter(
            endorsement=endorsement, cycle_end=cycle_end, status=RenewalStatus.DECLINED
        )
        .order_by("-decided_at", "-pk")
        .first()
    )

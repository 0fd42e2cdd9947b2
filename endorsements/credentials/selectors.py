"""Reads for certificates, verification and renewals, with the access checks as selectors."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from endorsements.models import Endorsement, EndorsementStatus

from .models import COORDINATOR_QUEUE, RenewalStatus, RenewalSubmission

PUBLIC_STATUS = {
    EndorsementStatus.ACTIVE: ("active", "Active", True),
    EndorsementStatus.EMERGING: ("emerging", "Active (emerging)", True),
    EndorsementStatus.LAPSED: ("lapsed", "Lapsed: not renewed", False),
    EndorsementStatus.REVOKED: ("revoked", "Revoked", False),
    EndorsementStatus.ARCHIVED: ("not_current", "Not current", False),
}


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
        raise Http404("No such endorsement.")
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
        "status_label": label,
        "current": current,
    }


def renewal_queue() -> QuerySet[RenewalSubmission]:
    """Renewals waiting for a coordinator, oldest first, with holder and category loaded."""
    return (
        RenewalSubmission.objects.filter(status__in=COORDINATOR_QUEUE)
        .select_related("endorsement__holder", "endorsement__category")
        .order_by("submitted_at", "pk")
    )


def renewal_get_for_staff(*, user: User, pk: int) -> RenewalSubmission:
    if not is_renewal_staff(user):
        raise Http404("No such renewal.")
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
    return (
        RenewalSubmission.objects.filter(endorsement=endorsement, cycle_end=cycle_end)
        .exclude(status=RenewalStatus.DECLINED)
        .first()
    )


def renewal_last_declined(*, endorsement: Endorsement, cycle_end) -> RenewalSubmission | None:
    return (
        RenewalSubmission.objects.filter(
            endorsement=endorsement, cycle_end=cycle_end, status=RenewalStatus.DECLINED
        )
        .order_by("-decided_at", "-pk")
        .first()
    )

"""Reads for portable credentials and reciprocity (access checks included)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from endorsements.models import Endorsement

from .models import ReciprocalEndorsement


def endorsement_for_credential(*, code: str) -> Endorsement | None:
    """The credential behind a public verification code, with what its badge names (and its
    holder, whose language it is written in)."""
    return (
        Endorsement.objects.select_related("category", "holder", "status_list_entry")
        .filter(verification_code=code)
        .first()
    )


def reciprocal_list() -> QuerySet[ReciprocalEndorsement]:
    """Every recorded endorsement from another association, newest first (coordinators)."""
    return ReciprocalEndorsement.objects.select_related("holder", "trusted_issuer")


def reciprocal_get(*, pk: int) -> ReciprocalEndorsement:
    return get_object_or_404(
        ReciprocalEndorsement.objects.select_related(
            "holder", "trusted_issuer", "evidence_file", "recorded_by"
        ),
        pk=pk,
    )


def reciprocal_for_holder(*, user) -> QuerySet[ReciprocalEndorsement]:
    """A holder's endorsements from other associations, soonest ending last."""
    return ReciprocalEndorsement.objects.filter(holder=user).order_by("-valid_through", "pk")


def reciprocal_evidence_get(*, user, pk: int) -> ReciprocalEndorsement:
    """The record whose evidence `user` may download: their own, or any for a coordinator;
    404 otherwise (existence does not leak)."""
    from accounts.models import Role

    records = ReciprocalEndorsement.objects.select_related("evidence_file").filter(
        evidence_file__isnull=False
    )
    if not user.has_role(Role.COORDINATOR):
        records = records.filter(holder=user)
    return get_object_or_404(records, pk=pk)

"""Reads of membership records. Access checks are selectors too: staff (coordinators and
registry admins) see everyone's records; a person sees only their own."""

from __future__ import annotations

from datetime import date

from django.db.models import F, QuerySet
from django.http import Http404

from accounts.models import Role, User

from .models import Association, MemberListImport, Membership, MembershipReminderPolicy

STAFF_ROLES = frozenset({Role.COORDINATOR, Role.REGISTRY_ADMIN})


def is_membership_staff(user) -> bool:
    return bool(user.is_authenticated and user.role_names & STAFF_ROLES)


def memberships_for_person(*, person) -> QuerySet[Membership]:
    """Every row of one person (records, claims waiting, claims not confirmed), newest end
    first. One query."""
    return (
        Membership.objects.filter(person=person)
        .select_related("association", "recorded_by")
        .order_by("-status", "-ends_on", "-pk")
    )


def membership_facts(*, user) -> list[Membership]:
    """What the checklist needs of one person: their records and any claim waiting, in one
    query (the engine decides which covers the day)."""
    return list(
        Membership.objects.filter(person=user, status__in=["recorded", "claimed"])
        .select_related("association")
        .only(
            "status",
            "number",
            "starts_on",
            "ends_on",
            "membership_type",
            "association__name",
            "association__code",
        )
        .order_by("-ends_on", "-pk")
    )


def dashboard_notice(*, person, on: date) -> dict | None:
    """What the applicant's dashboard says of their membership (one query), or None while a
    record covers `on`: the day their last record ended, and whether a claim waits for a
    coordinator. The checklist of each application still decides what counts for a category."""
    rows = membership_facts(user=person)
    recorded = [row for row in rows if row.status == "recorded"]
    if any(row.starts_on <= on <= row.ends_on for row in recorded):
        return None
    ended_on = max((row.ends_on for row in recorded if row.ends_on < on), default=None)
    claim_waiting = any(row.status == "claimed" for row in rows)
    if ended_on is None and not claim_waiting:
        return None
    return {"ended_on": ended_on, "claim_waiting": claim_waiting}


def current_for_person(*, person, on: date | None = None) -> Membership | None:
    """The record in effect on `on` (default today) that ends last, if any."""
    from django.utils import timezone

    on = on or timezone.localdate()
    return (
        Membership.objects.filter(
            person=person, status="recorded", starts_on__lte=on, ends_on__gte=on
        )
        .select_related("association")
        # Ours (no association) first, then the one that ends last.
        .order_by(F("association_id").asc(nulls_first=True), "-ends_on")
        .first()
    )


def claim_latest(*, person) -> Membership | None:
    """The person's latest claim: waiting, or confirmed, or not confirmed (with the reason)."""
    return (
        Membership.objects.filter(person=person)
        .exclude(source__in=["staff", "import"], status="recorded")
        .order_by("-updated_at", "-pk")
        .first()
    )


def claims_waiting() -> QuerySet[Membership]:
    """Claims waiting for a coordinator, oldest first, with each person (one query)."""
    return (
        Membership.objects.filter(status="claimed")
        .select_related("person")
        .order_by("created_at", "pk")
    )


def claim_get_for_staff(*, user, pk: int) -> Membership:
    if not is_membership_staff(user):
        raise Http404
    claim = Membership.objects.select_related("person").filter(pk=pk, status="claimed").first()
    if claim is None:
        raise Http404
    return claim


def person_get_for_staff(*, user, pk: int) -> User:
    if not is_membership_staff(user):
        raise Http404
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def record_get_for_staff(*, user, pk: int) -> Membership:
    if not is_membership_staff(user):
        raise Http404
    record = (
        Membership.objects.select_related("person", "association")
        .filter(pk=pk, status="recorded")
        .first()
    )
    if record is None:
        raise Http404
    return record


def member_list_get_for_staff(*, user, pk: int) -> MemberListImport:
    if not is_membership_staff(user):
        raise Http404
    staged = MemberListImport.objects.select_related("association").filter(pk=pk).first()
    if staged is None:
        raise Http404
    return staged


def associations() -> QuerySet[Association]:
    return Association.objects.filter(active=True).order_by("name")


def reminder_policy_on(day: date) -> MembershipReminderPolicy | None:
    return (
        MembershipReminderPolicy.objects.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )

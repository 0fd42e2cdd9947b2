"""Reads for verification by people, spreadsheets and machines.

Credentials are read through `endorsements.credentials.selectors` (what the public may see of
one, its status); this module only finds which credential a number, name or email means.
"""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from endorsements.credentials import selectors as credential_selectors
from endorsements.models import Endorsement

from .models import (
    Membership,
    Organisation,
    OrganisationStatus,
    RosterLine,
    RosterRun,
    VerificationRecord,
)
from .names import last_name_matches


def endorsement_get_by_number(*, number: str) -> Endorsement | None:
    """The credential with this number (any capitalisation), holder and category loaded."""
    number = (number or "").strip()
    if not number:
        return None
    return (
        Endorsement.objects.select_related("category", "holder")
        .filter(number__iexact=number)
        .first()
    )


def lookup_facts(*, number: str, last_name: str) -> dict | None:
    """What the public lookup shows for a number and a last name, or None when the pair does
    not name one credential (unknown number and wrong name alike: nothing tells them apart).
    One query."""
    endorsement = endorsement_get_by_number(number=number)
    if endorsement is None or not last_name_matches(
        typed=last_name,
        family_name=endorsement.holder.family_name,
        printed_name=endorsement.printed_name,
    ):
        return None
    facts = credential_selectors.verification_facts(endorsement)
    # The lookup says less than the certificate's code does: no name, status and dates only.
    return {
        "status": facts["status"],
        "current": facts["current"],
        "category": facts["category"],
        "category_code": facts["category_code"],
        "valid_through": endorsement.valid_through,
    }


# --- Organisations and their staff ---------------------------------------------------------


def membership_for(*, user) -> Membership | None:
    """The person's membership with its organisation, or None (one query)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organisation").filter(user=user).first()


_UNREAD = object()


def organisation_kind_subquery(quote, user_id: str) -> str:
    """SQL of the kind of organisation whose staff the person `user_id` is (NULL when none),
    read with every signed-in person (`accounts.models.signed_in_fact_register`): the menu
    shows staff their organisation's pages without a query of its own. One index lookup
    (a person has one membership)."""
    member, organisation = Membership._meta, Organisation._meta
    kind = quote(organisation.get_field("kind").column)
    joined = quote(member.get_field("organisation").column)
    person = quote(member.get_field("user").column)
    return (
        f"SELECT o.{kind} FROM {quote(member.db_table)} m "
        f"JOIN {quote(organisation.db_table)} o ON o.{quote(organisation.pk.column)} = m.{joined} "
        f"WHERE m.{person} = {user_id}"
    )


def organisation_kind_of(user) -> str | None:
    """The kind of organisation `user` is staff of, or None: read with the signed-in person
    (`organisation_kind`); anyone else is looked up once (one query) and remembered."""
    # getattr, not the instance's __dict__: request.user is a lazy wrapper around the person.
    kind = getattr(user, "organisation_kind", _UNREAD)
    if kind is _UNREAD:
        membership = membership_for(user=user)
        kind = user.organisation_kind = membership.organisation.kind if membership else None
    return kind


def organisations_waiting() -> QuerySet[Organisation]:
    """Organisations waiting for a coordinator, oldest first, with their staff counted."""
    return (
        Organisation.objects.filter(status=OrganisationStatus.PENDING)
        .annotate(staff_count=Count("memberships"))
        .order_by("created_at", "pk")
    )


def organisations_all() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(staff_count=Count("memberships")).order_by("name", "pk")


def organisation_get_for_coordinator(*, user, pk: int) -> Organisation:
    """One organisation for a coordinator; 404 for everyone else."""
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404("No such organisation.")
    return get_object_or_404(Organisation, pk=pk)


def organisation_staff(organisation: Organisation) -> list[Membership]:
    return list(organisation.memberships.select_related("user").order_by("created_at", "pk"))


def rosters_for(*, organisation: Organisation) -> QuerySet[RosterRun]:
    return RosterRun.objects.filter(organisation=organisation).select_related("uploaded_by")


def roster_get_for_member(*, organisation: Organisation, pk: int) -> RosterRun:
    """One of the organisation's rosters; 404 for another organisation's."""
    return get_object_or_404(RosterRun, pk=pk, organisation=organisation)


def roster_lines(run: RosterRun) -> QuerySet[RosterLine]:
    return run.lines.order_by("line")


def checks_of_holder(*, user) -> list[dict]:
    """Which organisations checked the person's credentials: one row per organisation and
    way of checking, with the last time and how often (one query)."""
    return list(
        VerificationRecord.objects.filter(endorsement__holder=user)
        .values("organisation__name", "organisation__kind", "channel")
        .annotate(last=Max("created_at"), times=Count("pk"))
        .order_by("-last")
    )


def watches_for(*, organisation: Organisation):
    from .models import Watch

    return (
        Watch.objects.filter(organisation=organisation)
        .select_related("endorsement__category")
        .order_by("endorsement__printed_name", "pk")
    )


def watch_get_for_member(*, organisation: Organisation, pk: int):
    from .models import Watch

    return get_object_or_404(
        Watch.objects.select_related("organisation"), pk=pk, organisation=organisation
    )


def watchers_of_holder(*, user) -> list:
    from .models import Watch

    return list(
        Watch.objects.filter(endorsement__holder=user)
        .select_related("organisation", "endorsement__category")
        .order_by("organisation__name", "pk")
    )


def roster_line_credentials(*, organisation: Organisation, run_pk: int, line_pk: int | None):
    """The credentials matched by one line of the organisation's roster (or by all its lines
    when `line_pk` is None); 404 for another organisation's roster."""
    run = roster_get_for_member(organisation=organisation, pk=run_pk)
    lines = run.lines.exclude(results=[])
    if line_pk is not None:
        lines = lines.filter(pk=line_pk)
    numbers = {r["number"] for line in lines for r in line.results}
    return list(Endorsement.objects.filter(number__in=numbers))


# --- API keys ------------------------------------------------------------------------------


def api_keys_for(*, organisation: Organisation):
    """The organisation's keys, newest first, live and revoked (one query)."""
    from .models import ApiKey

    return ApiKey.objects.filter(organisation=organisation).select_related("created_by")


def api_key_get_for_member(*, organisation: Organisation, pk: int):
    """One of the organisation's keys; 404 for another organisation's."""
    from .models import ApiKey

    return get_object_or_404(
        ApiKey.objects.select_related("organisation"), pk=pk, organisation=organisation
    )

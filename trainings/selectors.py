"""Reads of the training catalog: the public catalog, a provider's own trainings and rosters,
the coordinators' queue, an attendee's attendances. Access checks are here too: another
provider's training or roster answers 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from competencies.models import Competency

from .models import (
    Attendance,
    AttendanceRoster,
    CatalogTraining,
    RosterLine,
    TrainingStatus,
)

PUBLIC_RELATED = ("provider", "language", "region")


def _with_parts(queryset: QuerySet[CatalogTraining]) -> QuerySet[CatalogTraining]:
    """Provider, language and region joined; domains, areas (with their domain) and categories
    prefetched: four queries for any number of trainings."""
    areas = Competency.objects.select_related("domain").order_by("domain__order", "order", "pk")
    return queryset.select_related(*PUBLIC_RELATED).prefetch_related(
        "domains", Prefetch("competencies", queryset=areas), "categories"
    )


def catalog(*, filters: dict | None = None, today: date) -> QuerySet[CatalogTraining]:
    """Approved trainings, filtered (domain, competency, category, format, language, region,
    from/to dates, upcoming or past), upcoming first by date then past newest first."""
    filters = filters or {}
    queryset = CatalogTraining.objects.filter(status=TrainingStatus.APPROVED)
    if filters.get("domain"):
        queryset = queryset.filter(domains=filters["domain"])
    if filters.get("competency"):
        queryset = queryset.filter(competencies=filters["competency"])
    if filters.get("category"):
        queryset = queryset.filter(categories=filters["category"])
    if filters.get("format"):
        queryset = queryset.filter(format=filters["format"])
    if filters.get("language"):
        queryset = queryset.filter(language=filters["language"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("starts_from"):
        queryset = queryset.filter(ends_on__gte=filters["starts_from"])
    if filters.get("starts_until"):
        queryset = queryset.filter(starts_on__lte=filters["starts_until"])
    when = filters.get("when")
    if when == "upcoming":
        queryset = queryset.filter(ends_on__gte=today)
    elif when == "past":
        queryset = queryset.filter(ends_on__lt=today)
    return _with_parts(queryset.distinct().order_by("-starts_on", "pk"))


def catalog_training_get_public(*, pk: int) -> CatalogTraining:
    """One approved training; 404 for one not approved (nobody sees it before a coordinator
    has)."""
    return get_object_or_404(
        _with_parts(CatalogTraining.objects.filter(status=TrainingStatus.APPROVED)), pk=pk
    )


# --- Providers ---------------------------------------------------------------------------------


def trainings_of_provider(*, organisation) -> QuerySet[CatalogTraining]:
    return CatalogTraining.objects.filter(provider=organisation).annotate(
        attendee_count=Count("attendances", filter=Q(attendances__source="roster"))
    )


def catalog_training_get_for_provider(*, organisation, pk: int) -> CatalogTraining:
    """One of the organisation's own trainings; 404 for another provider's."""
    return get_object_or_404(
        _with_parts(CatalogTraining.objects.filter(provider=organisation)), pk=pk
    )


def roster_get_for_provider(*, organisation, pk: int) -> AttendanceRoster:
    """One roster of one of the organisation's trainings; 404 for another provider's."""
    return get_object_or_404(
        AttendanceRoster.objects.select_related("training"), pk=pk, training__provider=organisation
    )


def rosters_of_training(training: CatalogTraining) -> QuerySet[AttendanceRoster]:
    return training.rosters.annotate(line_count=Count("lines")).select_related("uploaded_by")


def roster_lines(roster: AttendanceRoster) -> QuerySet[RosterLine]:
    return roster.lines.select_related("person").order_by("line")


def attendees_of_training(training: CatalogTraining) -> QuerySet[Attendance]:
    return training.attendances.select_related("person").order_by(
        "person__family_name", "person__given_name", "pk"
    )


# --- Coordinators ------------------------------------------------------------------------------


def trainings_waiting() -> QuerySet[CatalogTraining]:
    return (
        CatalogTraining.objects.filter(status=TrainingStatus.PENDING)
        .select_related("provider")
        .order_by("created_at", "pk")
    )


def trainings_decided(limit: int = 50) -> list[CatalogTraining]:
    return list(
        CatalogTraining.objects.exclude(status=TrainingStatus.PENDING)
        .select_related("provider")
        .order_by("-decided_at", "-pk")[:limit]
    )


def catalog_training_get_for_coordinator(*, user, pk: int) -> CatalogTraining:
    if not (user.is_authenticated and user.is_coordinator):
        raise Http404("No such training.")
    return get_object_or_404(_with_parts(CatalogTraining.objects.all()), pk=pk)


def training_history(training: CatalogTraining):
    return training.events.select_related("actor").order_by("created_at", "pk")


# --- Attendees ---------------------------------------------------------------------------------


def attendances_of_person(*, user) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(person=user)
        .select_related("training__provider")
        .order_by("-training__starts_on", "pk")
    )


def attendance_get_for_person(*, user, pk: int) -> Attendance:
    """One of the person's own attendances; 404 for anyone else's."""
    if not user.is_authenticated:
        raise Http404("No such attendance.")
    return get_object_or_404(
        Attendance.objects.select_related("training__provider", "person"), pk=pk, person=user
    )

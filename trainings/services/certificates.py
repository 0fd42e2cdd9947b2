"""Certificates of attendance: one PDF per attendance with the provider's roster behind it,
rendered on the worker and stored under a stable name (replaced atomically when re-rendered).

Current when `certificate_rendered_at` is on or after the attendance's `updated_at` (a new
roster that changes the hours saves the row); rendering a current one again does nothing, so
the task is safe to run twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone, translation

from core.broker import enqueue
from core.files import store_atomically
from core.formatting import day, hours
from core.pdf import render_pdf

from ..models import Attendance, AttendanceSource

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/attendance_certificate.html"


def private_storage():
    """Looked up per call so tests can swap the storage."""
    return storages["private"]


def certificate_name(attendance: Attendance) -> str:
    return f"attendance/attendance-{attendance.pk}.pdf"


def certificate_is_current(attendance: Attendance) -> bool:
    rendered = attendance.certificate_rendered_at
    return bool(attendance.certificate_file and rendered and rendered >= attendance.updated_at)


def certificate_pdf_bytes(attendance: Attendance) -> bytes:
    """The certificate in the attendee's language."""
    training = attendance.training
    language = attendance.person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        if training.starts_on == training.ends_on:
            dates = day(training.starts_on)
        else:
            dates = f"{day(training.starts_on)} – {day(training.ends_on)}"
        context = {
            "language": language,
            "association_name": settings.ASSOCIATION_NAME,
            "name": attendance.person.full_name,
            "title": training.title,
            "provider": training.provider.name,
            "dates": dates,
            "hours_attended": hours(attendance.minutes),
            "hours_offered": hours(training.minutes),
            "areas": [f"{c.domain.name}: {c.name}" for c in training.competencies.all()],
            "number": f"{training.pk}-{attendance.pk}",
        }
        return render_pdf(TEMPLATE, context)


def attendance_certificate_render(*, attendance_id: int) -> bool:
    """Render and store one attendance's certificate; False when it is current, not backed
    by a roster, or being rendered by another worker right now (the row is claimed with
    SKIP LOCKED). Side effects: the PDF file; the attendance's certificate fields, with an
    UPDATE that leaves `updated_at` alone."""
    with transaction.atomic():
        locked = (
            Attendance.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("training__provider", "person")
            .filter(pk=attendance_id, source=AttendanceSource.ROSTER)
            .first()
        )
        if locked is None or certificate_is_current(locked):
            return False
        started = timezone.now()
        data = certificate_pdf_bytes(locked)
        name = store_atomically(private_storage(), certificate_name(locked), data, replace=True)
        Attendance.objects.filter(pk=locked.pk).update(
            certificate_file=name, certificate_rendered_at=started, certificate_error=""
        )
    return True


def attendance_certificate_failed(*, attendance_id: int, error: str) -> None:
    Attendance.objects.filter(pk=attendance_id).update(certificate_error=error[:2000])


def attendance_certificates_sweep(*, limit: int = 1000) -> int:
    """Queue renders for verified attendances without a current certificate that have not
    failed (for example when the broker was down as the roster was confirmed)."""
    from django.db.models import F, Q

    ids = list(
        Attendance.objects.filter(source=AttendanceSource.ROSTER, certificate_error="")
        .filter(
            Q(certificate_rendered_at__isnull=True) | Q(certificate_rendered_at__lt=F("updated_at"))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in ids if attendance_certificate_enqueue(attendance_id=pk))


def attendance_certificate_enqueue(*, attendance_id: int) -> bool:
    """Queue the render (after commit); one bounded attempt, see core.broker."""
    from ..tasks import attendance_certificate_render as task

    return enqueue(task, attendance_id=attendance_id)

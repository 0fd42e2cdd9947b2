"""Writes of the reports app: export files, worker-built exports, and the directory rate limit."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext

from core.broker import enqueue
from core.files import store_atomically
from core.mail import send_templated_email
from core.spreadsheets import about_line, row_safe

from .models import ReportExport

logger = logging.getLogger(__name__)


def xlsx_async_rows() -> int:
    """Exports with more rows than this are built on the worker (setting, default 50,000)."""
    return int(getattr(settings, "REPORT_XLSX_ASYNC_ROWS", 50_000))


# --- Files -------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_stream(
    rows: Iterable[list], *, about: list[tuple[str, str]] | None = None
) -> Iterator[str]:
    """CSV lines one at a time, for a StreamingHttpResponse (nothing is held in memory).

    With `about`, the first line is a note saying what the file was made from (report, date,
    filters), as the XLSX's About sheet does. Text that a spreadsheet would run as a formula is
    quoted (core.spreadsheets).
    """
    return _csv_lines(rows, about, translation.get_language())


def _csv_lines(rows, about, language) -> Iterator[str]:
    # The lines are made while the response streams, maybe after the request's language was
    # switched off: they are written in the language active when the file was asked for.
    writer = csv.writer(_Echo())
    with translation.override(language):
        if about:
            yield writer.writerow([about_line(about)])
        for row in rows:
            yield writer.writerow(row_safe(_plain(row)))


def _plain(row) -> list:
    """The row with lazy translations ("All regions") made text in the active language."""
    return [str(value) if isinstance(value, Promise) else value for value in row]


def xlsx_bytes(
    *,
    title: str,
    table: list[list],
    about: list[tuple[str, str]],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """A write-only workbook: the table on the first sheet, the filters on an "About" sheet
    (its name in the active language). Text that would run as a formula is quoted
    (core.spreadsheets).

    `progress(rows_written)` is called every 1,000 rows (the worker reports a percentage).
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for i, row in enumerate(table, start=1):
        sheet.append(row_safe(_plain(row)))
        if progress is not None and i % 1000 == 0:
            progress(i)
    notes = workbook.create_sheet(title=pgettext("spreadsheet sheet name", "About")[:31])
    for key, value in about:
        notes.append(row_safe(_plain([key, value])))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def about_rows(filters: dict, *, labels: dict[str, str]) -> list[tuple[str, str]]:
    """What a downloaded file was made from, in words, in the active language (the language of
    the person who asked for it). Machine values (the ISO date, the category code, the time the
    file was made) stay as they are."""
    return [
        (gettext("Report"), gettext("Endorsed staff by region")),
        (gettext("Counted on"), filters["as_of"].isoformat()),
        (gettext("Category"), filters["category"] or gettext("All categories")),
        (gettext("Track"), str(labels.get(filters["track"], gettext("Both tracks")))),
        (
            gettext("Program type"),
            str(labels.get(filters["program_type"], gettext("All program types"))),
        ),
        (
            gettext("Note"),
            gettext("People are counted once in the total and once in each category they hold."),
        ),
        (gettext("Made"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]


def export_title() -> str:
    """The name of the region report's sheet, in the active language."""
    return gettext("Endorsed by region")


# --- Exports built on the worker -----------------------------------------------------------


def report_export_request(*, owner, params: dict) -> ReportExport:
    """Record a large export and queue it for the worker.

    Side effects, in order: a ReportExport row (pending); after commit, the build task.
    The file is written in the language active now (the asker's), kept in `params["language"]`.
    """
    from .tasks import report_export_build_task

    params = {**params, "language": params.get("language") or translation.get_language() or ""}
    export = ReportExport.objects.create(
        owner=owner, kind=ReportExport.Kind.ENDORSED_BY_REGION, params=params
    )
    # One bounded attempt: with the broker down the request still answers; the export stays
    # pending (not yet swept: see the README's known gaps).
    transaction.on_commit(
        lambda: enqueue(report_export_build_task, export_id=export.pk), robust=True
    )
    return export


def _params_to_filters(params: dict) -> dict:
    return {
        "as_of": date.fromisoformat(params["as_of"]),
        "category": params.get("category", ""),
        "track": params.get("track", ""),
        "program_type": params.get("program_type", ""),
    }


def report_export_build(*, export_id: int) -> bool:
    """Build a pending export's XLSX file; safe to run twice.

    Side effects, in order: the row is claimed (pending -> running) with a conditional update,
    so a second delivery does nothing; the report is computed; the file is written to the
    private storage while `percent` climbs; the row is marked done (or failed, with the
    error, which its page shows); the owner is emailed a link. Returns whether it built it.
    """
    from applicants.models import ProgramType
    from competencies.models.categories import Track

    from .selectors import endorsed_by_region

    claimed = ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.PENDING).update(
        status=ReportExport.Status.RUNNING, percent=1, updated_at=timezone.now()
    )
    if not claimed:
        return False
    export = ReportExport.objects.select_related("owner").get(pk=export_id)
    language = (
        export.params.get("language") or export.owner.preferred_language or settings.LANGUAGE_CODE
    )
    try:
        filters = _params_to_filters(export.params)
        report = endorsed_by_region(**filters)
        table = report.table()
        total = max(len(table), 1)
        ReportExport.objects.filter(pk=export.pk).update(rows_total=total, percent=5)

        def progress(done: int):
            percent = min(95, 5 + int(90 * done / total))
            ReportExport.objects.filter(pk=export.pk).update(percent=percent)

        labels = dict(Track.choices) | dict(ProgramType.choices)
        with translation.override(language):
            content = xlsx_bytes(
                title=export_title(),
                table=table,
                about=about_rows(filters, labels=labels),
                progress=progress,
            )
        name = store_atomically(
            storages["private"],
            f"reports/endorsed-by-region-{filters['as_of'].isoformat()}-{export.pk}.xlsx",
            ContentFile(content),
        )
    except Exception as exc:  # recorded on the row and shown to its owner: never lost silently
        logger.exception("report export %s failed", export_id)
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return False
    with transaction.atomic():
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.DONE,
            percent=100,
            file_name=name,
            finished_at=timezone.now(),
        )
        send_templated_email(
            "report_export_ready",
            to=export.owner.email,
            context={
                "export": export,
                "name": export.owner.given_name,
                "url": settings.SITE_URL + reverse("reports:export", args=[export.pk]),
            },
            idempotency_key=f"report-export-ready:{export.pk}",
            kind="report_export_ready",
            about=export,
        )
    return True


# --- Rate limit for the public directory --------------------------------------------------

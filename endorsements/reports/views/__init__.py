"""Reports for coordinators and registry admins, and the public directory pages.

Reports: role_required lets coordinators and registry admins in, sends anonymous visitors to
log in and shows everyone else the 403 page (the pages exist for anyone to know about; they
hold no one's personal object). The directory pages are public, rate-limited per IP address
and marked noindex unless REGISTRY_NOINDEX is off.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from applicants.models import Language, ProgramType, Region
from competencies.models import EndorsementCategory
from competencies.models.categories import Track
from core import formatting
from core.audit import audit_record
from core.models import AuditAction
from core.pagination import CappedPaginator
from core.ratelimit import hit

from .. import selectors, services
from ..charts import bar_chart
from ..forms import CoverageFilterForm, DirectorySearchForm, ReportFilterForm
from ..models import ReportExport
from ..panels import dashboard_panels
from ..suppression import MARKER as SUPPRESSED_MARKER
from .lists import lapses, lapses_csv, renewals_due, renewals_due_csv

reports_access = role_required(Role.COORDINATOR, Role.REGISTRY_ADMIN)
DIRECTORY_PAGE_SIZE = 25
# A broad search lists the first thousand people (40 pages) and asks for a narrower one.
DIRECTORY_LISTED_AT_MOST = 1000
PROGRAMS_PAGE_SIZE = 50


def _categories(*, active_only: bool = False) -> list[EndorsementCategory]:
    qs = EndorsementCategory.objects.order_by("order", "code")
    return list(qs.filter(active=True) if active_only else qs)


def _regions() -> list[Region]:
    return list(Region.objects.order_by("order", "name"))


def _region_report(request):
    """Parse the filters and compute the report: (form, report or None). Three queries."""
    categories = _categories()
    form = ReportFilterForm(request.GET, categories=categories)
    if not form.is_valid():
        return form, None
    report = selectors.endorsed_by_region(
        **form.filters(), all_categories=categories, regions=_regions()
    )
    return form, report


def _file_name(report, ext: str) -> str:
    return f"endorsed-by-region-{report.as_of.isoformat()}.{ext}"


@require_GET
@reports_access
def endorsed_by_region(request):
    form, report = _region_report(request)
    query = request.GET.urlencode()
    context = {"form": form, "report": report, "query": query}
    if report is not None:
        context["chart"] = bar_chart(
            [(row.name, row.total) for row in report.rows],
            title=gettext("Endorsed people per region on %(day)s")
            % {"day": formatting.day(report.as_of)},
        )
    return render(request, "reports/endorsed_by_region.html", context, status=200)


@require_GET
@reports_access
def endorsed_by_region_csv(request):
    form, report = _region_report(request)
    if report is None:
        return HttpResponseBadRequest(_errors_text(form), content_type="text/plain; charset=utf-8")
    labels = dict(Track.choices) | dict(ProgramType.choices)
    about = services.about_rows(form.filters(), labels=labels)
    response = StreamingHttpResponse(
        services.csv_stream(report.table(), about=about), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "csv")}"'
    _audit_export(request, "csv", form)
    return response


@require_GET
@reports_access
def endorsed_by_region_xlsx(request):
    form, report = _region_report(request)
    if report is None:
        return HttpResponseBadRequest(_errors_text(form), content_type="text/plain; charset=utf-8")
    filters = form.filters()
    table = report.table()
    if len(table) > services.xlsx_async_rows():
        params = {**filters, "as_of": filters["as_of"].isoformat()}
        export = services.report_export_request(owner=request.user, params=params)
        return redirect("reports:export", pk=export.pk)
    labels = dict(Track.choices) | dict(ProgramType.choices)
    content = services.xlsx_bytes(
        title=services.export_title(),
        table=table,
        about=services.about_rows(filters, labels=labels),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "xlsx")}"'
    _audit_export(request, "xlsx", form)
    return response


def _audit_export(request, file_format: str, form) -> None:
    filters = {k: str(v) for k, v in form.filters().items() if v not in (None, "")}
    audit_record(
        action=AuditAction.EXPORT_DOWNLOADED,
        request=request,
        details={"report": "endorsed-by-region", "format": file_format, **filters},
    )


def _errors_text(form) -> str:
    lines = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
    return gettext("The report could not be made:") + "\n" + "\n".join(lines) + "\n"


@require_GET
@reports_access
def export_status(request, pk):
    export = get_object_or_404(ReportExport, pk=pk, owner=request.user)
    return render(request, "reports/export_status.html", {"export": export})


@require_GET
@reports_access
def export_download(request, pk):
    export = get_object_or_404(
        ReportExport, pk=pk, owner=request.user, status=ReportExport.Status.DONE
    )
    storage = storages["private"]
    if not export.file_name or not storage.exists(export.file_name):
        raise Http404(gettext("The file is no longer there: make the export again."))
    audit_record(action=AuditAction.EXPORT_DOWNLOADED, request=request, target=export)
    return FileResponse(
        storage.open(export.file_name, "rb"),
        as_attachment=True,
        filename=export.file_name.rsplit("/", 1)[-1],
    )


@require_GET
@reports_access
def coverage(request):
    regions = _regions()
    form = CoverageFilterForm(request.GET, regions=regions)
    form.is_valid()  # every field is a choice: invalid ones are simply dropped
    data = form.cleaned_data
    summary = selectors.coverage_by_region(
        program_type=data.get("program_type", ""), regions=regions
    )
    programs = Paginator(
        selectors.program_list(
            region_code=data.get("region", ""),
            program_type=data.get("program_type", ""),
            coverage=data.get("coverage", ""),
        ),
        PROGRAMS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/coverage.html",
        {"form": form, "summary": summary, "programs": programs},
    )


@require_GET
@reports_access
def diversity(request):
    tables = selectors.workforce_diversity(regions=_regions())
    return render(
        request,
        "reports/diversity.html",
        {
            "tables": tables,
            "threshold": selectors.diversity.suppression_threshold(),
            "marker": SUPPRESSED_MARKER,
        },
    )


@require_GET
@reports_access
def dashboard(request):
    today = timezone.localdate()
    dates = selectors.last_quarter_ends(today=today)
    trend = selectors.endorsed_trend(dates=dates, regions=_regions())
    return render(
        request,
        "reports/dashboard.html",
        {
            "today": today,
            "statuses": selectors.applications_by_status_and_age(),
            "age_buckets": [b[0] for b in selectors.dashboard.AGE_BUCKETS]
            + [selectors.dashboard.AGE_OLDEST],
            "renewals": selectors.renewals_due(today=today),
            "quarter_end": selectors.dashboard.quarter_end(today),
            "lapses": selectors.lapses_recent(today=today),
            "dates": dates,
            "trend": trend,
            "trend_chart": bar_chart(
                [(formatting.month(d), trend[-1].counts[i]) for i, d in enumerate(dates)],
                title=gettext("Endorsed people in all regions at the end of each quarter"),
            ),
            "reviewer_load": selectors.reviewer_load(today=today),
            "credential_statuses": selectors.credentials_by_status(),
            # Sections other apps register (fees: amounts outstanding), see ..panels.
            "panels": dashboard_panels(today=today),
        },
    )


# --- Public directory --------------------------------------------------------------------------


def _public(request, template: str, context: dict, *, status: int = 200):
    response = render(
        request,
        template,
        {**context, "noindex": getattr(settings, "REGISTRY_NOINDEX", True)},
        status=status,
    )
    if getattr(settings, "REGISTRY_NOINDEX", True):
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rate_limited(request, scope: str) -> bool:
    return not hit(scope=scope, request=request, limit=settings.REGISTRY_RATE_LIMIT)


def _directory(request, *, roster: bool):
    scope = "roster" if roster else "registry"
    if _rate_limited(request, scope):
        response = _public(request, "reports/rate_limited.html", {}, status=429)
        response["Retry-After"] = "60"
        return response
    today = timezone.localdate()
    form = DirectorySearchForm(
        request.GET,
        categories=_categories(active_only=True),
        regions=_regions(),
        languages=list(Language.objects.order_by("name")),
    )
    form.is_valid()  # unknown choices are reported next to the field and ignored
    page = CappedPaginator(
        selectors.directory_search(**form.filters(), rsc_providers_on=today if roster else None),
        DIRECTORY_PAGE_SIZE,
        cap=DIRECTORY_LISTED_AT_MOST,
    ).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    selectors.attach_current_categories(page.object_list, rsc_on=today if roster else None)
    searched = any(request.GET.get(k) for k in ("name", "category", "region", "language"))
    template = "reports/rsc_providers.html" if roster else "reports/registry.html"
    return _public(request, template, {"form": form, "page": page, "searched": searched})


@require_GET
def registry(request):
    return _directory(request, roster=False)


@require_GET
def rsc_providers(request):
    return _directory(request, roster=True)


__all__ = [
    "coverage",
    "dashboard",
    "diversity",
    "endorsed_by_region",
    "endorsed_by_region_csv",
    "endorsed_by_region_xlsx",
    "export_download",
    "export_status",
    "lapses",
    "lapses_csv",
    "registry",
    "renewals_due",
    "renewals_due_csv",
    "rsc_providers",
]

"""Named lists for coordinators and registry admins: renewals due in the next 90 days and
lapses in the last 90, each a page and a CSV file."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from core.audit import audit_record
from core.models import AuditAction

from .. import selectors, services

reports_access = role_required(Role.COORDINATOR, Role.REGISTRY_ADMIN)

LIST_PAGE_SIZE = 50


def _renewal_rows(endorsements):
    for e in endorsements:
        yield [
            e.valid_through.isoformat(),
            e.printed_name,
            e.holder.email,
            e.category.code,
            e.number,
            e.get_status_display(),
            selectors.region_of(e.holder),
        ]


def _lapse_rows(events):
    for event in events:
        e = event.endorsement
        yield [
            event.effective_on.isoformat(),
            e.printed_name,
            e.holder.email,
            e.category.code,
            e.number,
            selectors.region_of(e.holder),
        ]


RENEWAL_HEADER = [
    _("Deadline"),
    _("Name"),
    _("Email"),
    _("Category"),
    _("Number"),
    _("Status"),
    _("Region"),
]
LAPSE_HEADER = [_("Lapsed on"), _("Name"), _("Email"), _("Category"), _("Number"), _("Region")]


def _list_page(request, *, template: str, queryset, days: int, today):
    page = Paginator(queryset, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "days": days, "today": today})


def _list_csv(request, *, name: str, title, header, rows, today):
    # The first line says what the file was made from, as the region report's does.
    about = [
        (str(_("Report")), str(title)),
        (str(_("As of")), today.isoformat()),
        (str(_("Days")), str(selectors.lists.LIST_DAYS)),
        (str(_("Made")), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    response = StreamingHttpResponse(
        services.csv_stream([[str(h) for h in header], *rows], about=about),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{today.isoformat()}.csv"'
    audit_record(
        action=AuditAction.EXPORT_DOWNLOADED,
        request=request,
        details={"report": name, "format": "csv", "as_of": today.isoformat()},
    )
    return response


@require_GET
@reports_access
def renewals_due(request):
    today = timezone.localdate()
    return _list_page(
        request,
        template="reports/renewals_due.html",
        queryset=selectors.renewals_due_list(today=today),
        days=selectors.lists.LIST_DAYS,
        today=today,
    )


@require_GET
@reports_access
def renewals_due_csv(request):
    today = timezone.localdate()
    return _list_csv(
        request,
        name="renewals-due",
        title=_("Renewals due"),
        header=RENEWAL_HEADER,
        rows=_renewal_rows(selectors.renewals_due_list(today=today).iterator(chunk_size=2000)),
        today=today,
    )


@require_GET
@reports_access
def lapses(request):
    today = timezone.localdate()
    return _list_page(
        request,
        template="reports/lapses.html",
        queryset=selectors.lapses_list(today=today),
        days=selectors.lists.LIST_DAYS,
        today=today,
    )


@require_GET
@reports_access
def lapses_csv(request):
    today = timezone.localdate()
    return _list_csv(
        request,
        name="lapses",
        title=_("Lapses"),
        header=LAPSE_HEADER,
        rows=_lapse_rows(selectors.lapses_list(today=today).iterator(chunk_size=2000)),
        today=today,
    )

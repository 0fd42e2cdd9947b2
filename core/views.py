import csv
import json
from datetime import UTC as dt_timezone_utc

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import mail, selectors
from .access import AUDIT_ALL, audit_reach, audit_reader_required
from .audit import audit_record
from .forms import AuditFilterForm
from .models import AuditAction
from .spreadsheets import about_line, row_safe


@require_GET
def home(request):
    return render(request, "core/home.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# Seconds a visitor is asked to wait when a service the page needs is down (Retry-After).
RETRY_AFTER_SECONDS = 60


def _outage(exc: BaseException | None) -> bool:
    """The error is a service that did not answer (the database, Redis, the broker), not a bug."""
    from django.db import InterfaceError
    from django.db import OperationalError as DatabaseDown
    from kombu.exceptions import OperationalError as BrokerDown
    from redis.exceptions import ConnectionError as RedisDown
    from redis.exceptions import TimeoutError as RedisTimeout

    while exc is not None:
        if isinstance(exc, (DatabaseDown, InterfaceError, BrokerDown, RedisDown, RedisTimeout)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    """The 500 handler. An outage of the database or Redis answers 503 with Retry-After and a
    plain "try again in a minute"; anything else is a 500 that promises nothing it cannot
    know. No context processors and no database: the database may be what failed."""
    import sys

    from django.http import HttpResponse
    from django.template import loader

    from .files import StorageFull

    context = {"association_name": settings.ASSOCIATION_NAME}
    error = sys.exc_info()[1]
    if isinstance(error, StorageFull) or isinstance(getattr(error, "__cause__", None), StorageFull):
        # 507 Insufficient Storage: nothing was kept (core.files wrote nothing partial and the
        # transaction that would have recorded the file rolled back).
        response = HttpResponse(loader.get_template("507.html").render(context), status=507)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS * 10)
        return response
    if _outage(error):
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


@require_GET
def dev_outbox(request):
    if not settings.DEBUG:
        raise Http404
    return render(request, "core/dev_outbox.html", {"messages_sent": mail.outbox_messages()})


@require_GET
def dev_outbox_message(request, message_id):
    message = mail.outbox_message(message_id) if settings.DEBUG else None
    if message is None:
        raise Http404
    return render(request, "core/dev_outbox_message.html", {"message": message})


def _audit_filters(request):
    form = AuditFilterForm(request.GET or None, actions=AuditAction.choices)
    return form, form.filters()


@require_GET
@audit_reader_required
def audit_log(request):
    """Registry admins: the whole trail; coordinators: the applications they handle."""
    form, filters = _audit_filters(request)
    events = selectors.audit_events_for(user=request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "form": form,
            "filtered": any(v not in ("", None) for v in filters.values()),
            "query": query.urlencode(),
            "everything": audit_reach(request.user) == AUDIT_ALL,
        },
    )


AUDIT_CSV_HEADER = [
    _("When (UTC)"),
    _("Who"),
    _("What"),
    _("Action code"),
    _("About"),
    _("Application"),
    _("From"),
    _("Details"),
]


@require_GET
@audit_reader_required
def audit_log_csv(request):
    """The filtered view as CSV: what it was made from first, formulas neutralised."""
    form, filters = _audit_filters(request)
    if request.GET and not form.is_valid():
        lines = [f"{form.fields[n].label}: {' '.join(e)}" for n, e in form.errors.items()]
        return HttpResponseBadRequest(
            gettext("The export could not be made:") + "\n" + "\n".join(lines) + "\n",
            content_type="text/plain; charset=utf-8",
        )
    events = selectors.audit_events_for(user=request.user, **filters)
    shown = {k: str(v) for k, v in filters.items() if v not in ("", None)}
    about = [
        (gettext("Report"), gettext("Audit log")),
        (
            gettext("Scope"),
            gettext("everything")
            if audit_reach(request.user) == AUDIT_ALL
            else gettext("applications"),
        ),
        *((key, value) for key, value in shown.items()),
        (gettext("Made"), timezone.now().strftime("%Y-%m-%d %H:%M UTC")),
    ]
    audit_record(
        action=AuditAction.EXPORT_DOWNLOADED,
        request=request,
        details={"report": "audit-log", "format": "csv", **shown},
    )

    # Written now, in the page's language: the rows are streamed after the view returns.
    header = [str(title) for title in AUDIT_CSV_HEADER]
    action_labels = {code: str(label) for code, label in AuditAction.choices}

    def rows():
        yield [about_line(about)]
        yield header
        for event in events.iterator(chunk_size=2000):
            yield [
                event.created_at.astimezone(dt_timezone_utc).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor_email,
                action_labels.get(event.action, event.action),
                event.action,
                event.target_repr,
                event.application_id or "",
                event.ip_address or "",
                json.dumps(event.details, sort_keys=True, default=str),
            ]

    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row_safe(row)) for row in rows()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value):
        return value

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role

from . import mail, selectors
from .models import AuditAction


@require_GET
def home(request):
    return render(request, "core/home.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"association_name": settings.ASSOCIATION_NAME}))


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


@require_GET
@role_required(Role.REGISTRY_ADMIN)
def audit_log(request):
    action = request.GET.get("action", "")
    if action not in AuditAction.values:
        action = ""
    email = request.GET.get("email", "")[:254]
    page = Paginator(selectors.audit_events(action=action, email=email), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "action": action, "email": email},
    )


@require_GET
def bench_baseline(request):
    """The bare baseline for `make bench`: 50 rows from PostgreSQL through a minimal template.

    Mounted only when BENCH_BASELINE is on (the benchmark's own server), never in production.
    """
    from accounts.models import User

    rows = list(User.objects.order_by("pk").values("pk", "email", "given_name")[:50])
    return render(request, "core/bench_baseline.html", {"rows": rows})

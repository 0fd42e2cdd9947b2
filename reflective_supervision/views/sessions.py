"""The RSC log: list with totals and filters, add, edit, delete, and quick entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from applicants.models import AgeBand
from core import formatting

from .. import selectors, services
from ..forms import LogFilterForm, QuickEntryForm, SessionForm
from ..models import SupervisionSession

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def log(request):
    providers = list(selectors.providers_for_user(request.user))
    filter_form = LogFilterForm(request.GET or None, providers=providers)
    filters = filter_form.filters()
    sessions = selectors.session_log_for_user(user=request.user, **filters)
    page = Paginator(selectors.sessions_with_awaiting(sessions), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    totals = selectors.session_totals(sessions) if page.paginator.count else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reflective_supervision/log.html",
        {
            "filter_form": filter_form,
            "filtered": bool(set(request.GET) - {"page"}),
            "page": page,
            "totals": totals,
            "asks": selectors.attestation_asks_for_user(user=request.user),
            "open_requests": selectors.open_requests_with_delivery(user=request.user),
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request):
    providers = selectors.providers_for_user(request.user)
    form = SessionForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        session = services.supervision_session_log(
            supervisee=request.user,
            facts=form.facts(on=form.cleaned_data["date"]),
            provider=form.provider_spec(),
        )
        messages.success(
            request,
            _("Session on %(day)s added to your log.") % {"day": formatting.day(session.date)},
        )
        if "add_another" in request.POST:
            return redirect("reflective_supervision:add")
        return redirect("reflective_supervision:log")
    return render(request, "reflective_supervision/session_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    providers = selectors.providers_for_user(request.user)
    form = SessionForm(
        request.POST or None, providers=providers, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        reset = services.supervision_session_update(
            session=session,
            facts=form.facts(on=form.cleaned_data["date"]),
            provider=form.provider_spec(),
            by=request.user,
        )
        if reset:
            messages.warning(
                request,
                _(
                    "Session changed. Because the provider had already answered, it is "
                    "unconfirmed again: ask them to confirm it."
                ),
            )
        else:
            messages.success(request, _("Session changed."))
        return redirect("reflective_supervision:log")
    return render(
        request, "reflective_supervision/session_form.html", {"form": form, "session": session}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        services.supervision_session_delete(session=session)
        messages.success(
            request,
            _("Session on %(day)s deleted from your log.") % {"day": formatting.day(session.date)},
        )
        return redirect("reflective_supervision:log")
    return render(request, "reflective_supervision/session_delete.html", {"session": session})


@login_required
@require_http_methods(["GET", "POST"])
def quick_entry(request):
    providers = selectors.providers_for_user(request.user)
    form = QuickEntryForm(request.POST or None, providers=providers)
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        dates = services.quick_entry_dates(
            start=form.cleaned_data["start"],
            every_weeks=form.cleaned_data["every_weeks"],
            count=form.cleaned_data["count"],
        )
        if "confirm" in request.POST:
            provider = form.provider_spec()
            sessions = services.supervision_sessions_log_many(
                supervisee=request.user,
                entries=[(form.facts(on=d), provider) for d in dates],
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s session added to your log.",
                    "%(count)s sessions added to your log.",
                    len(sessions),
                )
                % {"count": len(sessions)},
            )
            return redirect("reflective_supervision:log")
        return render(
            request,
            "reflective_supervision/quick_preview.html",
            {
                "form": form,
                "dates": dates,
                "provider_label": _provider_label(form),
                "duration": form.duration_minutes(),
                "format": SupervisionSession.Format(form.cleaned_data["format"]).label,
                "modality": SupervisionSession.Modality(form.cleaned_data["modality"]).label,
                "focus": SupervisionSession.Focus(form.cleaned_data["focus"]).label,
                "age_band": AgeBand(form.cleaned_data["age_band"]).label,
            },
        )
    return render(request, "reflective_supervision/quick_entry.html", {"form": form})


def _provider_label(form) -> str:
    spec = form.provider_spec()
    if spec is None:
        return _("Peer supervision (no identified provider)")
    return spec.name

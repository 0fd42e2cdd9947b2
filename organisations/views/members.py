"""The pages of an organisation's staff: registration, rosters and their results."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.formatting import number
from core.spreadsheets import row_safe
from endorsements.credentials.selectors import public_status_label

from .. import forms, selectors
from ..access import organisation_staff_required
from ..models import RosterOutcome
from ..rosters import TEMPLATE_HEADER
from ..services import organisations as organisation_services
from ..services import rosters as roster_services
from ..services import watches as watch_services

RESULTS_PER_PAGE = 100


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """A signed-in person registers the organisation they work for."""
    membership = selectors.membership_for(user=request.user)
    if membership is not None:
        return redirect("organisations:home")
    form = forms.OrganisationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation_services.organisation_register(user=request.user, **form.cleaned_data)
        return redirect("organisations:home")
    return render(request, "organisations/register.html", {"form": form})


@organisation_staff_required
@require_GET
def home(request):
    organisation = request.membership.organisation
    rosters = list(selectors.rosters_for(organisation=organisation)[:20])
    return render(
        request,
        "organisations/home.html",
        {"organisation": organisation, "rosters": rosters},
    )


@organisation_staff_required
@require_http_methods(["GET", "POST"])
def roster_new(request):
    form = forms.RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = roster_services.roster_run_create(
            organisation=request.membership.organisation,
            user=request.user,
            filename=form.cleaned_data["file"].name,
            lines=form.lines,
        )
        return redirect("organisations:roster_detail", pk=run.pk)
    return render(request, "organisations/roster_new.html", {"form": form})


@organisation_staff_required
@require_GET
def roster_template(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="staff-roster-template.csv"'
    response.write("\ufeff")  # Excel reads a UTF-8 file as UTF-8 only with this mark
    writer = csv.writer(response)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(["Ana Example", "ana@example.org", ""])
    writer.writerow(["", "", "CT-AIMH-IFA-2026-0001"])
    return response


@organisation_staff_required
@require_GET
def roster_detail(request, pk: int):
    run = selectors.roster_get_for_member(organisation=request.membership.organisation, pk=pk)
    page = None
    if run.status == "done":
        page = Paginator(selectors.roster_lines(run), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "organisations/roster_detail.html",
        {"run": run, "page": page, "outcomes": RosterOutcome},
    )


@organisation_staff_required
@require_GET
def roster_download(request, pk: int):
    """Every line as uploaded, with what it matched: one row per credential found (a person
    with two categories has two rows), one row for a line that matched nobody.

    Written in the requester's language, as the page; the last column keeps the status code
    ("active") for a spreadsheet that filters on it whatever the language."""
    run = selectors.roster_get_for_member(organisation=request.membership.organisation, pk=pk)
    if run.status != "done":
        messages.info(request, _("The results are not ready yet."))
        return redirect("organisations:roster_detail", pk=run.pk)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Line"),
            _("Name"),
            _("Email"),
            _("Endorsement number given"),
            _("Result"),
            _("Endorsement number"),
            _("Category"),
            _("Status"),
            _("Current"),
            _("Valid through"),
            _("Status code"),
        ]
    )
    labels = dict(RosterOutcome.choices)
    for line in selectors.roster_lines(run).iterator(chunk_size=2000):
        given = [line.line, line.name, line.email, line.number, str(labels[line.outcome])]
        if not line.results:
            writer.writerow(row_safe([*given, "", "", "", "", "", ""]))
        for result in line.results:
            writer.writerow(
                row_safe(
                    [
                        *given,
                        result["number"],
                        f"{result['category']} ({result['category_code']})",
                        public_status_label(result["status"]),
                        _("yes") if result["current"] else _("no"),
                        result["valid_through"],
                        result["status"],
                    ]
                )
            )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{run.pk}-results.csv"'
    return response


@organisation_staff_required
@require_POST
def watch_add(request, pk: int):
    """Watch the credentials one roster line matched, or (no `line`) every line's."""
    line = request.POST.get("line")
    credentials = selectors.roster_line_credentials(
        organisation=request.membership.organisation,
        run_pk=pk,
        line_pk=int(line) if line and line.isdigit() else None,
    )
    added = watch_services.watch_start(
        organisation=request.membership.organisation, user=request.user, endorsements=credentials
    )
    messages.success(
        request,
        ngettext(
            "You now watch %(count)s more endorsement.",
            "You now watch %(count)s more endorsements.",
            added,
        )
        % {"count": number(added)},
    )
    return redirect("organisations:watches")


@organisation_staff_required
@require_GET
def watches(request):
    return render(
        request,
        "organisations/watches.html",
        {"watches": list(selectors.watches_for(organisation=request.membership.organisation))},
    )


@organisation_staff_required
@require_POST
def watch_stop(request, pk: int):
    watch = selectors.watch_get_for_member(organisation=request.membership.organisation, pk=pk)
    watch_services.watch_stop(watch=watch, user=request.user)
    messages.success(request, _("You no longer watch that endorsement."))
    return redirect("organisations:watches")

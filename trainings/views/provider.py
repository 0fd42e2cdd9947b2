"""A training provider's staff: their trainings, submitting one, attendance rosters."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisations.access import organisation_staff_required
from organisations.models import OrganisationKind

from .. import forms, selectors
from ..models import MatchOutcome, RosterState
from ..rosters import TEMPLATE_HEADER
from ..services import attendance as attendance_services
from ..services import catalog as catalog_services


def _provider(request):
    """The signed-in staff member's organisation when it offers trainings, else 404 (an
    employer's staff have no training pages)."""
    from django.http import Http404

    organisation = request.membership.organisation
    if organisation.kind != OrganisationKind.TRAINING_PROVIDER:
        raise Http404("Not a training provider.")
    return organisation


@organisation_staff_required
@require_GET
def provider_home(request):
    organisation = _provider(request)
    return render(
        request,
        "trainings/provider_home.html",
        {
            "organisation": organisation,
            "trainings": list(selectors.trainings_of_provider(organisation=organisation)),
        },
    )


@organisation_staff_required
@require_http_methods(["GET", "POST"])
def training_new(request):
    organisation = _provider(request)
    form = forms.CatalogTrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        training = catalog_services.catalog_training_submit(
            organisation=organisation, user=request.user, data=form.service_data()
        )
        messages.success(
            request,
            _(
                "The training is submitted. A coordinator checks it before it appears in the "
                "catalog; you will get an email."
            ),
        )
        return redirect("trainings:provider_training", pk=training.pk)
    return render(request, "trainings/training_form.html", {"form": form})


@organisation_staff_required
@require_GET
def provider_training(request, pk: int):
    organisation = _provider(request)
    training = selectors.catalog_training_get_for_provider(organisation=organisation, pk=pk)
    return render(
        request,
        "trainings/provider_training.html",
        {
            "training": training,
            "rosters": list(selectors.rosters_of_training(training)),
            "attendees": list(selectors.attendees_of_training(training)),
            "history": list(selectors.training_history(training)),
            "form": forms.AttendanceUploadForm(),
        },
    )


@organisation_staff_required
@require_http_methods(["GET", "POST"])
def roster_new(request, pk: int):
    organisation = _provider(request)
    training = selectors.catalog_training_get_for_provider(organisation=organisation, pk=pk)
    form = forms.AttendanceUploadForm(request.POST or None, request.FILES or None)
    if not training.is_approved:
        return render(request, "trainings/roster_refused.html", {"training": training}, status=409)
    if request.method == "POST" and form.is_valid():
        roster = attendance_services.roster_upload(
            training=training,
            user=request.user,
            filename=form.cleaned_data["file"].name,
            lines=form.lines,
        )
        return redirect("trainings:roster_detail", pk=roster.pk)
    return render(request, "trainings/roster_new.html", {"training": training, "form": form})


@organisation_staff_required
@require_GET
def roster_template(request):
    _provider(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attendance-template.csv"'
    response.write("\ufeff")  # Excel reads a UTF-8 file as UTF-8 only with this mark
    writer = csv.writer(response)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(["Ana Example", "ana@example.org", "12"])
    return response


@organisation_staff_required
@require_GET
def roster_detail(request, pk: int):
    organisation = _provider(request)
    roster = selectors.roster_get_for_provider(organisation=organisation, pk=pk)
    lines = list(selectors.roster_lines(roster))
    counts = dict.fromkeys(MatchOutcome.values, 0)
    for line in lines:
        counts[line.outcome] += 1
    blocking = counts[MatchOutcome.INVALID] + counts[MatchOutcome.AMBIGUOUS]
    return render(
        request,
        "trainings/roster_detail.html",
        {
            "roster": roster,
            "training": roster.training,
            "lines": lines,
            "counts": counts,
            "blocking": blocking,
            "preview": roster.state == RosterState.PREVIEW,
            "outcomes": MatchOutcome,
        },
    )


@organisation_staff_required
@require_http_methods(["GET", "POST"])
def roster_line_fix(request, pk: int, line: int):
    organisation = _provider(request)
    roster = selectors.roster_get_for_provider(organisation=organisation, pk=pk)
    row = roster.lines.filter(line=line).first()
    if row is None or roster.state != RosterState.PREVIEW:
        from django.http import Http404

        raise Http404("No such line.")
    initial = {"name": row.name, "email": row.email, "hours": row.hours_typed or None}
    if row.minutes and not row.hours_typed:
        initial["hours"] = row.minutes / 60
    form = forms.LineFixForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        attendance_services.roster_line_fix(
            line=row,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            hours=form.cleaned_data["hours"],
            skip=form.cleaned_data["skip"],
        )
        messages.success(request, _("Line %(line)s is updated.") % {"line": row.line})
        return redirect("trainings:roster_detail", pk=roster.pk)
    return render(
        request,
        "trainings/roster_line_fix.html",
        {"roster": roster, "row": row, "form": form, "outcomes": MatchOutcome},
    )


@organisation_staff_required
@require_POST
def roster_confirm(request, pk: int):
    organisation = _provider(request)
    roster = selectors.roster_get_for_provider(organisation=organisation, pk=pk)
    try:
        counts = attendance_services.roster_confirm(roster=roster, user=request.user)
    except attendance_services.RosterNotReady:
        messages.error(
            request,
            _("Fix or leave out the lines marked as needing attention, then confirm again."),
        )
        return redirect("trainings:roster_detail", pk=roster.pk)
    messages.success(
        request,
        _("Attendance confirmed: %(credited)s credited, %(invited)s invited to sign up.") % counts,
    )
    return redirect("trainings:provider_training", pk=roster.training_id)

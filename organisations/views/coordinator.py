"""Coordinators approve (or decline, suspend, restore) organisations."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from core.transitions import TransitionNotAllowed

from .. import forms, selectors
from ..models import OrganisationStatus
from ..services import organisations as organisation_services


@role_required(Role.COORDINATOR)
@require_GET
def queue(request):
    return render(
        request,
        "organisations/queue.html",
        {
            "waiting": list(selectors.organisations_waiting()),
            "organisations": list(selectors.organisations_all()),
        },
    )


@role_required(Role.COORDINATOR)
@require_GET
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_get_for_coordinator(user=request.user, pk=pk)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "staff": selectors.organisation_staff(organisation),
            "form": forms.DecisionForm(),
        },
    )


def _decide(request, pk: int, to: str, done: str):
    organisation = selectors.organisation_get_for_coordinator(user=request.user, pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return redirect("organisations:organisation_detail", pk=pk)
    try:
        organisation_services.organisation_transition(
            organisation=organisation, to=to, actor=request.user, note=form.cleaned_data["note"]
        )
    except TransitionNotAllowed:
        messages.error(request, _("That change is not possible now: the page was out of date."))
    else:
        messages.success(request, done % {"name": organisation.name})
    return redirect("organisations:organisation_detail", pk=pk)


@role_required(Role.COORDINATOR)
@require_POST
def organisation_approve(request, pk: int):
    return _decide(request, pk, OrganisationStatus.APPROVED, _("%(name)s is approved."))


@role_required(Role.COORDINATOR)
@require_POST
def organisation_decline(request, pk: int):
    return _decide(request, pk, OrganisationStatus.DECLINED, _("%(name)s was declined."))


@role_required(Role.COORDINATOR)
@require_POST
def organisation_suspend(request, pk: int):
    return _decide(request, pk, OrganisationStatus.SUSPENDED, _("%(name)s is suspended."))

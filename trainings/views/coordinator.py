"""Coordinators approve (with changes) or decline catalog trainings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from core.transitions import TransitionNotAllowed

from .. import forms, selectors
from ..models import TrainingStatus
from ..services import catalog as catalog_services


@role_required(Role.COORDINATOR)
@require_GET
def queue(request):
    return render(
        request,
        "trainings/queue.html",
        {"waiting": list(selectors.trainings_waiting()), "decided": selectors.trainings_decided()},
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """The training as submitted, editable: approving saves any change made here."""
    training = selectors.catalog_training_get_for_coordinator(user=request.user, pk=pk)
    form = forms.CatalogTrainingForm(request.POST or None, instance=training)
    decision = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and decision.is_valid():
        try:
            catalog_services.catalog_training_transition(
                training=training,
                to=TrainingStatus.APPROVED,
                actor=request.user,
                note=decision.cleaned_data["note"],
                changes=form.service_data(),
            )
        except (TransitionNotAllowed, PermissionError):
            messages.error(request, _("That change is not possible now: the page was out of date."))
        else:
            messages.success(request, _("The training is approved and in the catalog."))
        return redirect("trainings:queue")
    if request.method == "POST":
        # The form validated the provider's facts again (ModelForm): restore what is saved.
        training.refresh_from_db()
    return render(
        request,
        "trainings/review.html",
        {
            "training": training,
            "form": form,
            "decision": decision,
            "decline": forms.DecisionForm(prefix="decline"),
            "history": list(selectors.training_history(training)),
            "pending": training.status == TrainingStatus.PENDING,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def decline(request, pk: int):
    training = selectors.catalog_training_get_for_coordinator(user=request.user, pk=pk)
    decision = forms.DecisionForm(request.POST, prefix="decline")
    note = decision.cleaned_data["note"] if decision.is_valid() else ""
    try:
        catalog_services.catalog_training_transition(
            training=training, to=TrainingStatus.DECLINED, actor=request.user, note=note
        )
    except (TransitionNotAllowed, PermissionError):
        messages.error(request, _("That change is not possible now: the page was out of date."))
    else:
        messages.success(request, _("The training is declined; the provider is told."))
    return redirect("trainings:queue")

"""Coordinators' tools for running a review: return before review, replace or remove a
reviewer, extend a due date, and held decisions released together."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from endorsements.models import ApplicationStatus

from .. import selectors, services
from ..conflicts import conflicts_for
from ..forms import (
    AssignmentExtendForm,
    AssignmentRemoveForm,
    AssignmentReplaceForm,
    HeldDecisionsForm,
    ReturnForm,
)
from ._auth import coordinator_required

S = ApplicationStatus


@coordinator_required
def application_return(request, pk: int):
    application = selectors.application_for_coordinator(user=request.user, pk=pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_return_incomplete(
                application=application, actor=request.user, message=form.cleaned_data["message"]
            )
        except services.AssignmentRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The application is back with the applicant, who has been emailed.")
            )
            return redirect("review:inbox")
    return render(
        request,
        "review/return.html",
        {
            "application": application,
            "form": form,
            "cancel_url": reverse("review:decide", args=[application.pk]),
        },
    )


def _assignment_page(request, template, assignment, form, **extra):
    return render(
        request,
        template,
        {
            "assignment": assignment,
            "application": assignment.application,
            "form": form,
            "cancel_url": reverse("review:decide", args=[assignment.application_id]),
            **extra,
        },
    )


@coordinator_required
def assignment_replace(request, pk: int):
    assignment = selectors.assignment_for_coordinator(user=request.user, pk=pk)
    application = assignment.application
    on_round = selectors.round_assignments(application, assignment.round)
    reviewers = (
        selectors.reviewers_with_load()
        .exclude(pk=application.applicant_id)
        .exclude(pk__in=[a.reviewer_id for a in on_round])
    )
    candidates = list(reviewers)
    flags = conflicts_for(application=application, reviewers=candidates)
    form = AssignmentReplaceForm(request.POST or None, reviewers=reviewers)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_replace(
                assignment=assignment,
                reviewer=form.cleaned_data["reviewer"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                override_reason=form.override_text,
            )
        except services.AssignmentRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(name)s now reviews this application and has been emailed.")
                % {"name": form.cleaned_data["reviewer"].full_name},
            )
            return redirect("review:decide", pk=application.pk)
    return _assignment_page(
        request,
        "review/assignment_replace.html",
        assignment,
        form,
        candidates=[(r, flags.get(r.pk, [])) for r in candidates],
    )


@coordinator_required
def assignment_remove(request, pk: int):
    assignment = selectors.assignment_for_coordinator(user=request.user, pk=pk)
    form = AssignmentRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_remove(
                assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AssignmentRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(name)s no longer reviews this application.")
                % {"name": assignment.reviewer.full_name},
            )
            return redirect("review:decide", pk=assignment.application_id)
    return _assignment_page(request, "review/assignment_remove.html", assignment, form)


@coordinator_required
def assignment_extend(request, pk: int):
    assignment = selectors.assignment_for_coordinator(user=request.user, pk=pk)
    form = AssignmentExtendForm(request.POST or None, current_due_on=assignment.due_on)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_extend(
                assignment=assignment,
                due_on=form.cleaned_data["due_on"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.AssignmentRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Due date moved. %(name)s has been emailed.")
                % {"name": assignment.reviewer.full_name},
            )
            return redirect("review:decide", pk=assignment.application_id)
    return _assignment_page(request, "review/assignment_extend.html", assignment, form)


@coordinator_required
def held_decisions(request):
    decisions = selectors.held_decisions()
    form = HeldDecisionsForm(request.POST or None, decisions=decisions)
    if request.method == "POST" and form.is_valid():
        result = services.decisions_release(
            decisions=form.chosen, actor=request.user, request=request
        )
        if result.released:
            count = len(result.released)
            messages.success(
                request,
                ngettext(
                    "%(count)d decision released: the applicant has been told.",
                    "%(count)d decisions released: the applicants have been told.",
                    count,
                )
                % {"count": count},
            )
        for decision, reason in result.refused:
            messages.error(
                request,
                _("Not released: %(name)s (%(code)s). %(reason)s")
                % {
                    "name": decision.application.applicant.full_name,
                    "code": decision.application.category.code,
                    "reason": reason,
                },
            )
        return redirect("review:held_decisions")
    return render(request, "review/held_decisions.html", {"decisions": decisions, "form": form})


@require_POST
@coordinator_required
def held_decision_cancel(request, pk: int):
    decision = selectors.held_decision_for_coordinator(user=request.user, pk=pk)
    try:
        services.decision_hold_cancel(decision=decision, actor=request.user)
    except services.DecisionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The held decision is cancelled: decide again."))
    return redirect("review:decide", pk=decision.application_id)

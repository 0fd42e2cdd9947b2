"""Coordinators' pages for credentials: renewals and holders' requests to decide, overdue
renewal decisions, and each credential (suspend, lift, revoke) with its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.transitions import HistoryAudience
from endorsements.models import EndorsementStatus

from .. import forms, selectors
from ..models import RenewalStatus
from ..services import certificates, lifecycle, overdue, renewals, requests

E = EndorsementStatus
PAGE_SIZE = 50


def _staff_only(request) -> None:
    if not selectors.is_renewal_staff(request.user):
        raise Http404


# --- Renewals ---------------------------------------------------------------------------------


@require_GET
@login_required
def renewal_queue(request):
    _staff_only(request)
    return render(
        request,
        "credentials/renewal_queue.html",
        {
            "submissions": list(selectors.renewal_queue()),
            "requests": list(selectors.requests_waiting()),
        },
    )


@require_GET
@login_required
def renewals_overdue(request):
    _staff_only(request)
    return render(
        request,
        "credentials/renewals_overdue.html",
        {"overdue": overdue.renewals_overdue()},
    )


@require_GET
@login_required
def renewal_detail(request, pk: int):
    submission = selectors.renewal_get_for_staff(user=request.user, pk=pk)
    return _detail(request, submission)


def _detail(request, submission, approve_form=None, decline_form=None, status=200):
    policy = renewals.renewal_cycle_for(endorsement=submission.endorsement).policy
    return render(
        request,
        "credentials/renewal_detail.html",
        {
            "submission": submission,
            "endorsement": submission.endorsement,
            "approve_form": approve_form or forms.ApproveForm(prefix="approve"),
            "decline_form": decline_form or forms.DeclineForm(prefix="decline"),
            "decidable": submission.status
            in (RenewalStatus.SUBMITTED, RenewalStatus.AUDIT_SUBMITTED),
            "declinable": submission.status == RenewalStatus.AUDIT,
            "events": selectors.renewal_history(submission, audience=HistoryAudience.STAFF),
            "policy": policy,
        },
        status=status,
    )


@require_POST
@login_required
def renewal_approve(request, pk: int):
    submission = selectors.renewal_get_for_staff(user=request.user, pk=pk)
    form = forms.ApproveForm(request.POST, prefix="approve")
    if not form.is_valid():
        return _detail(request, submission, approve_form=form, status=400)
    try:
        renewals.renewal_approve(
            submission=submission, actor=request.user, note=form.cleaned_data["note"]
        )
    except renewals.RenewalNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("credentials:renewal_detail", pk=submission.pk)
    messages.success(
        request,
        _("Renewal approved: %(name)s is valid through %(day)s.")
        % {
            "name": submission.endorsement.printed_name,
            "day": certificates.date_text(submission.new_valid_through),
        },
    )
    return redirect("credentials:renewal_queue")


@require_POST
@login_required
def renewal_decline(request, pk: int):
    submission = selectors.renewal_get_for_staff(user=request.user, pk=pk)
    form = forms.DeclineForm(request.POST, prefix="decline")
    if not form.is_valid():
        return _detail(request, submission, decline_form=form, status=400)
    try:
        renewals.renewal_decline(
            submission=submission, actor=request.user, note=form.cleaned_data["note"]
        )
    except renewals.RenewalNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("credentials:renewal_detail", pk=submission.pk)
    messages.success(request, _("Renewal not approved; the holder has been emailed why."))
    return redirect("credentials:renewal_queue")


# --- Holders' requests ------------------------------------------------------------------------


def _request_page(request, credential_request, approve_form=None, decline_form=None, status=200):
    return render(
        request,
        "credentials/request_detail.html",
        {
            "request_row": credential_request,
            "endorsement": credential_request.endorsement,
            "events": selectors.request_history(credential_request, audience=HistoryAudience.STAFF),
            "approve_form": approve_form
            or forms.RequestApproveForm(
                prefix="approve", references_required=credential_request.references_required
            ),
            "decline_form": decline_form or forms.ReasonForm(prefix="decline"),
        },
        status=status,
    )


@require_GET
@login_required
def request_detail(request, pk: int):
    credential_request = selectors.request_get_for_staff(user=request.user, pk=pk)
    return _request_page(request, credential_request)


@require_POST
@login_required
def request_approve(request, pk: int):
    credential_request = selectors.request_get_for_staff(user=request.user, pk=pk)
    form = forms.RequestApproveForm(
        request.POST, prefix="approve", references_required=credential_request.references_required
    )
    if not form.is_valid():
        return _request_page(request, credential_request, approve_form=form, status=400)
    try:
        requests.credential_request_approve(
            request=credential_request,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
            references_checked=form.cleaned_data.get("references_checked", False),
        )
    except requests.RequestRefused as refused:
        messages.error(request, str(refused))
        return redirect("credentials:request_detail", pk=credential_request.pk)
    messages.success(request, _("Request approved: the holder has been emailed."))
    return redirect("credentials:renewal_queue")


@require_POST
@login_required
def request_decline(request, pk: int):
    credential_request = selectors.request_get_for_staff(user=request.user, pk=pk)
    form = forms.ReasonForm(request.POST, prefix="decline")
    if not form.is_valid():
        return _request_page(request, credential_request, decline_form=form, status=400)
    try:
        requests.credential_request_decline(
            request=credential_request, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except requests.RequestRefused as refused:
        messages.error(request, str(refused))
        return redirect("credentials:request_detail", pk=credential_request.pk)
    messages.success(request, _("Request declined: the holder has been emailed why."))
    return redirect("credentials:renewal_queue")


# --- Credentials ------------------------------------------------------------------------------


@require_GET
@login_required
def staff_credentials(request):
    _staff_only(request)
    form = forms.CredentialSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(selectors.credential_search(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "credentials/staff_credentials.html", {"form": form, "page": page, "q": q}
    )


@require_GET
@login_required
def staff_credential(request, pk: int):
    endorsement = selectors.credential_get_for_staff(user=request.user, pk=pk)
    return render(
        request,
        "credentials/staff_credential.html",
        {
            "endorsement": endorsement,
            "events": selectors.credential_history(endorsement, audience=HistoryAudience.STAFF),
            "own": endorsement.holder_id == request.user.pk,
            "suspendable": endorsement.status in lifecycle.SUSPENDABLE,
            "suspended": endorsement.status == E.SUSPENDED,
            "revocable": endorsement.status != E.REVOKED,
        },
    )


ACTIONS = {
    "suspend": (
        lifecycle.endorsement_suspend,
        "credentials/credential_action.html",
        gettext_lazy(
            "Suspended: the registry and verification show it at once; the holder is emailed."
        ),
    ),
    "lift": (
        lifecycle.endorsement_suspension_lift,
        "credentials/credential_action.html",
        gettext_lazy("Suspension lifted: the holder is emailed."),
    ),
    "revoke": (
        lifecycle.endorsement_revoke,
        "credentials/credential_action.html",
        gettext_lazy(
            "Revoked: the registry and verification show it at once; the holder is emailed."
        ),
    ),
}


def _credential_action(request, pk: int, action: str):
    endorsement = selectors.credential_get_for_staff(user=request.user, pk=pk)
    service, template, done = ACTIONS[action]
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(endorsement=endorsement, actor=request.user, reason=form.cleaned_data["reason"])
        except lifecycle.CredentialActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, str(done))
            return redirect("credentials:staff_credential", pk=endorsement.pk)
    return render(request, template, {"endorsement": endorsement, "form": form, "action": action})


@require_http_methods(["GET", "POST"])
@login_required
def credential_suspend(request, pk: int):
    return _credential_action(request, pk, "suspend")


@require_http_methods(["GET", "POST"])
@login_required
def credential_lift(request, pk: int):
    return _credential_action(request, pk, "lift")


@require_http_methods(["GET", "POST"])
@login_required
def credential_revoke(request, pk: int):
    return _credential_action(request, pk, "revoke")

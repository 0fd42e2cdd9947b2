"""Pages of the memberships app. Thin: parse, authorise (selectors), call one service, respond.

Staff pages are for coordinators and registry admins (anyone else gets 404: the pages'
existence does not leak); "My membership" is each person's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import member_list, selectors, services
from .forms import ClaimRejectForm, MemberListUploadForm, RecordForm


def _staff(request) -> None:
    if not selectors.is_membership_staff(request.user):
        raise Http404


@require_GET
@login_required
def my_memberships(request):
    records = list(selectors.memberships_for_person(person=request.user))
    today = timezone.localdate()
    return render(
        request,
        "memberships/mine.html",
        {
            "records": [r for r in records if r.status == "recorded"],
            "claim": selectors.claim_latest(person=request.user),
            "current": next((r for r in records if r.covers(today)), None),
        },
    )


@require_GET
@login_required
def person_records(request, person_id: int):
    person = selectors.person_get_for_staff(user=request.user, pk=person_id)
    rows = list(selectors.memberships_for_person(person=person))
    return render(
        request,
        "memberships/person.html",
        {"person": person, "rows": rows, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_add(request, person_id: int):
    person = selectors.person_get_for_staff(user=request.user, pk=person_id)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_record(person=person, actor=request.user, **form.cleaned_data)
        except services.MembershipRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The membership is recorded."))
            return redirect("memberships:person", person_id=person.pk)
    return render(request, "memberships/record_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@login_required
def record_edit(request, pk: int):
    record = selectors.record_get_for_staff(user=request.user, pk=pk)
    form = RecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(record=record, actor=request.user, data=form.cleaned_data)
        except services.MembershipRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The membership record is corrected."))
            return redirect("memberships:person", person_id=record.person_id)
    return render(
        request,
        "memberships/record_form.html",
        {"form": form, "person": record.person, "record": record},
    )


@require_GET
@login_required
def claims(request):
    _staff(request)
    return render(request, "memberships/claims.html", {"claims": list(selectors.claims_waiting())})


@require_http_methods(["GET", "POST"])
@login_required
def claim_decide(request, pk: int):
    claim = selectors.claim_get_for_staff(user=request.user, pk=pk)
    initial = {"number": claim.number, "ends_on": claim.ends_on}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_claim_confirm(claim=claim, actor=request.user, **form.cleaned_data)
        except services.MembershipRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s's membership is confirmed.") % {"name": claim.person.full_name},
            )
            return redirect("memberships:claims")
    return render(
        request,
        "memberships/claim.html",
        {"claim": claim, "form": form, "reject_form": ClaimRejectForm()},
    )


@require_POST
@login_required
def claim_reject(request, pk: int):
    claim = selectors.claim_get_for_staff(user=request.user, pk=pk)
    reject_form = ClaimRejectForm(request.POST)
    if reject_form.is_valid():
        try:
            services.membership_claim_reject(
                claim=claim, actor=request.user, reason=reject_form.cleaned_data["reason"]
            )
        except services.MembershipRefused as exc:
            messages.error(request, str(exc))
            return redirect("memberships:claims")
        messages.success(
            request,
            _("%(name)s's claim is marked as not confirmed.") % {"name": claim.person.full_name},
        )
        return redirect("memberships:claims")
    form = RecordForm(initial={"number": claim.number, "ends_on": claim.ends_on})
    return render(
        request,
        "memberships/claim.html",
        {"claim": claim, "form": form, "reject_form": reject_form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request):
    _staff(request)
    form = MemberListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        staged = member_list.member_list_stage(
            actor=request.user,
            filename=form.cleaned_data["file"].name,
            rows=form.rows,
            association=form.cleaned_data["association"],
            date_order=form.cleaned_data["date_order"],
        )
        return redirect("memberships:import_preview", pk=staged.pk)
    return render(request, "memberships/import_upload.html", {"form": form})


@require_GET
@login_required
def import_preview(request, pk: int):
    staged = selectors.member_list_get_for_staff(user=request.user, pk=pk)
    planned = member_list.member_list_plan(staged=staged) if staged.state == "preview" else []
    return render(
        request,
        "memberships/import_preview.html",
        {
            "staged": staged,
            "planned": planned,
            "counts": member_list.plan_counts(planned) if planned else staged.outcome,
        },
    )


@require_POST
@login_required
def import_confirm(request, pk: int):
    staged = selectors.member_list_get_for_staff(user=request.user, pk=pk)
    try:
        counts = member_list.member_list_confirm(staged=staged, actor=request.user)
    except member_list.ImportNotReady:
        messages.error(request, _("This member list was already imported or discarded."))
        return redirect("memberships:import_preview", pk=staged.pk)
    messages.success(
        request,
        _(
            "Member list imported: %(new)s added, %(update)s corrected, %(same)s already "
            "recorded, %(left)s left out."
        )
        % {
            "new": counts["new"],
            "update": counts["update"],
            "same": counts["same"],
            "left": counts["unmatched"] + counts["invalid"],
        },
    )
    return redirect("memberships:import_preview", pk=staged.pk)


@require_POST
@login_required
def import_discard(request, pk: int):
    staged = selectors.member_list_get_for_staff(user=request.user, pk=pk)
    try:
        member_list.member_list_discard(staged=staged)
    except member_list.ImportNotReady:
        messages.error(request, _("This member list was already imported or discarded."))
        return redirect("memberships:import_preview", pk=staged.pk)
    messages.info(request, _("Import cancelled. No membership was changed."))
    return redirect("memberships:import_upload")

"""Pages for holders (my endorsements, certificate, renewal), coordinators (renewals queue)
and the public (verification). Views parse, authorise, call one service, respond."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applicants.uploads import download_name, file_response
from core.audit import audit_record
from core.models import AuditAction
from core.ratelimit import hit

from . import forms, selectors
from .models import RenewalStatus
from .services import certificates, renewals

VERIFY_LIMIT_PER_MINUTE = 60
SECTION_LINKS = {
    "training": ("applicants:training_add", "Add a training"),
    "rsc": ("reflective_supervision:add", "Log an RSC session"),
    "membership": ("applicants:profile", "Update your membership in your profile"),
}


# --- Holder ------------------------------------------------------------------------------------


@require_GET
@login_required
def my_endorsements(request):
    items = []
    today = timezone.localdate()
    for endorsement in selectors.endorsements_for_holder(user=request.user):
        live = next(
            (
                r
                for r in endorsement.renewal_list
                if r.cycle_end == endorsement.valid_through and r.status != RenewalStatus.DECLINED
            ),
            None,
        )
        items.append(
            {
                "endorsement": endorsement,
                "has_certificate": bool(endorsement.certificate_file),
                "certificate_current": certificates.certificate_is_current(endorsement),
                "renewal": live,
                "days_left": (endorsement.valid_through - today).days,
                "renewable": endorsement.status in renewals.RENEWABLE,
            }
        )
    return render(request, "credentials/my_endorsements.html", {"items": items})


@require_GET
@login_required
def certificate_download(request, pk: int):
    endorsement = selectors.endorsement_get_for_certificate(user=request.user, pk=pk)
    if not endorsement.certificate_file:
        return render(request, "credentials/certificate_pending.html", {"endorsement": endorsement})
    try:
        handle = certificates.private_storage().open(endorsement.certificate_file, "rb")
    except FileNotFoundError as exc:
        raise Http404("The certificate file is missing.") from exc
    if endorsement.holder_id != request.user.pk:
        audit_record(action=AuditAction.FILE_DOWNLOADED, request=request, target=endorsement)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(f"{endorsement.number} certificate.pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _checklist_rows(checklist):
    rows = []
    for item in checklist.items:
        if item.section == "attestation" and item.key != "first_renewal_skipped":
            continue  # attested in the form below
        link = SECTION_LINKS.get(item.section)
        rows.append(
            {
                "item": item,
                "fix_url": reverse(link[0]) if link and not item.met else "",
                "fix_label": link[1] if link else "",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@login_required
def renew(request, pk: int):
    endorsement = selectors.endorsement_get_for_holder(user=request.user, pk=pk)
    cycle = renewals.renewal_cycle_for(endorsement=endorsement)
    live = selectors.renewal_live_for_cycle(endorsement=endorsement, cycle_end=cycle.end)
    implied = bool(cycle.rsc_provision_implied_by)
    form = forms.RenewalForm(request.POST or None, rsc_provision_implied=implied)
    can_submit = endorsement.status in renewals.RENEWABLE and not cycle.closed and live is None
    provides_rsc = None  # not said yet: the checklist shows those hours as "if you provide RSC"
    if request.method == "POST" and request.POST.get("provides_rsc") in ("yes", "no"):
        provides_rsc = request.POST["provides_rsc"] == "yes"
    if request.method == "POST" and can_submit and form.is_valid():
        try:
            submission = renewals.renewal_submit(
                endorsement=endorsement,
                ethics=form.cleaned_data["ethics"],
                no_sanctions=form.cleaned_data["no_sanctions"],
                membership=form.cleaned_data["membership"],
                provides_rsc=form.provides_rsc_answer(),
                note=form.cleaned_data["note"],
            )
        except renewals.RenewalNotAllowed as exc:
            messages.error(request, str(exc))
            return redirect("credentials:renew", pk=endorsement.pk)
        messages.success(request, _submitted_message(submission))
        return redirect("credentials:my_endorsements")
    checklist = renewals.renewal_checklist(cycle=cycle, provides_rsc=provides_rsc)
    return render(
        request,
        "credentials/renew.html",
        {
            "endorsement": endorsement,
            "cycle": cycle,
            "rows": _checklist_rows(checklist),
            "gaps": renewals.evidence_gaps(checklist),
            "live": live,
            "declined": selectors.renewal_last_declined(
                endorsement=endorsement, cycle_end=cycle.end
            ),
            "can_submit": can_submit,
            "form": form,
        },
    )


def _submitted_message(submission) -> str:
    if submission.status == RenewalStatus.APPROVED:
        return (
            "Your renewal is approved. Your endorsement is now valid through "
            f"{certificates.date_text(submission.new_valid_through)}; your new certificate is "
            "being prepared."
        )
    if submission.status == RenewalStatus.AUDIT:
        return (
            "Your renewal was selected for a random audit. Upload your evidence so a "
            "coordinator can check it."
        )
    return "Your renewal is submitted. A coordinator will review it and email you."


@require_http_methods(["GET", "POST"])
@login_required
def renewal_evidence(request, pk: int):
    submission = selectors.renewal_get_for_holder(user=request.user, pk=pk)
    if submission.status != RenewalStatus.AUDIT:
        messages.info(request, "This renewal is not waiting for evidence.")
        return redirect("credentials:my_endorsements")
    form = forms.AuditEvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        renewals.renewal_audit_evidence_submit(
            submission=submission,
            upload=form.cleaned_data["evidence"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Your evidence is sent. A coordinator will check it.")
        return redirect("credentials:my_endorsements")
    return render(
        request, "credentials/renewal_evidence.html", {"submission": submission, "form": form}
    )


@require_GET
@login_required
def renewal_evidence_file(request, pk: int):
    if selectors.is_renewal_staff(request.user):
        submission = selectors.renewal_get_for_staff(user=request.user, pk=pk)
    else:
        submission = selectors.renewal_get_for_holder(user=request.user, pk=pk)
    if submission.evidence_file is None:
        raise Http404("No evidence uploaded.")
    if submission.endorsement.holder_id != request.user.pk:
        audit_record(
            action=AuditAction.FILE_DOWNLOADED, request=request, target=submission.evidence_file
        )
    return file_response(submission.evidence_file)


# --- Coordinators ------------------------------------------------------------------------------


@require_GET
@login_required
def renewal_queue(request):
    if not selectors.is_renewal_staff(request.user):
        raise Http404
    return render(
        request, "credentials/renewal_queue.html", {"submissions": list(selectors.renewal_queue())}
    )


@require_GET
@login_required
def renewal_detail(request, pk: int):
    submission = selectors.renewal_get_for_staff(user=request.user, pk=pk)
    return _detail(request, submission)


def _detail(request, submission, approve_form=None, decline_form=None, status=200):
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
        f"Renewal approved: {submission.endorsement.printed_name} is valid through "
        f"{certificates.date_text(submission.new_valid_through)}.",
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
    messages.success(request, "Renewal not approved; the holder has been emailed why.")
    return redirect("credentials:renewal_queue")


# --- Public verification -----------------------------------------------------------------------


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rate_limited(request):
    return not hit(scope="verify", request=request, limit=VERIFY_LIMIT_PER_MINUTE)


@require_GET
def verify(request, code: str):
    if _rate_limited(request):
        return _noindex(render(request, "credentials/verify_rate_limited.html", status=429))
    endorsement = selectors.endorsement_get_by_code(code=code)
    if endorsement is None:
        return _noindex(render(request, "credentials/verify_not_found.html", status=404))
    facts = selectors.verification_facts(endorsement)
    return _noindex(
        render(
            request,
            "credentials/verify.html",
            {"facts": facts, "valid_through": endorsement.valid_through, "code": code},
        )
    )


@require_GET
def verify_json(request, code: str):
    if _rate_limited(request):
        return _noindex(JsonResponse({"error": "rate_limited"}, status=429))
    endorsement = selectors.endorsement_get_by_code(code=code)
    if endorsement is None:
        return _noindex(JsonResponse({"error": "not_found"}, status=404))
    facts = selectors.verification_facts(endorsement)
    facts.pop("status_label")
    return _noindex(JsonResponse(facts))

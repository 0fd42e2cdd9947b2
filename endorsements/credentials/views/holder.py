"""Holders' pages: my endorsements (with what each allows now), certificate, renewal, audit
evidence, archive and un-archive, completing an emerging endorsement, reinstatement."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applicants.uploads import download_name, file_response
from core.audit import audit_record
from core.models import AuditAction
from endorsements.models import EndorsementStatus
from endorsements.selectors import unarchive_until

from .. import forms, selectors
from ..models import RenewalStatus
from ..services import certificates, lifecycle, renewals, requests

E = EndorsementStatus
SECTION_LINKS = {
    "training": ("applicants:training_add", gettext_lazy("Add a training")),
    "rsc": ("reflective_supervision:add", gettext_lazy("Log an RSC session")),
    "membership": ("applicants:profile", gettext_lazy("Update your membership in your profile")),
}


@require_GET
@login_required
def my_endorsements(request):
    today = timezone.localdate()
    rows = selectors.holder_rows(user=request.user, today=today)
    for row in rows:
        row.has_certificate = bool(row.endorsement.certificate_file)
        row.certificate_current = certificates.certificate_is_current(row.endorsement)
        row.days_left = (row.endorsement.valid_through - today).days
        row.archivable = row.endorsement.status in lifecycle.ARCHIVABLE
    return render(request, "credentials/my_endorsements.html", {"items": rows, "today": today})


def _certificate_language(request, endorsement) -> str:
    """The language asked for (`?language=es`), else the holder's own choice, else the
    portal's default: a Spanish-speaking holder gets a Spanish certificate by default."""
    asked = request.GET.get("language", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return certificates.certificate_language(endorsement.holder.preferred_language)


@require_GET
@login_required
def certificate_download(request, pk: int):
    endorsement = selectors.endorsement_get_for_certificate(user=request.user, pk=pk)
    language = _certificate_language(request, endorsement)
    name = certificates.certificate_file_for(endorsement, language)
    if not name:
        if endorsement.certificate_file:
            # Never made (or out of date) in this language: the worker makes it now.
            certificates.certificate_rendition_request(endorsement=endorsement, language=language)
        return render(
            request,
            "credentials/certificate_pending.html",
            {"endorsement": endorsement, "in_language": bool(endorsement.certificate_file)},
        )
    try:
        handle = certificates.private_storage().open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404(_("The certificate file is missing.")) from exc
    if endorsement.holder_id != request.user.pk:
        audit_record(action=AuditAction.FILE_DOWNLOADED, request=request, target=endorsement)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(certificates.certificate_download_name(endorsement, language)),
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
    offer = renewals.renewal_offer(endorsement=endorsement)
    cycle = offer.cycle or renewals.renewal_cycle_for(endorsement=endorsement)
    attest = bool(cycle.policy and cycle.policy.renew_by_attestation)
    implied = bool(cycle.rsc_provision_implied_by)
    form = forms.RenewalForm(
        request.POST or None, attest_hours=attest, rsc_provision_implied=implied
    )
    provides_rsc = None  # not said yet: the checklist shows those hours as "if you provide RSC"
    if request.method == "POST" and request.POST.get("provides_rsc") in ("yes", "no"):
        provides_rsc = request.POST["provides_rsc"] == "yes"
    if request.method == "POST" and offer.offered and form.is_valid():
        try:
            submission = renewals.renewal_submit(
                endorsement=endorsement,
                ethics=form.cleaned_data["ethics"],
                no_sanctions=form.cleaned_data["no_sanctions"],
                provides_rsc=form.provides_rsc_answer(),
                note=form.cleaned_data["note"],
                hours_attested=form.cleaned_data.get("hours", False),
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
            "offer": offer,
            "rows": _checklist_rows(checklist),
            "gaps": renewals.evidence_gaps(checklist),
            "live": offer.live,
            "declined": selectors.renewal_last_declined(
                endorsement=endorsement, cycle_end=cycle.end
            ),
            "can_submit": offer.offered,
            "attest": attest,
            "form": form,
        },
    )


def _submitted_message(submission) -> str:
    if submission.status == RenewalStatus.APPROVED:
        return _(
            "Your renewal is approved. Your endorsement is now valid through %(day)s; your new "
            "certificate is being prepared."
        ) % {"day": certificates.date_text(submission.new_valid_through)}
    if submission.status == RenewalStatus.AUDIT:
        return _(
            "Your renewal was selected for a random audit. Upload your evidence by %(day)s so "
            "a coordinator can check it."
        ) % {"day": certificates.date_text(submission.audit_due_on)}
    return _("Your renewal is submitted. A coordinator will review it and email you.")


@require_http_methods(["GET", "POST"])
@login_required
def renewal_evidence(request, pk: int):
    submission = selectors.renewal_get_for_holder(user=request.user, pk=pk)
    if submission.status != RenewalStatus.AUDIT:
        messages.info(request, _("This renewal is not waiting for evidence."))
        return redirect("credentials:my_endorsements")
    form = forms.AuditEvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        renewals.renewal_audit_evidence_submit(
            submission=submission,
            upload=form.cleaned_data["evidence"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Your evidence is sent. A coordinator will check it."))
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
        raise Http404(_("No evidence uploaded."))
    if submission.endorsement.holder_id != request.user.pk:
        audit_record(
            action=AuditAction.FILE_DOWNLOADED, request=request, target=submission.evidence_file
        )
    return file_response(submission.evidence_file)


# --- Archive, completion, reinstatement ------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def archive(request, pk: int):
    endorsement = selectors.endorsement_get_for_holder(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            lifecycle.endorsement_archive(endorsement=endorsement, actor=request.user)
        except lifecycle.CredentialActionRefused as refused:
            messages.error(request, str(refused))
        else:
            until = unarchive_until(endorsement)
            messages.success(
                request,
                _(
                    "%(code)s is archived: it is off the registry and you get no more renewal "
                    "reminders. You can take it back until %(day)s."
                )
                % {
                    "code": endorsement.category.code,
                    "day": certificates.date_text(until) if until else "",
                },
            )
        return redirect("credentials:my_endorsements")
    return render(
        request,
        "credentials/archive.html",
        {"endorsement": endorsement, "archivable": endorsement.status in lifecycle.ARCHIVABLE},
    )


@require_POST
@login_required
def unarchive(request, pk: int):
    endorsement = selectors.endorsement_get_for_holder(user=request.user, pk=pk)
    try:
        moved = lifecycle.endorsement_unarchive(endorsement=endorsement, actor=request.user)
    except lifecycle.CredentialActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("%(code)s is back from the archive. Its status: %(status)s.")
            % {"code": moved.category.code, "status": moved.get_status_display()},
        )
    return redirect("credentials:my_endorsements")


@require_http_methods(["GET", "POST"])
@login_required
def complete(request, pk: int):
    endorsement = selectors.endorsement_get_for_holder(user=request.user, pk=pk)
    if endorsement.status != E.EMERGING:
        messages.info(request, _("Only an emerging endorsement can be completed."))
        return redirect("credentials:my_endorsements")
    checklist = requests.emerging_checklist(endorsement)
    waiting = requests.open_request(endorsement)
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and waiting is None and form.is_valid():
        try:
            requests.completion_request(
                endorsement=endorsement, actor=request.user, note=form.cleaned_data["note"]
            )
        except requests.RequestRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("You have asked to complete your endorsement. A coordinator will answer."),
            )
            return redirect("credentials:my_endorsements")
    return render(
        request,
        "credentials/complete.html",
        {
            "endorsement": endorsement,
            "checklist": checklist,
            "waiting": waiting,
            "form": form,
            "can_ask": waiting is None and checklist is not None and checklist.complete,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reinstate(request, pk: int):
    endorsement = selectors.endorsement_get_for_holder(user=request.user, pk=pk)
    terms = requests.reinstatement_terms(endorsement=endorsement)
    if terms is None:
        messages.info(request, _("Only a lapsed endorsement can be reinstated."))
        return redirect("credentials:my_endorsements")
    waiting = requests.open_request(endorsement)
    form = forms.ReinstatementForm(request.POST or None, fee=terms.fee)
    can_ask = waiting is None and terms.open and not terms.gaps
    if request.method == "POST" and can_ask and form.is_valid():
        try:
            requests.reinstatement_request(
                endorsement=endorsement, actor=request.user, note=form.cleaned_data["note"]
            )
        except requests.RequestRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("You have asked to reinstate your endorsement. A coordinator will answer."),
            )
            return redirect("credentials:my_endorsements")
    return render(
        request,
        "credentials/reinstate.html",
        {
            "endorsement": endorsement,
            "terms": terms,
            "rows": _checklist_rows(terms.checklist),
            "waiting": waiting,
            "form": form,
            "can_ask": can_ask,
        },
    )

"""The applicant's application pages: list, start, the live checklist, RSC, sign, submit,
withdraw. Owner only: someone else's application answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from competencies.rules import hours_text
from core.clientip import client_ip
from endorsements import forms, selectors
from endorsements.models import ethics_document_version
from endorsements.services import applications as services
from endorsements.services.transitions import TransitionNotAllowed

# Where each checklist section is fixed: (URL name, takes the application id, link text).
FIX_LINKS = {
    "education": ("applicants:education_list", False, gettext_lazy("Add or change your education")),
    "work": ("applicants:work_list", False, gettext_lazy("Add or change your work experience")),
    "training": ("applicants:training_list", False, gettext_lazy("Add or change your training")),
    "rsc": (
        "reflective_supervision:log",
        False,
        gettext_lazy("Log reflective supervision sessions"),
    ),
    "references": (
        "endorsements:reference_list",
        True,
        gettext_lazy("Invite or follow up your raters"),
    ),
    "attestation": ("endorsements:attestation", True, gettext_lazy("Sign the Code of Ethics")),
    "membership": (
        "applicants:profile",
        False,
        gettext_lazy("Update your membership in your profile"),
    ),
    # The fees app's page (by URL name: the workflow imports nothing of it).
    "fees": ("fees:my_invoices", False, gettext_lazy("See your invoices and how to pay")),
}


def _fix_links(application) -> dict[str, tuple[str, str]]:
    links = {}
    for section, (name, with_pk, text) in FIX_LINKS.items():
        links[section] = (reverse(name, args=[application.pk] if with_pk else []), text)
    return links


def _figure(value) -> str:
    """A checklist figure as people write it (hours with one decimal, yes/no)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return ""
    try:
        return hours_text(value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@require_GET
@login_required
def application_list(request):
    applications = selectors.applications_for_dashboard(user=request.user)
    return render(request, "endorsements/application_list.html", {"applications": applications})


@require_http_methods(["GET", "POST"])
@login_required
def application_start(request):
    form = forms.ApplicationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        try:
            application = services.application_open(applicant=request.user, category=category)
        except services.ApplicationNotAllowed as exc:
            messages.error(request, str(exc))
            return redirect("endorsements:application_start")
        messages.success(
            request,
            _("Your %(code)s application is started. Here is what it needs.")
            % {"code": category.code},
        )
        return redirect("endorsements:application_detail", pk=application.pk)
    return render(
        request,
        "endorsements/application_start.html",
        {"form": form, "choices": selectors.categories_to_apply_for(user=request.user)},
    )


@require_GET
@login_required
def application_detail(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    evaluation = selectors.application_evaluation(application=application)
    links = _fix_links(application)
    items = [
        {
            "item": item,
            "required": _figure(item.required),
            "actual": _figure(item.actual),
            "fix_url": links.get(item.section, ("", ""))[0],
            "fix_text": links.get(item.section, ("", ""))[1],
        }
        for item in evaluation.checklist.items
    ]
    return render(
        request,
        "endorsements/application_detail.html",
        {
            "application": application,
            "evaluation": evaluation,
            "items": items,
            "met_count": sum(1 for i in evaluation.checklist.items if i.met),
            "fees_row": next((row for row in items if row["item"].key == "fees"), None),
            # The applicant's own timeline: what concerns them, never staff notes.
            "events": list(selectors.application_events(application=application)),
            "next_step": selectors.next_step(application),
            "undelivered": selectors.undelivered_emails(application=application)
            if application.is_editable_by_applicant
            else [],
            "emerging_open": application.is_editable_by_applicant
            and services.emerging_submission_open(evaluation=evaluation),
        },
    )


@require_GET
@login_required
def application_rsc(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    evaluation = selectors.application_evaluation(application=application)
    return render(
        request,
        "endorsements/application_rsc.html",
        {"application": application, "evaluation": evaluation, "breakdown": evaluation.rsc},
    )


@require_http_methods(["GET", "POST"])
@login_required
def attestation(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    signed = selectors.ethics_attestation_current(application=application)
    form = forms.EthicsAttestationForm(request.POST or None, expected_name=request.user.full_name)
    if request.method == "POST" and signed is None and form.is_valid():
        try:
            services.ethics_attest(
                application=application,
                user=request.user,
                typed_name=form.cleaned_data["typed_name"],
                ip=client_ip(request),
            )
        except services.ApplicationNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: you have signed the Code of Ethics."))
        return redirect("endorsements:application_detail", pk=application.pk)
    return render(
        request,
        "endorsements/attestation.html",
        {
            "application": application,
            "form": form,
            "signed": signed,
            "version": ethics_document_version(),
            # The version in the reader's language (2026-01.es.html), else the English one.
            "ethics_template": [
                f"endorsements/ethics/{ethics_document_version()}.{get_language()}.html",
                f"endorsements/ethics/{ethics_document_version()}.html",
            ],
        },
    )


@require_POST
@login_required
def application_submit(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    try:
        services.application_submit(
            application=application,
            actor=request.user,
            emerging=request.POST.get("emerging") == "1",
        )
    except services.ApplicationIncomplete as exc:
        missing = "; ".join(str(item.label) for item in exc.missing)
        messages.error(
            request,
            _("Your application is not complete yet. Still missing: %(missing)s.")
            % {"missing": missing},
        )
    except services.ApplicationNotAllowed as exc:
        messages.error(request, str(exc))
    except TransitionNotAllowed:
        messages.error(request, _("This application cannot be submitted now."))
    else:
        messages.success(
            request,
            _("Your %(code)s application is submitted. We have emailed you a confirmation.")
            % {"code": application.category.code},
        )
    return redirect("endorsements:application_detail", pk=application.pk)


@require_http_methods(["GET", "POST"])
@login_required
def application_withdraw(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    if not application.is_open:
        messages.error(request, _("This application has been decided or withdrawn already."))
        return redirect("endorsements:application_detail", pk=application.pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except (services.ApplicationNotAllowed, TransitionNotAllowed):
            messages.error(request, _("This application cannot be withdrawn now."))
        else:
            messages.success(
                request,
                _("Your %(code)s application is withdrawn.") % {"code": application.category.code},
            )
        return redirect("endorsements:application_detail", pk=application.pk)
    return render(
        request,
        "endorsements/application_withdraw.html",
        {"application": application, "form": form},
    )

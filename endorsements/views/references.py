"""The applicant's reference pages, and the rater's page behind the emailed link."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endorsements import forms, frozen_names, selectors
from endorsements.services import references as services

LINK_PROBLEM_STATUS = {"invalid": 400, "expired": 410, "completed": 409}


def _answers(reference, names) -> list[dict]:
    """A rater's answers with each statement and its domain in the reader's language (the
    wording stored with the answer when the statement is gone)."""
    return [
        {
            "domain": names.heading(frozen_names.ITEM, a.get("item"), a.get("domain") or ""),
            "text": names.name(frozen_names.ITEM, a.get("item"), a.get("text") or ""),
            "rating": a.get("rating"),
        }
        for a in reference.answers
        if isinstance(a, dict)
    ]


@require_GET
@login_required
def reference_list(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    requirements = selectors.reference_requirements(application=application)
    references = selectors.references_with_delivery(
        selectors.reference_list_for_application(application=application)
    )
    shown = [r for r in references if r.answers and not r.applicant_waived_access]
    # The statements the raters answered, named in the reader's language: one query for all.
    names = frozen_names.frozen_names(
        items=[i for r in shown for i in frozen_names.answer_item_ids(r.answers)]
    )
    rows = [
        {
            "reference": r,
            "counts": selectors.reference_counts(r, threshold=requirements.threshold),
            "answers": _answers(r, names) if r in shown else [],
        }
        for r in references
    ]
    return render(
        request,
        "endorsements/reference_list.html",
        {
            "application": application,
            "rows": rows,
            "requirements": requirements,
            "editable": application.is_editable_by_applicant,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reference_add(request, pk):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    if not application.is_editable_by_applicant:
        messages.error(request, _("References can no longer be changed for this application."))
        return redirect("endorsements:reference_list", pk=application.pk)
    existing = [
        r.rater_email for r in selectors.reference_list_for_application(application=application)
    ]
    form = forms.ReferenceInviteForm(
        request.POST or None,
        existing_emails=existing,
        applicant_email=application.applicant.email,
    )
    if request.method == "POST" and form.is_valid():
        try:
            reference = services.reference_invite(application=application, **form.cleaned_data)
        except services.ReferenceNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "We emailed %(name)s a link to rate your work. "
                    "You will get an email when they finish."
                )
                % {"name": reference.rater_name},
            )
        return redirect("endorsements:reference_list", pk=application.pk)
    return render(
        request,
        "endorsements/reference_add.html",
        {
            "application": application,
            "form": form,
            "needed_raters": selectors.rater_relationships_needed(application=application),
        },
    )


@require_POST
@login_required
def reference_resend(request, pk, reference_pk):
    reference = selectors.reference_get_for_user(
        user=request.user, application_pk=pk, pk=reference_pk
    )
    try:
        services.reference_resend(reference=reference)
    except services.ReferenceNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("We emailed %(name)s a new link. The old link no longer works.")
            % {"name": reference.rater_name},
        )
    return redirect("endorsements:reference_list", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def reference_email(request, pk, reference_pk):
    reference = selectors.reference_get_for_user(
        user=request.user, application_pk=pk, pk=reference_pk
    )
    others = [
        r.rater_email
        for r in selectors.reference_list_for_application(application=reference.application)
        if r.pk != reference.pk
    ]
    form = forms.ReferenceEmailForm(
        request.POST or None,
        existing_emails=others,
        applicant_email=reference.application.applicant.email,
        initial={"rater_email": reference.rater_email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_email_correct(
                reference=reference, email=form.cleaned_data["rater_email"]
            )
        except services.ReferenceNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("We sent a new link to %(email)s. The old link no longer works.")
                % {"email": form.cleaned_data["rater_email"]},
            )
        return redirect("endorsements:reference_list", pk=pk)
    return render(
        request,
        "endorsements/reference_email.html",
        {"application": reference.application, "reference": reference, "form": form},
    )


@require_POST
@login_required
def reference_waiver(request, pk, reference_pk):
    reference = selectors.reference_get_for_user(
        user=request.user, application_pk=pk, pk=reference_pk
    )
    form = forms.WaiverForm(request.POST)
    form.is_valid()
    waived = form.cleaned_data.get("waived", False)
    try:
        services.reference_waiver_set(reference=reference, waived=waived)
    except services.ReferenceNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        if waived:
            text = _("You have waived access to %(name)s's answers.")
        else:
            text = _("You will be able to see %(name)s's answers.")
        text = text % {"name": reference.rater_name}
        messages.success(request, text)
    return redirect("endorsements:reference_list", pk=pk)


@require_POST
@login_required
def reference_remove(request, pk, reference_pk):
    reference = selectors.reference_get_for_user(
        user=request.user, application_pk=pk, pk=reference_pk
    )
    try:
        services.reference_remove(reference=reference)
    except services.ReferenceNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s is removed and their link no longer works.")
            % {"name": reference.rater_name},
        )
    return redirect("endorsements:reference_list", pk=pk)


LANGUAGE_CODES = frozenset(code for code, _label in settings.LANGUAGES)


def rater_language(request, reference) -> str:
    """The language of a rater's pages: the one the visitor chose with the header's chooser
    (its cookie, or the account of someone signed in), else the one the applicant chose for
    the rater when inviting them."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in LANGUAGE_CODES:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user is not None else ""
    if preferred and user.is_authenticated:
        return preferred
    if reference is not None and reference.language in LANGUAGE_CODES:
        return reference.language
    return translation.get_language() or settings.LANGUAGE_CODE


def _in_rater_language(view):
    """Render the rater's pages in `rater_language` (the signed link tells us the rater)."""

    @wraps(view)
    def wrapper(request, *args, reference=None, **kwargs):
        language = rater_language(request, reference)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, reference=reference, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
def reference_rate(request, token):
    """The rater's page. No account: the signed link is the key, valid once, until expiry."""
    try:
        reference = services.reference_resolve(token=token)
    except services.ReferenceLinkError as exc:
        return _link_problem(request, exc)
    return _reference_rate(request, reference=reference)


@_in_rater_language
def _reference_rate(request, *, reference):
    services.reference_open(reference=reference)
    items = selectors.rating_items_active()
    initial = {
        "rater_endorsed": reference.rater_endorsed,
        "rater_endorsement_number": reference.rater_endorsement_number,
    }
    form = forms.RatingForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_complete(
                reference=reference,
                ratings=form.ratings(),
                items=items,
                comments=form.cleaned_data["comments"],
                rater_endorsed=form.cleaned_data["rater_endorsed"],
                rater_endorsement_number=form.cleaned_data["rater_endorsement_number"],
            )
        except services.ReferenceLinkError as exc:
            return _link_problem_page(request, exc, reference=exc.reference)
        return render(request, "endorsements/reference_rate_done.html", {"reference": reference})
    return render(
        request,
        "endorsements/reference_rate.html",
        {
            "reference": reference,
            "applicant": reference.application.applicant,
            "category": reference.application.category,
            "form": form,
        },
    )


def _link_problem(request, exc):
    return _link_problem_page(request, exc, reference=exc.reference)


@_in_rater_language
def _link_problem_page(request, exc, *, reference):
    # A link we cannot read (`invalid`) names no rater: the visitor's own language is used.
    return render(
        request,
        "endorsements/reference_link_problem.html",
        {"reason": exc.reason, "reference": exc.reference},
        status=LINK_PROBLEM_STATUS.get(exc.reason, 400),
    )

"""Asking a provider to confirm sessions, and the provider's page behind the emailed link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..forms import AttestationAskForm, AttestationEmailForm, AttestationForm

LINK_PROBLEM_STATUS = {"invalid": 400, "expired": 410, "completed": 409}


@login_required
@require_POST
def attestation_ask(request, provider_pk):
    provider = selectors.provider_get_for_user(user=request.user, pk=provider_pk)
    form = AttestationAskForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else ""
    try:
        attestation = services.attestation_request_send(
            supervisee=request.user, provider=provider, language=language
        )
    except services.AttestationError as exc:
        messages.error(request, str(exc))
    else:
        count = attestation.sessions.count()
        messages.success(
            request,
            ngettext(
                "We emailed %(name)s a link to confirm %(count)s session. You will get an "
                "email when they answer.",
                "We emailed %(name)s a link to confirm %(count)s sessions. You will get an "
                "email when they answer.",
                count,
            )
            % {"name": provider.name, "count": count},
        )
    return redirect("reflective_supervision:log")


@login_required
@require_POST
def attestation_resend(request, pk):
    attestation = selectors.open_request_get_for_user(user=request.user, pk=pk)
    try:
        services.attestation_request_resend(request=attestation)
    except services.AttestationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("We are sending %(name)s a new link. The old link no longer works.")
            % {"name": attestation.provider.name},
        )
    return redirect("reflective_supervision:log")


@login_required
@require_http_methods(["GET", "POST"])
def attestation_email(request, pk):
    attestation = selectors.open_request_get_for_user(user=request.user, pk=pk)
    form = AttestationEmailForm(request.POST or None, initial={"email": attestation.provider.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.attestation_request_email_correct(
                request=attestation, email=form.cleaned_data["email"]
            )
        except services.AttestationError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request,
                _("We are sending a new link to %(email)s. The old link no longer works.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("reflective_supervision:log")
    return render(
        request,
        "reflective_supervision/attestation_email.html",
        {"attestation": attestation, "form": form},
    )


def _language_for(request, attestation) -> str:
    """The provider reads the pages in the language the supervisee chose for them, unless this
    visitor chose one themselves: the header's chooser (its cookie) or their account."""
    codes = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    own = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
    chosen = own or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in codes:
        return chosen
    if attestation is not None and attestation.language in codes:
        return attestation.language
    return translation.get_language()


@never_cache
@require_http_methods(["GET", "POST"])
def attest(request, token):
    """The provider's page. No account: the signed link is the key, valid once, until expiry."""
    problem = None
    try:
        attestation = services.attestation_request_resolve(token=token)
    except services.AttestationLinkError as exc:
        # Expired and answered links still know their request, and so its language.
        attestation, problem = exc.request, exc
    language = _language_for(request, attestation)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        if problem is not None:
            response = _link_problem(request, problem)
        else:
            response = _attest(request, attestation)
    response.headers["Content-Language"] = language
    return response


def _attest(request, attestation):
    services.attestation_request_open(request=attestation)
    sessions = list(services.attestation_request_sessions(request=attestation))
    form = AttestationForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            services.attestation_request_complete(request=attestation, answers=form.answers())
        except services.AttestationLinkError as exc:
            return _link_problem(request, exc)
        return render(
            request,
            "reflective_supervision/attest_done.html",
            {"attestation": attestation, "answers": form.answers(), "sessions": sessions},
        )
    return render(
        request,
        "reflective_supervision/attest.html",
        {"attestation": attestation, "form": form, "sessions": sessions},
    )


def _link_problem(request, exc):
    return render(
        request,
        "reflective_supervision/attest_problem.html",
        {"reason": exc.reason, "attestation": exc.request},
        status=LINK_PROBLEM_STATUS[exc.reason],
    )

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.forms import PortalFormMixin

from . import two_factor
from .forms import RecoveryCodesRenewForm

SESSION_CODES = "two_factor_new_codes"


class CodeForm(PortalFormMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        error_messages={
            "required": gettext_lazy("Enter the 6-digit code from your authenticator app")
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_step(request):
    """Set up an authenticator (first time) or enter a code (every staff login)."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    device = two_factor.totp_device_confirmed(user=user)
    form = CodeForm(request.POST or None)
    if device is None:
        pending = two_factor.totp_device_pending(user=user)
        if request.method == "POST" and form.is_valid():
            codes = two_factor.totp_setup_confirm(
                request=request, device=pending, token=form.cleaned_data["code"]
            )
            if codes is not None:
                request.session[SESSION_CODES] = codes
                return redirect(f"{request.path}codes/?next={_next_url(request)}")
            form.add_error(
                "code",
                _(
                    "That code did not match. Check the time on your phone and enter the "
                    "newest code."
                ),
            )
        context = {
            "form": form,
            "next": _next_url(request),
            **two_factor.totp_setup_details(pending),
        }
        return render(request, "accounts/two_factor_setup.html", context)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_verify(
            request=request, user=user, code=form.cleaned_data["code"]
        ):
            if user.is_staff_member:
                request.session.set_expiry(settings.STAFF_SESSION_AGE)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "That code did not work. Enter the newest 6-digit code from your "
                "authenticator app, or one of your recovery codes."
            ),
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Show newly made recovery codes once; afterwards, offer to make a new set (which asks for
    the password or a current code first)."""
    if not request.user.is_verified():
        return redirect("accounts:two_factor")
    codes = request.session.pop(SESSION_CODES, None)
    form = RecoveryCodesRenewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.recovery_codes_renew(
            request=request, user=request.user, proof=form.cleaned_data["proof"]
        )
        if codes is None:
            form.add_error(
                "proof",
                _(
                    "That is not your password or a current code from your authenticator app. "
                    "Nothing was changed."
                ),
            )
        else:
            messages.success(
                request, _("Your old recovery codes no longer work. Keep the new ones safe.")
            )
    return render(
        request,
        "accounts/two_factor_codes.html",
        {
            "codes": codes,
            "form": form,
            "remaining": two_factor.recovery_codes_remaining(user=request.user),
            "next": _next_url(request),
        },
    )

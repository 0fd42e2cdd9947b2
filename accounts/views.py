from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.audit import audit_record
from core.i18n import language_remember
from core.models import AuditAction

from . import forms, services, throttle
from .models import User


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
            # The language they read the form in: their first emails are written in it.
            language=translation.get_language() or "",
        )
        # The same page whether or not the address had an account (its holder is emailed).
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(
        request, "accounts/signup_done.html", {"email": request.session.get("signup_email")}
    )


def verify_email(request, token):
    try:
        user = services.user_verify_email(token=token)
    except services.VerificationError as exc:
        return render(request, "accounts/verify_failed.html", {"reason": str(exc)}, status=400)
    messages.success(
        request, _("Thank you: %(email)s is confirmed. You can now log in.") % {"email": user.email}
    )
    if request.user.is_authenticated:
        return redirect("core:home")
    return redirect("login")


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = forms.ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], email_verified_at__isnull=True
        ).first()
        if user is not None:
            services.email_verification_send(user=user)
        # Same answer either way, so the page does not reveal who has an account.
        messages.info(
            request,
            _("If that address has an unconfirmed account, we have sent a new link to it."),
        )
        return redirect("login")
    return render(request, "accounts/resend_verification.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def name_edit(request):
    """The person corrects their own legal (account) name; the old one stays in the history."""
    user = request.user
    form = forms.NameForm(
        request.POST or None,
        initial={"given_name": user.given_name, "family_name": user.family_name},
    )
    if request.method == "POST" and form.is_valid():
        change = services.user_name_correct(
            user=user,
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
            actor=user,
        )
        if change is None:
            messages.info(request, _("Your name is unchanged."))
        else:
            messages.success(request, _("Your name is now %(name)s.") % {"name": user.full_name})
        return redirect("accounts:name")
    return render(
        request,
        "accounts/name.html",
        {"form": form, "changes": list(user.name_changes.all()[:20])},
    )


@login_required
@require_http_methods(["GET", "POST"])
def language_edit(request):
    """The person chooses the language of their pages and of the emails the portal sends them
    (the header's chooser does the same in one click; this page says what the choice does)."""
    user = request.user
    current = user.preferred_language or translation.get_language()
    form = forms.LanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.user_language_set(user=user, language=language)
        with translation.override(language):
            messages.success(request, _("Saved: your pages and emails are now in this language."))
        response = redirect("accounts:language")
        language_remember(response, language)
        return response
    return render(request, "accounts/language.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if throttle.ip_blocked(request):
            audit_record(
                action=AuditAction.LOCKED_OUT,
                request=request,
                actor_email=str(request.POST.get("username", ""))[:254].lower(),
                details={"by": "ip_address"},
            )
            return render(
                request,
                "accounts/locked_out.html",
                {
                    "by_network": True,
                    "login_cooloff_minutes": throttle.window_seconds() // 60,
                },
                status=429,
            )
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PortalPasswordChangeForm


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PortalPasswordResetForm
    subject_template_name = "emails/password_reset_subject.txt"
    email_template_name = "emails/password_reset_body.txt"
    html_email_template_name = "emails/password_reset_body.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.PortalSetPasswordForm

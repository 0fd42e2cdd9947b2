from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin
from core.mail import send_templated_email

from .models import User


class SignupForm(PortalFormMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("given_name", "family_name", "email")
        help_texts = {
            "email": _(
                "We will send a link to this address to confirm it. "
                "A personal address works best: some employers' mail servers block our emails."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Create a password")
        self.fields["password1"].help_text = _(
            "At least 10 characters. Not a common password, not only numbers, "
            "and not too like your name or email."
        )
        self.fields["password2"].label = _("Confirm the password")
        self.fields["password2"].help_text = _("Type the same password again.")
        self.fields["password1"].error_messages["required"] = _("Enter a password")
        self.fields["password2"].error_messages["required"] = _("Enter the password again")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_email(self):
        # Whether the address has an account is never said here: the answer is the same
        # either way, and its holder gets an email (accounts.services.user_signup).
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        # Nor by the model's uniqueness checks on the address.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("email")
        return exclusions

    def validate_unique(self):
        """The address's uniqueness is the service's business (see clean_email)."""


class LoginForm(PortalFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct email address and password. "
            "Both are case-sensitive except the email address."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise forms.ValidationError(
                format_html(
                    gettext(
                        "Confirm your email address first: follow the link we emailed to "
                        '{email}. <a href="{link}">Send the link again</a>.'
                    ),
                    email=user.email,
                    link=reverse("accounts:resend_verification"),
                ),
                code="unverified",
            )


class ResendVerificationForm(PortalFormMixin, forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)


class PortalPasswordChangeForm(PortalFormMixin, PasswordChangeForm):
    pass


class PortalPasswordResetForm(PortalFormMixin, PasswordResetForm):
    """Reset links are built from SITE_URL, never from the request's Host header (which a
    visitor chooses), and queued in the outbox (Django's form would talk to the mail server
    inside the request)."""

    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        return super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        link = settings.SITE_URL + reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        send_templated_email(
            "password_reset",
            to=to_email,
            context={"user": context["user"], "email": context["email"], "link": link},
            idempotency_key=f"password-reset:{context['uid']}:{context['token']}",
            kind="password_reset",
            about=context["user"],
        )


class PortalSetPasswordForm(PortalFormMixin, SetPasswordForm):
    pass


class RecoveryCodesRenewForm(PortalFormMixin, forms.Form):
    proof = forms.CharField(
        label=_("Your password, or a code from your authenticator app"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={
            "required": _("Enter your password or the 6-digit code from your authenticator app")
        },
        help_text=_("So that nobody who finds your session open can make new codes."),
    )


class NameForm(PortalFormMixin, forms.Form):
    """The person's legal name, as on official documents (the Code of Ethics is signed with it)."""

    given_name = forms.CharField(
        label=_("Legal first name"),
        max_length=150,
        error_messages={"required": _("Enter your legal first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    family_name = forms.CharField(
        label=_("Legal last name"),
        max_length=150,
        error_messages={"required": _("Enter your legal last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def clean(self):
        data = super().clean()
        for name in ("given_name", "family_name"):
            if name in data and not " ".join(data[name].split()):
                self.add_error(name, self.fields[name].error_messages["required"])
        return data


class LanguageForm(PortalFormMixin, forms.Form):
    """The language of the person's pages and emails. Each language is named in itself, so
    that someone who cannot read the page's language still finds their own."""

    language = forms.ChoiceField(
        label=_("Language of your pages and emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language.")},
    )

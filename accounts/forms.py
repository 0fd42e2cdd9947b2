from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin

from .models import User


class SignupForm(PortalFormMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("given_name", "family_name", "email")
        help_texts = {
            "email": "We will send a link to this address to confirm it. "
            "A personal address works best: some employers' mail servers block our emails.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Create a password"
        self.fields["password1"].help_text = (
            "At least 10 characters. Not a common password, not only numbers, "
            "and not too like your name or email."
        )
        self.fields["password2"].label = "Confirm the password"
        self.fields["password2"].help_text = "Type the same password again."
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].error_messages["required"] = "Enter the password again"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists. "
                "Log in, or reset your password if you have forgotten it.",
                code="email_taken",
            )
        return email


class LoginForm(PortalFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct email address and password. "
        "Both are case-sensitive except the email address.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise forms.ValidationError(
                format_html(
                    "Confirm your email address first: follow the link we emailed to {}. "
                    '<a href="{}">Send the link again</a>.',
                    user.email,
                    reverse("accounts:resend_verification"),
                ),
                code="unverified",
            )


class ResendVerificationForm(PortalFormMixin, forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)


class PortalPasswordChangeForm(PortalFormMixin, PasswordChangeForm):
    pass


class PortalPasswordResetForm(PortalFormMixin, PasswordResetForm):
    pass


class PortalSetPasswordForm(PortalFormMixin, SetPasswordForm):
    pass


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

"""Forms for the applicant's side of applications and for the reference rater. Validate only."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from competencies.selectors import category_list
from core.addresses import email_canonical, person_name_key
from core.forms import PortalFormMixin
from endorsements.models import RatingItem, ReferenceRelationship
from endorsements.services.references import NOT_ENOUGH_INFO

RATING_CHOICES = [
    ("1", "1 – Rarely"),
    ("2", "2 – Sometimes"),
    ("3", "3 – Often"),
    ("4", "4 – Usually"),
    ("5", "5 – Consistently"),
    (NOT_ENOUGH_INFO, "I do not have enough information"),
]


class ApplicationStartForm(PortalFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        queryset=category_list(),
        to_field_name="code",
        error_messages={"invalid_choice": "Choose one of the categories listed."},
    )


class ReferenceInviteForm(PortalFormMixin, forms.Form):
    rater_name = forms.CharField(label="Rater's full name", max_length=200)
    rater_email = forms.EmailField(
        label="Rater's email address",
        help_text="We email the rater a secure link. A personal address is less likely to be "
        "blocked by an employer's mail server.",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    relationship = forms.ChoiceField(
        label="How the rater knows your work",
        choices=ReferenceRelationship.choices,
        widget=forms.RadioSelect,
    )
    rater_endorsed = forms.BooleanField(
        label="The rater holds an endorsement",
        required=False,
        help_text=_(
            "At least one of your raters must hold an endorsement. It counts at once when the "
            "number below is one of this registry's current endorsements in the rater's name; "
            "otherwise it shows as claimed, not verified, until the coordinator checks it."
        ),
    )
    rater_endorsement_number = forms.CharField(
        label="Rater's endorsement number", max_length=60, required=False
    )
    applicant_waived_access = forms.BooleanField(
        label="I waive my right to see what this rater writes",
        required=False,
        help_text=_(
            "Raters often answer more freely when you waive access. Reviewers always see the "
            "answers. Once the rater has opened the form you cannot take the waiver back."
        ),
    )

    def __init__(self, *args, existing_emails=(), applicant_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_emails = {email_canonical(e) for e in existing_emails}
        self.applicant_email = email_canonical(applicant_email)

    def clean_rater_email(self):
        email = self.cleaned_data["rater_email"].strip()
        if self.applicant_email and email_canonical(email) == self.applicant_email:
            raise forms.ValidationError(
                _("You cannot be your own reference rater: enter someone else's email address.")
            )
        if email_canonical(email) in self.existing_emails:
            raise forms.ValidationError(
                "You have already asked this person. Choose someone else, or resend their link."
            )
        return email


class ReferenceEmailForm(PortalFormMixin, forms.Form):
    rater_email = forms.EmailField(
        label="Correct email address",
        help_text="We send a new link there; the old link stops working.",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )

    def __init__(self, *args, existing_emails=(), applicant_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_emails = {email_canonical(e) for e in existing_emails}
        self.applicant_email = email_canonical(applicant_email)

    def clean_rater_email(self):
        email = self.cleaned_data["rater_email"].strip()
        if self.applicant_email and email_canonical(email) == self.applicant_email:
            raise forms.ValidationError(
                _("You cannot be your own reference rater: enter someone else's email address.")
            )
        if email_canonical(email) in self.existing_emails:
            raise forms.ValidationError("Another of your raters already has this address.")
        return email


class WaiverForm(forms.Form):
    waived = forms.BooleanField(required=False)


class WithdrawForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps the coordinator. It is kept with the application's history.",
    )


class EthicsAttestationForm(PortalFormMixin, forms.Form):
    agree = forms.BooleanField(
        label="I have read the Code of Ethics and the Endorsement Agreement and agree to "
        "follow them",
        error_messages={
            "required": "Tick the box to confirm you agree to the Code of Ethics and the "
            "Endorsement Agreement"
        },
    )
    typed_name = forms.CharField(
        label="Type your full name to sign",
        max_length=300,
        error_messages={"required": "Type your full name to sign"},
    )

    def __init__(self, *args, expected_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name
        # Crispy renders help text as HTML: the name is the person's own typing, so escape it.
        self.fields["typed_name"].help_text = format_html(
            '{} {} <a href="{}">{}</a>',
            _("Your legal name, as on your account:"),
            expected_name,
            reverse("accounts:name"),
            _("Correct your name"),
        )

    def clean_typed_name(self):
        typed = " ".join(self.cleaned_data["typed_name"].split())
        if person_name_key(typed) != person_name_key(self.expected_name):
            raise forms.ValidationError(
                f"Type your name exactly as on your account ({self.expected_name}). If your "
                "name has changed, update it in your account first."
            )
        return typed


class RatingForm(PortalFormMixin, forms.Form):
    """One radio question per active rating item, then the rater's details and comments."""

    rater_endorsed = forms.BooleanField(label="I hold an endorsement", required=False)
    rater_endorsement_number = forms.CharField(
        label="My endorsement number", max_length=60, required=False
    )
    comments = forms.CharField(
        label="Anything else reviewers should know",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, items: list[RatingItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        rater_fields = {name: self.fields.pop(name) for name in list(self.fields)}
        for number, item in enumerate(items, start=1):
            self.fields[self.field_name(item)] = forms.ChoiceField(
                label=f"{number}. {item.domain}: {item.text}",
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a rating for statement {number}, or "
                    "“I do not have enough information”"
                },
            )
        self.fields.update(rater_fields)

    @staticmethod
    def field_name(item: RatingItem) -> str:
        return f"item_{item.pk}"

    def ratings(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[self.field_name(item)] for item in self.items}

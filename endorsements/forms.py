"""Forms for the applicant's side of applications and for the reference rater. Validate only."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from competencies.selectors import category_list
from core.addresses import email_canonical, person_name_key
from core.forms import PortalFormMixin
from endorsements.models import RatingItem, ReferenceRelationship
from endorsements.models.references import REFERENCE_LANGUAGES
from endorsements.services.references import NOT_ENOUGH_INFO

RATING_CHOICES = [
    ("1", _("1 – Rarely")),
    ("2", _("2 – Sometimes")),
    ("3", _("3 – Often")),
    ("4", _("4 – Usually")),
    ("5", _("5 – Consistently")),
    (NOT_ENOUGH_INFO, _("I do not have enough information")),
]


class ApplicationStartForm(PortalFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=category_list(),
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose one of the categories listed.")},
    )


class ReferenceInviteForm(PortalFormMixin, forms.Form):
    rater_name = forms.CharField(label=_("Rater's full name"), max_length=200)
    rater_email = forms.EmailField(
        label=_("Rater's email address"),
        help_text=_(
            "We email the rater a secure link. A personal address is less likely to be "
            "blocked by an employer's mail server."
        ),
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    language = forms.ChoiceField(
        label=_("Language of the email and the rating form"),
        choices=REFERENCE_LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "The rater reads the invitation, any reminders and the rating form in this language."
        ),
    )
    relationship = forms.ChoiceField(
        label=_("How the rater knows your work"),
        choices=ReferenceRelationship.choices,
        widget=forms.RadioSelect,
    )
    rater_endorsed = forms.BooleanField(
        label=_("The rater holds an endorsement"),
        required=False,
        help_text=_(
            "At least one of your raters must hold an endorsement. It counts at once when the "
            "number below is one of this registry's current endorsements in the rater's name; "
            "otherwise it shows as claimed, not verified, until the coordinator checks it."
        ),
    )
    rater_endorsement_number = forms.CharField(
        label=_("Rater's endorsement number"), max_length=60, required=False
    )
    applicant_waived_access = forms.BooleanField(
        label=_("I waive my right to see what this rater writes"),
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
        # By default the rater reads the language the applicant is using now. One of the two
        # is always ticked on the page; a post without it (an older page) gets that default.
        codes = {code for code, _label in REFERENCE_LANGUAGES}
        current = (get_language() or "en").split("-")[0]
        self.default_language = current if current in codes else "en"
        self.fields["language"].initial = self.default_language
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.default_language

    def clean_rater_email(self):
        email = self.cleaned_data["rater_email"].strip()
        if self.applicant_email and email_canonical(email) == self.applicant_email:
            raise forms.ValidationError(
                _("You cannot be your own reference rater: enter someone else's email address.")
            )
        if email_canonical(email) in self.existing_emails:
            raise forms.ValidationError(
                _("You have already asked this person. Choose someone else, or resend their link.")
            )
        return email


class ReferenceEmailForm(PortalFormMixin, forms.Form):
    rater_email = forms.EmailField(
        label=_("Correct email address"),
        help_text=_("We send a new link there; the old link stops working."),
        error_messages={"invalid": _("Enter an email address like name@example.org")},
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
            raise forms.ValidationError(_("Another of your raters already has this address."))
        return email


class WaiverForm(forms.Form):
    waived = forms.BooleanField(required=False)


class WithdrawForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This helps the coordinator. It is kept with the application's history."),
    )


class EthicsAttestationForm(PortalFormMixin, forms.Form):
    agree = forms.BooleanField(
        label=_(
            "I have read the Code of Ethics and the Endorsement Agreement and agree to follow them"
        ),
        error_messages={
            "required": _(
                "Tick the box to confirm you agree to the Code of Ethics and the "
                "Endorsement Agreement"
            )
        },
    )
    typed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=300,
        error_messages={"required": _("Type your full name to sign")},
    )

    def __init__(self, *args, expected_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name
        # Crispy renders help text as HTML: the name is the person's own typing, so escape it.
        self.fields["typed_name"].help_text = format_html(
            '{} <a href="{}">{}</a>',
            gettext("Your legal name, as on your account: %(name)s") % {"name": expected_name},
            reverse("accounts:name"),
            gettext("Correct your name"),
        )

    def clean_typed_name(self):
        typed = " ".join(self.cleaned_data["typed_name"].split())
        if person_name_key(typed) != person_name_key(self.expected_name):
            raise forms.ValidationError(
                _(
                    "Type your name exactly as on your account (%(name)s). If your "
                    "name has changed, update it in your account first."
                ),
                params={"name": self.expected_name},
            )
        return typed


class RatingForm(PortalFormMixin, forms.Form):
    """One radio question per active rating item, then the rater's details and comments."""

    rater_endorsed = forms.BooleanField(label=_("I hold an endorsement"), required=False)
    rater_endorsement_number = forms.CharField(
        label=_("My endorsement number"), max_length=60, required=False
    )
    comments = forms.CharField(
        label=_("Anything else reviewers should know"),
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
                # "1. Reflection: ..." (the item's own words come from its translated columns).
                label=f"{number}. {item.domain}: {item.text}",
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext(
                        "Choose a rating for statement %(number)s, or "
                        "“I do not have enough information”"
                    )
                    % {"number": number}
                },
            )
        self.fields.update(rater_fields)

    @staticmethod
    def field_name(item: RatingItem) -> str:
        return f"item_{item.pk}"

    def ratings(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[self.field_name(item)] for item in self.items}

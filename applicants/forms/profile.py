"""The profile form: who the applicant is and where they work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin

from ..models import (
    EARLIEST_YEAR,
    Agency,
    ApplicantProfile,
    County,
    Language,
    ProgramType,
    RaceEthnicity,
)
from .common import DATE_HINT, date_field, require

# --- Profile ----------------------------------------------------------------------------------


class ProfileForm(PortalFormMixin, forms.ModelForm):
    # The legal name is the account's: saved through accounts.services.user_name_correct.
    given_name = forms.CharField(
        label=_("Legal first name"),
        max_length=150,
        error_messages={"required": _("Enter your legal first name.")},
        help_text=_("As on official documents: you sign the Code of Ethics with it."),
    )
    family_name = forms.CharField(
        label=_("Legal last name"),
        max_length=150,
        error_messages={"required": _("Enter your legal last name.")},
    )
    agency = forms.ModelChoiceField(
        label=_("Employer or program"),
        queryset=Agency.objects.select_related("county").order_by("name"),
        required=False,
        empty_label=_("Choose your employer or program"),
        help_text=_("Choose from the list, or type its name below if it is not there."),
    )
    new_agency_name = forms.CharField(
        label=_("Employer or program not in the list"),
        max_length=200,
        required=False,
        help_text=_("Type its full name; we add it to the list."),
    )
    new_agency_program_type = forms.ChoiceField(
        label=_("Kind of program"),
        choices=[("", _("Choose the kind of program")), *ProgramType.choices],
        required=False,
        help_text=_("Needed only when you type a new employer or program."),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you work in"),
        queryset=Language.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    race_ethnicity = forms.MultipleChoiceField(
        label=_("Race or ethnicity"),
        choices=RaceEthnicity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Choose all that apply, or none. Voluntary: reviewers never see it, and it is "
            "only ever reported as totals that cannot identify you."
        ),
    )

    # New-agency fields sit under the agency list, not after the demographics.
    field_order = (
        "given_name",
        "family_name",
        "preferred_name",
        "credentials",
        "phone",
        "work_county",
        "agency",
        "new_agency_name",
        "new_agency_program_type",
    )

    class Meta:
        model = ApplicantProfile
        fields = (
            "preferred_name",
            "credentials",
            "phone",
            "work_county",
            "agency",
            "new_agency_name",
            "new_agency_program_type",
            "job_title",
            "languages",
            "membership_number",
            "membership_expires_on",
            "directory_opt_in",
            "accepting_supervisees",
            "race_ethnicity",
            "race_ethnicity_described",
            "gender",
            "gender_described",
        )
        labels = {
            "preferred_name": _("Name to print on your certificate and the registry"),
            "credentials": _("Credentials and licenses"),
            "work_county": _("County where you work"),
            "membership_number": _("Association membership number"),
            "membership_expires_on": _("Membership expiry date"),
            "directory_opt_in": _("List me in the public registry once I am endorsed"),
            "accepting_supervisees": _(
                "I offer reflective supervision/consultation to others "
                "(shown on the provider roster)"
            ),
            "race_ethnicity_described": _("Race or ethnicity in your own words"),
            "gender_described": _("Gender in your own words"),
        }
        help_texts = {
            "preferred_name": _(
                "Leave empty to use your legal name. Only this name is shown and "
                "searched in the public registry."
            ),
            "credentials": _("For example, LCSW, M.Ed., CDA."),
            "phone": _("So that the coordinator can reach you about your application."),
            "job_title": _("For example, home visitor or early intervention specialist."),
            "membership_number": _("On your membership card or renewal email."),
            "gender": _(
                "Voluntary: reviewers never see it, and it is only ever reported as totals "
                "that cannot identify you."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_county"].queryset = County.objects.select_related("region").order_by(
            "name"
        )
        self.fields["work_county"].empty_label = _("Choose a county")
        # Not optional: either this or a typed name is needed (clean() says so).
        self.fields["agency"].label = _("Employer or program")
        require(self.fields["work_county"], "Choose the county where you work.")
        require(self.fields["job_title"], "Enter your role or job title.")
        require(self.fields["phone"], "Enter a phone number.")
        self.fields["gender"].choices = [
            ("", _("Prefer not to say")),
            *self.fields["gender"].choices[1:],
        ]
        date_field(self.fields["membership_expires_on"], hint=DATE_HINT)
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_membership_expires_on(self):
        value = self.cleaned_data.get("membership_expires_on")
        if value and value.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                _("The expiry date must be in %(year)s or later."),
                code="too_old",
                params={"year": EARLIEST_YEAR},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        new_name = " ".join((cleaned.get("new_agency_name") or "").split())
        cleaned["new_agency_name"] = new_name
        if new_name and not cleaned.get("new_agency_program_type"):
            self.add_error(
                "new_agency_program_type", _("Choose the kind of program for the new employer.")
            )
        if not new_name and not cleaned.get("agency"):
            self.add_error(
                "agency",
                _("Choose your employer or program, or type its name if it is not listed."),
            )
        return cleaned

    def model_data(self) -> dict:
        skip = {
            "languages",
            "new_agency_name",
            "new_agency_program_type",
            "given_name",
            "family_name",
        }
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        if self.cleaned_data.get("new_agency_name"):
            data.pop("agency", None)
        return data

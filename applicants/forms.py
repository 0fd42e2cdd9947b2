"""Forms for the profile and each evidence section. They validate; services persist.

Bounds here (no future dates, no year before 1950, at most 24 hours of training a day, at most
80 hours of work a week) catch typing mistakes. They are not endorsement rules, which live as
data in `competencies`.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from competencies.models import Competency
from competencies.selectors import domains_for_edition, edition_in_effect
from core.forms import PortalFormMixin

from .models import (
    EARLIEST_YEAR,
    Agency,
    ApplicantProfile,
    County,
    Document,
    Education,
    Language,
    LeadershipActivity,
    ProgramType,
    RaceEthnicity,
    Training,
    WorkExperience,
)
from .uploads import UploadField

MAX_WORK_HOURS_PER_WEEK = Decimal(80)
MAX_TRAINING_HOURS_PER_DAY = Decimal(24)

DATE_HINT = "For example, 2024-03-14."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(field: forms.Field, *, label: str | None = None, hint: str = DATE_HINT) -> None:
    field.widget = DateInput()
    field.error_messages["invalid"] = "Enter a real date, like 2024-03-14."
    if label:
        field.label = label
    field.help_text = hint


def _not_in_future(value, *, what: str):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past.", code="future")
    if value and value.year < EARLIEST_YEAR:
        raise forms.ValidationError(f"{what} must be in {EARLIEST_YEAR} or later.", code="too_old")
    return value


def _require(field: forms.Field, message: str) -> None:
    """Make a field the model allows empty required in the form (after the mixin ran)."""
    field.required = True
    field.error_messages["required"] = message
    field.label = str(field.label).replace(" (optional)", "")
    field.widget.attrs["aria-required"] = "true"


class EvidenceForm(PortalFormMixin, forms.ModelForm):
    """Base for the evidence sections: `model_data()` is what the service writes."""

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


# --- Profile ----------------------------------------------------------------------------------


class ProfileForm(PortalFormMixin, forms.ModelForm):
    agency = forms.ModelChoiceField(
        label="Employer or program",
        queryset=Agency.objects.select_related("county").order_by("name"),
        required=False,
        empty_label="Choose your employer or program",
        help_text="If yours is not in the list, leave this and type its name below.",
    )
    new_agency_name = forms.CharField(
        label="Employer or program not in the list",
        max_length=200,
        required=False,
        help_text="Type its full name; we add it to the list.",
    )
    new_agency_program_type = forms.ChoiceField(
        label="Kind of program",
        choices=[("", "Choose the kind of program"), *ProgramType.choices],
        required=False,
        help_text="Needed only when you type a new employer or program.",
    )
    languages = forms.ModelMultipleChoiceField(
        label="Languages you work in",
        queryset=Language.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    race_ethnicity = forms.MultipleChoiceField(
        label="Race or ethnicity",
        choices=RaceEthnicity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply, or none. Voluntary: reviewers never see it, and it is "
        "only ever reported as totals that cannot identify you.",
    )

    # New-agency fields sit under the agency list, not after the demographics.
    field_order = (
        "legal_given_name",
        "legal_family_name",
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
            "legal_given_name",
            "legal_family_name",
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
            "preferred_name": "Name to print on your certificate and the registry",
            "credentials": "Credentials and licenses",
            "work_county": "County where you work",
            "membership_number": "Association membership number",
            "membership_expires_on": "Membership expiry date",
            "directory_opt_in": "List me in the public registry once I am endorsed",
            "accepting_supervisees": "I offer reflective supervision/consultation to others "
            "(shown on the provider roster)",
            "race_ethnicity_described": "Race or ethnicity in your own words",
            "gender_described": "Gender in your own words",
        }
        help_texts = {
            "preferred_name": "Leave empty to use your legal name.",
            "credentials": "For example, LCSW, M.Ed., CDA.",
            "phone": "So that the coordinator can reach you about your application.",
            "job_title": "For example, home visitor or early intervention specialist.",
            "membership_number": "On your membership card or renewal email.",
            "gender": "Voluntary: reviewers never see it, and it is only ever reported as totals "
            "that cannot identify you.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_county"].queryset = County.objects.select_related("region").order_by(
            "name"
        )
        self.fields["work_county"].empty_label = "Choose a county"
        _require(self.fields["work_county"], "Choose the county where you work.")
        _require(self.fields["job_title"], "Enter your role or job title.")
        _require(self.fields["phone"], "Enter a phone number.")
        self.fields["legal_given_name"].error_messages["required"] = "Enter your legal first name."
        self.fields["legal_family_name"].error_messages["required"] = "Enter your legal last name."
        self.fields["gender"].choices = [
            ("", "Prefer not to say"),
            *self.fields["gender"].choices[1:],
        ]
        _date_field(self.fields["membership_expires_on"], hint=DATE_HINT)
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["legal_given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["legal_family_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_membership_expires_on(self):
        value = self.cleaned_data.get("membership_expires_on")
        if value and value.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"The expiry date must be in {EARLIEST_YEAR} or later.")
        return value

    def clean(self):
        cleaned = super().clean()
        new_name = " ".join((cleaned.get("new_agency_name") or "").split())
        cleaned["new_agency_name"] = new_name
        if new_name and not cleaned.get("new_agency_program_type"):
            self.add_error(
                "new_agency_program_type", "Choose the kind of program for the new employer."
            )
        if not new_name and not cleaned.get("agency"):
            self.add_error(
                "agency", "Choose your employer or program, or type its name if it is not listed."
            )
        return cleaned

    def model_data(self) -> dict:
        skip = {"languages", "new_agency_name", "new_agency_program_type"}
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        if self.cleaned_data.get("new_agency_name"):
            data.pop("agency", None)
        return data


# --- Education --------------------------------------------------------------------------------


class EducationForm(EvidenceForm):
    transcript_upload = UploadField(label="Transcript or diploma", required=False)
    remove_transcript = forms.BooleanField(label="Remove the current file", required=False)

    class Meta:
        model = Education
        fields = ("degree_level", "field_of_study", "institution", "year")
        labels = {
            "degree_level": "Degree or qualification",
            "field_of_study": "Field of study",
            "year": "Year completed",
        }
        help_texts = {"field_of_study": "For example, social work or child development."}
        error_messages = {
            "degree_level": {"required": "Choose the degree or qualification."},
            "institution": {"required": "Enter the school, college or university."},
            "year": {
                "required": "Enter the year you completed it, like 2019.",
                "invalid": "Enter the year as four digits, like 2019.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.NumberInput(attrs={"inputmode": "numeric"})
        self.fields["degree_level"].choices = [
            ("", "Choose a degree or qualification"),
            *self.fields["degree_level"].choices[1:],
        ]
        if not (self.instance.pk and self.instance.transcript_id):
            del self.fields["remove_transcript"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("The year completed must be this year or earlier.")
        if year < EARLIEST_YEAR:
            raise forms.ValidationError(f"The year completed must be {EARLIEST_YEAR} or later.")
        return year


# --- Work -------------------------------------------------------------------------------------


class WorkForm(EvidenceForm):
    class Meta:
        model = WorkExperience
        fields = (
            "employer",
            "role",
            "kind",
            "start_date",
            "end_date",
            "hours_per_week",
            "families_served",
            "age_band",
            "paid",
            "post_graduate",
        )
        labels = {
            "end_date": "End date",
            "hours_per_week": "Hours per week",
            "families_served": "Number of families served",
            "paid": "This was paid work",
            "post_graduate": "This work was after my graduate degree",
        }
        help_texts = {
            "hours_per_week": "Your usual hours, like 37.5.",
            "families_served": "Roughly, over the whole time in this post.",
        }
        error_messages = {
            "employer": {"required": "Enter the employer or program."},
            "role": {"required": "Enter your role or job title."},
            "kind": {"required": "Choose the kind of work."},
            "start_date": {"required": "Enter the date you started, like 2021-09-01."},
            "hours_per_week": {"required": "Enter your hours per week, like 37.5."},
            "age_band": {"required": "Choose the ages you worked with."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_field(self.fields["start_date"], label="Start date")
        _date_field(self.fields["end_date"], hint="Leave empty if you work here now. " + DATE_HINT)
        self.fields["hours_per_week"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})
        self.fields["kind"].choices = [
            ("", "Choose the kind of work"),
            *self.fields["kind"].choices[1:],
        ]
        self.fields["age_band"].choices = [
            ("", "Choose the ages"),
            *self.fields["age_band"].choices[1:],
        ]

    def clean_start_date(self):
        return _not_in_future(self.cleaned_data.get("start_date"), what="The start date")

    def clean_end_date(self):
        return _not_in_future(self.cleaned_data.get("end_date"), what="The end date")

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if hours <= 0:
            raise forms.ValidationError("The hours per week must be more than 0.")
        if hours > MAX_WORK_HOURS_PER_WEEK:
            raise forms.ValidationError(
                f"The hours per week must be {MAX_WORK_HOURS_PER_WEEK} or fewer."
            )
        return hours

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date.")
        return cleaned


# --- Training ---------------------------------------------------------------------------------


class TrainingForm(EvidenceForm):
    competencies = forms.ModelMultipleChoiceField(
        label="Competency areas it covered",
        queryset=Competency.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick every area the training taught, grouped by domain. Your training as a "
        "whole must cover the domains of the category you apply for.",
    )
    certificate_upload = UploadField(label="Certificate of attendance", required=False)
    remove_certificate = forms.BooleanField(label="Remove the current file", required=False)

    class Meta:
        model = Training
        fields = (
            "title",
            "provider",
            "date",
            "end_date",
            "hours",
            "format",
            "dei",
            "rsc_provision",
        )
        labels = {
            "title": "Title of the training",
            "provider": "Who gave it",
            "hours": "Hours",
            "format": "Format",
            "dei": "It was about diversity, equity and inclusion",
            "rsc_provision": "It was about providing reflective supervision/consultation",
        }
        help_texts = {"hours": "Hours of learning, like 6 or 1.5."}
        error_messages = {
            "title": {"required": "Enter the title of the training."},
            "provider": {"required": "Enter who gave the training."},
            "date": {"required": "Enter the date of the training, like 2024-03-14."},
            "hours": {"required": "Enter the hours, like 6 or 1.5."},
            "format": {"required": "Choose the format."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_field(self.fields["date"], label="Date (first day)")
        _date_field(
            self.fields["end_date"],
            label="Last day",
            hint="Only if it lasted more than one day. " + DATE_HINT,
        )
        self.fields["hours"].widget.attrs.update({"inputmode": "decimal", "step": "0.25"})
        self.fields["format"].choices = [
            ("", "Choose the format"),
            *self.fields["format"].choices[1:],
        ]
        edition = edition_in_effect(on=timezone.localdate())
        domains = domains_for_edition(edition=edition) if edition else []
        self.fields["competencies"].choices = [
            (domain.name, [(c.pk, c.name) for c in domain.competencies.all()]) for domain in domains
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["competencies"] = [c.pk for c in self.instance.competencies.all()]
        if not (self.instance.pk and self.instance.certificate_id):
            del self.fields["remove_certificate"]

    def clean_date(self):
        return _not_in_future(self.cleaned_data.get("date"), what="The date")

    def clean_end_date(self):
        return _not_in_future(self.cleaned_data.get("end_date"), what="The last day")

    def clean(self):
        cleaned = super().clean()
        start, end, hours = cleaned.get("date"), cleaned.get("end_date"), cleaned.get("hours")
        if start and end and end < start:
            self.add_error("end_date", "The last day must be the same as or after the first day.")
            end = None
        if hours is not None:
            days = ((end or start) - start).days + 1 if start else 1
            limit = MAX_TRAINING_HOURS_PER_DAY * days
            if hours <= 0:
                self.add_error("hours", "The hours must be more than 0.")
            elif hours > limit:
                self.add_error(
                    "hours",
                    f"The hours must be {limit} or fewer: "
                    f"no more than {MAX_TRAINING_HOURS_PER_DAY} for each day of training.",
                )
        return cleaned


# --- Leadership -------------------------------------------------------------------------------


class LeadershipForm(EvidenceForm):
    class Meta:
        model = LeadershipActivity
        fields = ("kind", "title", "organisation", "start_date", "end_date", "description")
        labels = {"kind": "Kind of leadership", "organisation": "Organisation"}
        help_texts = {"description": "What you did and what came of it, in a few sentences."}
        error_messages = {
            "kind": {"required": "Choose the kind of leadership."},
            "title": {"required": "Enter your title or role."},
            "organisation": {"required": "Enter the organisation."},
            "start_date": {"required": "Enter the date you started, like 2021-09-01."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_field(self.fields["start_date"], label="Start date")
        _date_field(
            self.fields["end_date"],
            label="End date",
            hint="Leave empty if it is ongoing. " + DATE_HINT,
        )
        self.fields["kind"].choices = [("", "Choose the kind"), *self.fields["kind"].choices[1:]]
        self.fields["description"].widget.attrs["rows"] = 4

    def clean_start_date(self):
        return _not_in_future(self.cleaned_data.get("start_date"), what="The start date")

    def clean_end_date(self):
        return _not_in_future(self.cleaned_data.get("end_date"), what="The end date")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date.")
        return cleaned


# --- Documents --------------------------------------------------------------------------------


class DocumentForm(EvidenceForm):
    file_upload = UploadField(label="File")

    class Meta:
        model = Document
        fields = ("kind", "title")
        labels = {"kind": "Kind of document", "title": "Title"}
        help_texts = {"title": 'A name you will recognise, like "CV, March 2026".'}
        error_messages = {
            "kind": {"required": "Choose the kind of document."},
            "title": {"required": "Enter a title for the document."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose the kind"), *self.fields["kind"].choices[1:]]
        if self.instance.pk:
            # Editing keeps the current file unless a new one is chosen.
            upload = self.fields["file_upload"]
            upload.required = False
            upload.label = "Replace the file (optional)"
            upload.help_text = "Leave empty to keep the current file. " + upload.help_text
            upload.widget.attrs.pop("aria-required", None)

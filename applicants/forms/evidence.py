"""Forms for the evidence sections: education, work, training, leadership, documents."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency
from competencies.selectors import domains_for_edition, edition_in_effect
from core import formatting

from ..models import (
    Document,
    Education,
    LeadershipActivity,
    Training,
    WorkExperience,
)
from ..uploads import UploadField
from .common import (
    DATE_HINT,
    MAX_TRAINING_HOURS_PER_DAY,
    MAX_WORK_HOURS_PER_WEEK,
    EvidenceForm,
    date_field,
    not_in_future,
    require,
)

# --- Education --------------------------------------------------------------------------------


class EducationForm(EvidenceForm):
    transcript_upload = UploadField(label=_("Transcript or diploma"), required=False)
    remove_transcript = forms.BooleanField(label=_("Remove the current file"), required=False)

    class Meta:
        model = Education
        fields = ("degree_level", "field_of_study", "institution", "completed_on")
        labels = {
            "degree_level": _("Degree or qualification"),
            "institution": _("Institution"),
            "field_of_study": _("Field of study"),
        }
        help_texts = {"field_of_study": _("For example, social work or child development.")}
        error_messages = {
            "degree_level": {"required": _("Choose the degree or qualification.")},
            "institution": {"required": _("Enter the school, college or university.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_field(
            self.fields["completed_on"],
            label=_("Date completed"),
            hint=_(
                "The date on your diploma or transcript, like 15 May 2019. Work after a "
                "graduate degree counts as post-graduate from this day."
            ),
        )
        require(
            self.fields["completed_on"],
            _("Enter the date you completed it, like 15 May 2019."),
        )
        self.fields["degree_level"].choices = [
            ("", _("Choose a degree or qualification")),
            *self.fields["degree_level"].choices[1:],
        ]
        if not (self.instance.pk and self.instance.transcript_id):
            del self.fields["remove_transcript"]

    def clean_completed_on(self):
        return not_in_future(self.cleaned_data.get("completed_on"), what="completed_on")

    def model_data(self) -> dict:
        data = super().model_data()
        data["year"] = data["completed_on"].year  # kept with the date, for lists and sorting
        return data


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
        )
        labels = {
            "employer": _("Employer"),
            "end_date": _("End date"),
            "hours_per_week": _("Hours per week"),
            "families_served": _("Number of families served"),
            "paid": _("This was paid work"),
        }
        help_texts = {
            "hours_per_week": _("Your usual hours, like 37.5."),
            "families_served": _("Roughly, over the whole time in this post."),
            "age_band": _(
                "Infant categories count work about pregnancy to 36 months, early childhood "
                "categories work about children 3 up to 6. Choose “Both” if the work was "
                "about both."
            ),
        }
        error_messages = {
            "employer": {"required": _("Enter the employer or program.")},
            "role": {"required": _("Enter your role or job title.")},
            "kind": {"required": _("Choose the kind of work.")},
            "start_date": {"required": _("Enter the date you started, like 1 September 2021.")},
            "hours_per_week": {"required": _("Enter your hours per week, like 37.5.")},
            "age_band": {"required": _("Choose the ages you worked with.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_field(self.fields["start_date"], label=_("Start date"))
        date_field(
            self.fields["end_date"],
            hint=format_lazy("{} {}", _("Leave empty if you work here now."), DATE_HINT),
        )
        self.fields["hours_per_week"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})
        self.fields["kind"].choices = [
            ("", _("Choose the kind of work")),
            *self.fields["kind"].choices[1:],
        ]
        self.fields["age_band"].choices = [
            ("", _("Choose the ages")),
            *self.fields["age_band"].choices[1:],
        ]

    def clean_start_date(self):
        return not_in_future(self.cleaned_data.get("start_date"), what="start_date")

    def clean_end_date(self):
        return not_in_future(self.cleaned_data.get("end_date"), what="end_date")

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if hours <= 0:
            raise forms.ValidationError(_("The hours per week must be more than 0."))
        if hours > MAX_WORK_HOURS_PER_WEEK:
            raise forms.ValidationError(
                _("The hours per week must be %(max)s or fewer.")
                % {"max": formatting.number(MAX_WORK_HOURS_PER_WEEK)}
            )
        return hours

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date must be the same as or after the start date.")
            )
        return cleaned


# --- Training ---------------------------------------------------------------------------------


class TrainingForm(EvidenceForm):
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("Hours of learning, like 6 or 1.5."),
        error_messages={
            "required": _("Enter the hours, like 6 or 1.5 (0 if it was under an hour)."),
            "invalid": _("Enter the hours as a number, like 6 or 1.5."),
            "min_value": _("The hours must be more than 0."),
            "max_decimal_places": _("Enter the hours with no more than 2 decimals."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=0,
        max_value=59,
        help_text=_("Only if the length is not whole hours: 50 minutes is 0 hours and 50 minutes."),
        error_messages={
            "invalid": _("Enter the minutes as a whole number, like 30."),
            "min_value": _("Minutes cannot be less than 0."),
            "max_value": _("Enter 59 minutes or fewer (add an hour instead)."),
        },
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competency areas it covered"),
        queryset=Competency.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick every area the training taught, grouped by domain. A training that covers no "
            "competency area does not count toward the training hours of an endorsement, and "
            "your training as a whole must cover the domains of the category you apply for."
        ),
    )
    certificate_upload = UploadField(label=_("Certificate of attendance"), required=False)
    remove_certificate = forms.BooleanField(label=_("Remove the current file"), required=False)

    field_order = (
        "title",
        "provider",
        "date",
        "end_date",
        "hours",
        "minutes",
        "format",
        "dei",
        "rsc_provision",
        "competencies",
        "certificate_upload",
        "remove_certificate",
    )

    class Meta:
        model = Training
        fields = (
            "title",
            "provider",
            "date",
            "end_date",
            "format",
            "dei",
            "rsc_provision",
        )
        labels = {
            "title": _("Title of the training"),
            "provider": _("Who gave it"),
            "format": _("Format"),
            "dei": _("It was about diversity, equity and inclusion"),
            "rsc_provision": _("It was about providing reflective supervision/consultation"),
        }
        error_messages = {
            "title": {"required": _("Enter the title of the training.")},
            "provider": {"required": _("Enter who gave the training.")},
            "date": {"required": _("Enter the date of the training, like 14 March 2024.")},
            "format": {"required": _("Choose the format.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_field(self.fields["date"], label=_("Date (first day)"))
        date_field(
            self.fields["end_date"],
            label=_("Last day"),
            hint=format_lazy("{} {}", _("Only if it lasted more than one day."), DATE_HINT),
        )
        self.fields["hours"].widget.attrs.update({"inputmode": "decimal", "step": "0.25"})
        self.fields["minutes"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["format"].choices = [
            ("", _("Choose the format")),
            *self.fields["format"].choices[1:],
        ]
        edition = edition_in_effect(on=timezone.localdate())
        domains = domains_for_edition(edition=edition) if edition else []
        self.fields["competencies"].choices = [
            (domain.name, [(c.pk, c.name) for c in domain.competencies.all()]) for domain in domains
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["competencies"] = [c.pk for c in self.instance.competencies.all()]
            whole, rest = divmod(self.instance.minutes or 0, 60)
            self.initial["hours"], self.initial["minutes"] = whole, rest or None
        if not (self.instance.pk and self.instance.certificate_id):
            del self.fields["remove_certificate"]

    def clean_date(self):
        return not_in_future(self.cleaned_data.get("date"), what="date")

    def clean_end_date(self):
        return not_in_future(self.cleaned_data.get("end_date"), what="last_day")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        hours, extra = cleaned.get("hours"), cleaned.get("minutes") or 0
        if start and end and end < start:
            self.add_error(
                "end_date", _("The last day must be the same as or after the first day.")
            )
            end = None
        if hours is not None and "minutes" not in self.errors:
            total = hours * 60 + extra
            days = ((end or start) - start).days + 1 if start else 1
            limit = MAX_TRAINING_HOURS_PER_DAY * days
            if total <= 0:
                self.add_error("hours", _("The hours must be more than 0."))
            elif total != total.to_integral_value():
                self.add_error(
                    "hours",
                    _("Enter hours that make whole minutes, like 1.5, or use the minutes box."),
                )
            elif total > limit * 60:
                self.add_error(
                    "hours",
                    _(
                        "The hours must be %(limit)s or fewer: no more than %(per_day)s for "
                        "each day of training."
                    )
                    % {
                        "limit": formatting.number(limit),
                        "per_day": formatting.number(MAX_TRAINING_HOURS_PER_DAY),
                    },
                )
            else:
                cleaned["length_minutes"] = int(total)
        return cleaned

    def model_data(self) -> dict:
        data = super().model_data()
        data["minutes"] = self.cleaned_data["length_minutes"]
        return data


# --- Leadership -------------------------------------------------------------------------------


class LeadershipForm(EvidenceForm):
    class Meta:
        model = LeadershipActivity
        fields = ("kind", "title", "organisation", "start_date", "end_date", "description")
        labels = {"kind": _("Kind of leadership"), "organisation": _("Organisation")}
        help_texts = {"description": _("What you did and what came of it, in a few sentences.")}
        error_messages = {
            "kind": {"required": _("Choose the kind of leadership.")},
            "title": {"required": _("Enter your title or role.")},
            "organisation": {"required": _("Enter the organisation.")},
            "start_date": {"required": _("Enter the date you started, like 1 September 2021.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_field(self.fields["start_date"], label=_("Start date"))
        date_field(
            self.fields["end_date"],
            label=_("End date"),
            hint=format_lazy("{} {}", _("Leave empty if it is ongoing."), DATE_HINT),
        )
        self.fields["kind"].choices = [("", _("Choose the kind")), *self.fields["kind"].choices[1:]]
        self.fields["description"].widget.attrs["rows"] = 4

    def clean_start_date(self):
        return not_in_future(self.cleaned_data.get("start_date"), what="start_date")

    def clean_end_date(self):
        return not_in_future(self.cleaned_data.get("end_date"), what="end_date")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date must be the same as or after the start date.")
            )
        return cleaned


# --- Documents --------------------------------------------------------------------------------


class DocumentForm(EvidenceForm):
    file_upload = UploadField(label=_("File"))

    class Meta:
        model = Document
        fields = ("kind", "title")
        labels = {"kind": _("Kind of document"), "title": _("Title")}
        help_texts = {"title": _('A name you will recognise, like "CV, March 2026".')}
        error_messages = {
            "kind": {"required": _("Choose the kind of document.")},
            "title": {"required": _("Enter a title for the document.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose the kind")), *self.fields["kind"].choices[1:]]
        if self.instance.pk:
            # Editing keeps the current file unless a new one is chosen.
            upload = self.fields["file_upload"]
            upload.required = False
            upload.label = _("Replace the file (optional)")
            upload.help_text = format_lazy(
                "{} {}", _("Leave empty to keep the current file."), upload.help_text
            )
            upload.widget.attrs.pop("aria-required", None)

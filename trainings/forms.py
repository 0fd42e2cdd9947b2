from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applicants.models import Language, Region, TrainingFormat
from competencies.models import Competency, CompetencyDomain, EndorsementCategory
from core.forms import PortalFormMixin

from .models import CatalogTraining

HOURS_ERRORS = {
    "invalid": _("Enter the hours as a number, like 12 or 1.5."),
    "min_value": _("The hours cannot be less than 0."),
    "max_decimal_places": _("Enter the hours with no more than 2 decimals."),
}


def _hours_field(label, help_text="", required=True):
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        required=required,
        help_text=help_text,
        error_messages=HOURS_ERRORS,
    )


def minutes_of(hours) -> int:
    return int((Decimal(hours or 0) * 60).to_integral_value())


class CatalogTrainingForm(PortalFormMixin, forms.ModelForm):
    """What a provider submits (and a coordinator may change before approving). Hours are
    typed as hours and kept as minutes."""

    hours = _hours_field(_("Hours of learning"), _("The whole training, like 12 or 7.5."))
    dei_hours = _hours_field(
        _("Hours about diversity, equity and inclusion"),
        _("0 if none. Part of the hours above."),
    )
    rsc_provision_hours = _hours_field(
        _("Hours about providing reflective supervision"),
        _("0 if none. Part of the hours above."),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Competency domains it covers"),
        queryset=CompetencyDomain.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one domain the training covers")},
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competency areas it covers"),
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Attendees' trainings are tagged with these areas."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Endorsement categories it suits"),
        queryset=EndorsementCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CatalogTraining
        fields = (
            "title",
            "description",
            "learning_objectives",
            "starts_on",
            "ends_on",
            "sessions",
            "format",
            "language",
            "location",
            "region",
            "age_band",
            "domains",
            "competencies",
            "categories",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "learning_objectives": forms.Textarea(attrs={"rows": 4}),
            "sessions": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "format": forms.RadioSelect,
            "age_band": forms.RadioSelect,
        }
        help_texts = {
            "location": _("The venue and town; leave empty for a training online only."),
            "region": _("Where it takes place; leave empty for a training online only."),
        }
        error_messages = {
            "title": {"required": _("Enter the training's title")},
            "description": {"required": _("Describe the training")},
            "learning_objectives": {"required": _("Enter at least one learning objective")},
            "starts_on": {
                "required": _("Enter the first day, like 2026-12-05"),
                "invalid": _("Enter the first day as a date, like 2026-12-05"),
            },
            "ends_on": {
                "required": _("Enter the last day, like 2026-12-06"),
                "invalid": _("Enter the last day as a date, like 2026-12-06"),
            },
            "format": {"required": _("Select how the training is given")},
            "language": {"required": _("Select the language it is given in")},
            "age_band": {"required": _("Select the ages the training is about")},
        }
        field_classes = {}

    field_order = (
        "title",
        "description",
        "learning_objectives",
        "starts_on",
        "ends_on",
        "sessions",
        "hours",
        "dei_hours",
        "rsc_provision_hours",
        "format",
        "language",
        "location",
        "region",
        "age_band",
        "domains",
        "competencies",
        "categories",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.order_by("name")
        self.fields["region"].queryset = Region.objects.order_by("order", "name")
        self.fields["domains"].queryset = CompetencyDomain.objects.filter(
            edition__active=True
        ).order_by("order", "name")
        self.fields["competencies"].queryset = Competency.objects.filter(
            domain__edition__active=True
        ).select_related("domain")
        self.fields["competencies"].label_from_instance = lambda c: f"{c.domain.name}: {c.name}"
        self.fields["categories"].queryset = EndorsementCategory.objects.filter(active=True)
        if self.instance.pk:
            for name, minutes in (
                ("hours", self.instance.minutes),
                ("dei_hours", self.instance.dei_minutes),
                ("rsc_provision_hours", self.instance.rsc_provision_minutes),
            ):
                self.initial.setdefault(name, Decimal(minutes) / 60)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        hours = data.get("hours")
        if hours is not None and hours <= 0:
            self.add_error("hours", _("The hours must be more than 0."))
        for part in ("dei_hours", "rsc_provision_hours"):
            if hours is not None and data.get(part) is not None and data[part] > hours:
                self.add_error(part, _("This cannot be more than the hours of the training."))
        return data

    def service_data(self) -> dict:
        """The training's facts as the services take them (minutes, related rows)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["minutes"] = minutes_of(self.cleaned_data["hours"])
        data["dei_minutes"] = minutes_of(self.cleaned_data["dei_hours"])
        data["rsc_provision_minutes"] = minutes_of(self.cleaned_data["rsc_provision_hours"])
        data["domains"] = list(data["domains"])
        data["competencies"] = list(data["competencies"])
        data["categories"] = list(data["categories"])
        return data


class DecisionForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to the provider"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CatalogFilterForm(forms.Form):
    """The catalog's filters (GET): every one optional; a wrong value is ignored."""

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Upcoming and past")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    domain = forms.ModelChoiceField(
        label=_("Domain"), required=False, queryset=CompetencyDomain.objects.none()
    )
    competency = forms.ModelChoiceField(
        label=_("Competency area"), required=False, queryset=Competency.objects.none()
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=EndorsementCategory.objects.none()
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any"))] + TrainingFormat.choices
    )
    language = forms.ModelChoiceField(
        label=_("Language"), required=False, queryset=Language.objects.none()
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none()
    )
    starts_from = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("Like 2026-03-31"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_until = forms.DateField(
        label=_("Until"),
        required=False,
        help_text=_("Like 2026-12-31"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = CompetencyDomain.objects.filter(edition__active=True)
        self.fields["competency"].queryset = Competency.objects.filter(domain__edition__active=True)
        self.fields["category"].queryset = EndorsementCategory.objects.filter(active=True)
        self.fields["language"].queryset = Language.objects.order_by("name")
        self.fields["region"].queryset = Region.objects.order_by("order", "name")
        for name in ("domain", "competency", "category", "language", "region"):
            self.fields[name].empty_label = _("Any")

    def filters(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v}
        return {k: v for k, v in self.cleaned_data.items() if v}


class AttendanceUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Attendance roster (CSV or Excel)"),
        help_text=_(
            "One attendee a row. The first row names the columns: Name, Email and Hours "
            "attended (Spanish names such as Nombre, Correo and Horas work too). Leave the "
            "hours empty for someone who attended the whole training."
        ),
        error_messages={"required": _("Choose the roster file to upload")},
    )

    def clean_file(self):
        from django.conf import settings

        from core.upload_handlers import upload_max_bytes

        from .rosters import RosterFileError, read_attendance

        upload = self.cleaned_data["file"]
        if getattr(upload, "refused", False) or upload.size > upload_max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split the roster into parts.")
                % {"mb": upload_max_bytes() // (1024 * 1024)},
                code="too_big",
            )
        try:
            self.lines = read_attendance(upload, max_rows=settings.ATTENDANCE_MAX_ROWS)
        except RosterFileError as exc:
            raise forms.ValidationError(str(exc), code="unreadable") from exc
        return upload


class LineFixForm(PortalFormMixin, forms.Form):
    """Correct one roster line in the preview (what was typed is kept on an error)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    hours = _hours_field(_("Hours attended"), required=False)
    skip = forms.BooleanField(label=_("Leave this person out"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("skip") and not (data.get("name") or data.get("email")):
            raise forms.ValidationError(_("Enter the person's name or email, or leave them out."))
        return data

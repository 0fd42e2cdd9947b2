"""Forms for logging sessions (one, or weekly in one go) and filtering the log."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import AgeBand
from core import formatting
from core.forms import PortalFormMixin

from ..models import Provider, SupervisionSession
from ..services import NewProvider, SessionFacts

Session = SupervisionSession
DATE_HINT = _("For example, 2026-03-14. In a browser without a date picker, 3/14/2026 works too.")
DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]
NEW, PEER = "new", "peer"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SessionDetailsForm(PortalFormMixin, forms.Form):
    """What every way of logging asks: length, format, modality, focus and provider."""

    hours = forms.IntegerField(
        min_value=0,
        max_value=12,
        initial=1,
        label=_("Hours"),
        error_messages={
            "invalid": _("Enter the hours as a whole number, like 1."),
            "max_value": _("A session cannot be longer than 12 hours."),
            "min_value": _("Hours cannot be less than 0."),
        },
    )
    minutes = forms.IntegerField(
        min_value=0,
        max_value=59,
        initial=0,
        label=_("Minutes"),
        help_text=_("For a session of an hour and a half, enter 1 hour and 30 minutes."),
        error_messages={
            "invalid": _("Enter the minutes as a whole number, like 30."),
            "max_value": _("Enter 59 minutes or fewer (add an hour instead)."),
            "min_value": _("Minutes cannot be less than 0."),
        },
    )
    format = forms.ChoiceField(
        choices=Session.Format.choices,
        widget=forms.RadioSelect,
        label=_("Format"),
        error_messages={"required": _("Say whether the session was individual or group.")},
    )
    group_size = forms.IntegerField(
        required=False,
        min_value=2,
        max_value=200,
        label=_("How many people were in the group, you included"),
        help_text=_("Only for group sessions."),
        error_messages={"min_value": _("A group has 2 or more people.")},
    )
    modality = forms.ChoiceField(
        choices=Session.Modality.choices,
        widget=forms.RadioSelect,
        label=_("In person or virtual"),
        error_messages={"required": _("Say whether the session was in person or virtual.")},
    )
    focus = forms.ChoiceField(
        choices=Session.Focus.choices,
        widget=forms.RadioSelect,
        label=_("What the session was about"),
        initial=Session.Focus.OWN_WORK,
        error_messages={"required": _("Say what the session was about.")},
    )
    age_band = forms.ChoiceField(
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        label=_("The ages the RSC was about"),
        help_text=_(
            "Infant categories count RSC about pregnancy to 36 months, early childhood "
            "categories RSC about children 3 up to 6. Choose “Both” if it was about both."
        ),
        error_messages={"required": _("Say which ages the RSC was about.")},
    )
    provider = forms.ChoiceField(
        label=_("Who provided the RSC"),
        help_text=_(
            "Peer supervision without an identified provider is kept in your log but "
            "never counts toward endorsement."
        ),
        error_messages={"required": _("Choose who provided the RSC.")},
    )
    provider_name = forms.CharField(
        required=False, max_length=200, label=_("New provider's full name")
    )
    provider_email = forms.EmailField(
        required=False,
        label=_("New provider's email address"),
        help_text=_("We email the provider a link to confirm your sessions; they need no account."),
        error_messages={"invalid": _("Enter an email address like name@example.org.")},
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {str(p.pk): p for p in providers}
        self.fields["provider"].choices = [
            ("", _("Choose a provider")),
            *[(pk, _provider_label(p)) for pk, p in self.providers.items()],
            (NEW, _("Someone not in this list (enter below)")),
            (PEER, _("Peer supervision (no identified provider)")),
        ]
        if not self.providers:
            self.fields["provider"].initial = NEW

    def clean(self):
        data = super().clean()
        hours, minutes = data.get("hours"), data.get("minutes")
        if hours is not None and minutes is not None and hours * 60 + minutes <= 0:
            self.add_error("hours", _("Enter how long the session was: more than 0 minutes."))
        if (
            data.get("format") == Session.Format.GROUP
            and not data.get("group_size")
            and "group_size" not in self.errors
        ):
            self.add_error("group_size", _("Enter how many people were in the group."))
        choice = data.get("provider")
        if choice == NEW and not data.get("provider_name", "").strip():
            self.add_error("provider_name", _("Enter the new provider's full name."))
        elif choice and choice not in (NEW, PEER) and choice not in self.providers:
            self.add_error("provider", _("Choose a provider from the list."))
        return data

    def provider_spec(self) -> Provider | NewProvider | None:
        choice = self.cleaned_data["provider"]
        if choice == PEER:
            return None
        if choice == NEW:
            return NewProvider(
                name=self.cleaned_data["provider_name"].strip(),
                email=self.cleaned_data.get("provider_email") or "",
            )
        return self.providers[choice]

    def duration_minutes(self) -> int:
        return self.cleaned_data["hours"] * 60 + self.cleaned_data["minutes"]

    def facts(self, *, on: date) -> SessionFacts:
        return SessionFacts(
            date=on,
            duration_minutes=self.duration_minutes(),
            format=self.cleaned_data["format"],
            group_size=self.cleaned_data.get("group_size"),
            modality=self.cleaned_data["modality"],
            focus=self.cleaned_data["focus"],
            age_band=self.cleaned_data["age_band"],
            private_notes=self.cleaned_data.get("private_notes", ""),
        )


def _provider_label(provider: Provider) -> str:
    return f"{provider.name} ({provider.email})" if provider.email else provider.name


def _not_future(value: date) -> date:
    if value > timezone.localdate():
        raise forms.ValidationError(
            _("The date is in the future. Log sessions after they happen."), code="future"
        )
    return value


class SessionForm(SessionDetailsForm):
    date = forms.DateField(
        label=_("Date of the session"),
        help_text=DATE_HINT,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": _("Enter the date of the session, like 2026-03-14."),
            "invalid": _("Enter a real date, like 2026-03-14."),
        },
    )
    private_notes = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Private notes"),
        help_text=_("Only you can see these. Your provider and reviewers never do."),
    )
    field_order = [
        "date",
        "hours",
        "minutes",
        "format",
        "group_size",
        "modality",
        "focus",
        "age_band",
        "provider",
        "provider_name",
        "provider_email",
        "private_notes",
    ]

    @classmethod
    def initial_for(cls, session: SupervisionSession) -> dict:
        return {
            "date": session.date,
            "hours": session.duration_minutes // 60,
            "minutes": session.duration_minutes % 60,
            "format": session.format,
            "group_size": session.group_size,
            "modality": session.modality,
            "focus": session.focus,
            "age_band": session.age_band or None,
            "provider": PEER if session.peer else str(session.provider_id),
            "private_notes": session.private_notes,
        }

    def clean_date(self):
        return _not_future(self.cleaned_data["date"])


class QuickEntryForm(SessionDetailsForm):
    start = forms.DateField(
        label=_("Date of the first session"),
        help_text=DATE_HINT,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": _("Enter the date of the first session, like 2026-03-14."),
            "invalid": _("Enter a real date, like 2026-03-14."),
        },
    )
    every_weeks = forms.TypedChoiceField(
        choices=[(1, _("Every week")), (2, _("Every 2 weeks"))],
        coerce=int,
        widget=forms.RadioSelect,
        initial=1,
        label=_("How often"),
        error_messages={"required": _("Say how often the sessions were.")},
    )
    count = forms.IntegerField(
        min_value=1,
        max_value=52,
        label=_("Number of sessions"),
        help_text=_("Up to 52. All of them must be in the past."),
        error_messages={
            "required": _("Enter how many sessions to log."),
            "invalid": _("Enter the number of sessions as a whole number, like 8."),
            "min_value": _("Enter at least 1 session."),
            "max_value": _("Enter 52 sessions or fewer."),
        },
    )
    field_order = [
        "provider",
        "provider_name",
        "provider_email",
        "start",
        "every_weeks",
        "count",
        "hours",
        "minutes",
        "format",
        "group_size",
        "modality",
        "focus",
        "age_band",
    ]

    def clean(self):
        data = super().clean()
        start, every, count = data.get("start"), data.get("every_weeks"), data.get("count")
        if start and every and count:
            from ..services import quick_entry_dates

            last = quick_entry_dates(start=start, every_weeks=every, count=count)[-1]
            if last > timezone.localdate():
                self.add_error(
                    "count",
                    _(
                        "The last session would be on %(day)s, in the future. Enter fewer "
                        "sessions or an earlier first date."
                    )
                    % {"day": formatting.day(last)},
                )
        return data


class LogFilterForm(PortalFormMixin, forms.Form):
    """The log page's filters (GET)."""

    provider = forms.ChoiceField(required=False, label=_("Provider"))
    start = forms.DateField(
        required=False,
        label=_("From"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Enter a real date, like 2026-01-01.")},
    )
    end = forms.DateField(
        required=False,
        label=_("To"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Enter a real date, like 2026-12-31.")},
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [
            ("", _("All providers")),
            *[(str(p.pk), p.name) for p in providers],
            (PEER, _("Peer supervision")),
        ]
        # Filters are optional by nature: no "(optional)" clutter in a filter bar.
        for name, label in (("provider", _("Provider")), ("start", _("From")), ("end", _("To"))):
            self.fields[name].label = label
            css = "form-select" if name == "provider" else "form-control"
            self.fields[name].widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        choice = self.cleaned_data.get("provider") or ""
        return {
            "provider_id": int(choice) if choice.isdigit() else None,
            "peer": choice == PEER,
            "start": self.cleaned_data.get("start"),
            "end": self.cleaned_data.get("end"),
        }

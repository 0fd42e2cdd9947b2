from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin


class LookupForm(PortalFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Endorsement number"),
        max_length=60,
        help_text=_("As printed on the certificate, like CT-AIMH-IFA-2026-0012"),
        error_messages={"required": _("Enter the endorsement number")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        help_text=_("The holder's last name, as on the certificate"),
        error_messages={"required": _("Enter the holder's last name")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class OrganisationRegisterForm(PortalFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        error_messages={"required": _("Enter the organisation's name")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what kind of organisation it is")},
    )
    purpose = forms.CharField(
        label=_("Why do you check endorsements?"),
        help_text=_("For example: we hire infant mental health staff, or we pay for services."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from .models import OrganisationKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OrganisationKind.choices


class DecisionForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RosterUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or Excel)"),
        help_text=_(
            "One person a row. The first row names the columns: Name, Email and Endorsement "
            "number; each row needs at least one of them. Download the template to start."
        ),
        error_messages={"required": _("Choose the roster file to upload")},
    )

    def clean_file(self):
        from django.conf import settings

        from core.upload_handlers import upload_max_bytes

        from .rosters import RosterFileError, read_roster

        upload = self.cleaned_data["file"]
        if getattr(upload, "refused", False) or upload.size > upload_max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split the roster into parts.")
                % {"mb": upload_max_bytes() // (1024 * 1024)},
                code="too_big",
            )
        try:
            self.lines = read_roster(upload, max_rows=settings.ROSTER_MAX_ROWS)
        except RosterFileError as exc:
            raise forms.ValidationError(str(exc), code="unreadable") from exc
        return upload


class ApiKeyCreateForm(PortalFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=100,
        help_text=_("What will use it, so you know which key to revoke, like Payroll system."),
        error_messages={"required": _("Enter a name for the key")},
    )

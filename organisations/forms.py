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

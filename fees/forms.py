"""Forms of the fees app: they validate, never persist."""

from django import forms
from django.utils.translation import gettext_lazy as _


class InvoiceFilterForm(forms.Form):
    STATE_CHOICES = [
        ("", _("All invoices")),
        ("outstanding", _("Not paid in full")),
        ("settled", _("Paid or waived")),
    ]
    state = forms.ChoiceField(label=_("Show"), choices=STATE_CHOICES, required=False)
    q = forms.CharField(label=_("Invoice number, name or email"), required=False, max_length=100)

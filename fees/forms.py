"""Forms of the fees app: they validate, never persist."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import Agency
from organisations.models import Organisation, OrganisationStatus

from .cards import looks_like_card_number
from .models import PaymentMethod, WaiverReason

CARD_NUMBER_MESSAGE = _(
    "That looks like a card number. Never record card numbers: enter the terminal's "
    "authorisation code instead."
)


def parse_cents(text: str) -> int | None:
    """An amount as people type it, in cents: "25", "25.00", "$1,234.50", "1.234,50", "25,5"."""
    text = re.sub(r"[^\d.,]", "", text or "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal_sign = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text:
        decimal_sign = "," if len(text.rsplit(",", 1)[1]) != 3 else ""
    elif "." in text:
        decimal_sign = "." if len(text.rsplit(".", 1)[1]) != 3 else ""
    else:
        decimal_sign = ""
    if decimal_sign:
        whole, _sep, fraction = text.rpartition(decimal_sign)
        text = re.sub(r"\D", "", whole) + "." + fraction
    else:
        text = re.sub(r"\D", "", text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


class AmountField(forms.Field):
    """An amount typed as people write money, cleaned to integer cents."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Enter the amount in figures, like 25.00"),
        "required": _("Enter the amount, like 25.00"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("In figures, like 25.00"))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()[:30]
        if not value:
            return None
        cents = parse_cents(value)
        if cents is None or cents <= 0:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return cents


class InvoiceFilterForm(forms.Form):
    STATE_CHOICES = [
        ("", _("All invoices")),
        ("outstanding", _("Not paid in full")),
        ("settled", _("Paid or waived")),
    ]
    state = forms.ChoiceField(label=_("Show"), choices=STATE_CHOICES, required=False)
    q = forms.CharField(label=_("Invoice number, name or email"), required=False, max_length=100)


MONEY_METHODS = [
    (value, label) for value, label in PaymentMethod.choices if value != PaymentMethod.ONLINE_CARD
]


def _no_card(value: str) -> str:
    if looks_like_card_number(value):
        raise forms.ValidationError(CARD_NUMBER_MESSAGE, code="card_number")
    return value.strip()


class PaymentForm(forms.Form):
    amount = AmountField(label=_("Amount received"))
    method = forms.ChoiceField(label=_("How it was paid"), choices=MONEY_METHODS)
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate)
    reference = forms.CharField(
        label=_("Reference (optional)"),
        required=False,
        max_length=60,
        help_text=_(
            "Cheque number, transfer reference, purchase order number or the card terminal's "
            "authorisation code. Never a card number."
        ),
    )
    payer_name = forms.CharField(
        label=_("Paid by (optional)"),
        required=False,
        max_length=200,
        help_text=_("Who paid, when it was not the person: an employer, a parent."),
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    seen_outstanding = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_reference(self):
        return _no_card(self.cleaned_data["reference"])

    def clean_note(self):
        return _no_card(self.cleaned_data["note"])


class WaiverForm(forms.Form):
    amount = AmountField(label=_("Amount to waive"))
    reason = forms.ChoiceField(label=_("Why it is waived"), choices=WaiverReason.choices)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    seen_outstanding = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("reason") == WaiverReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the fee is waived."))
        return data


class RefundForm(forms.Form):
    amount = AmountField(label=_("Amount to refund"))
    method = forms.ChoiceField(label=_("How it is refunded"), choices=MONEY_METHODS)
    reference = forms.CharField(label=_("Reference (optional)"), required=False, max_length=60)
    note = forms.CharField(label=_("Why it is refunded"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reference(self):
        return _no_card(self.cleaned_data["reference"])

    def clean_note(self):
        return _no_card(self.cleaned_data["note"])


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is cancelled"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the invoice is cancelled.")},
    )

    def clean_note(self):
        return _no_card(self.cleaned_data["note"])


def _approved_organisations():
    return Organisation.objects.filter(status=OrganisationStatus.APPROVED).order_by("name", "pk")


class InvoicePayerForm(forms.Form):
    payer_organisation = forms.ModelChoiceField(
        label=_("Organisation that pays this invoice"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None: the person pays"),
        help_text=_("Its staff will see the invoice under Invoices your organisation pays."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer_organisation"].queryset = _approved_organisations()


class GroupPaymentForm(forms.Form):
    """One payment (an agency's or organisation's cheque) spread over several people's
    invoices."""

    payer_organisation = forms.ModelChoiceField(
        label=_("Organisation that paid"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "An organisation named as the payer of its staff's invoices. Leave the invoices "
            "below empty to pay every invoice it still owes."
        ),
    )
    payer_agency = forms.ModelChoiceField(
        label=_("Agency that paid"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        help_text=_("The employer or program, as people name it in their profile."),
    )
    payer_name = forms.CharField(label=_("Or the payer's name"), required=False, max_length=200)
    method = forms.ChoiceField(label=_("How it was paid"), choices=MONEY_METHODS)
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate)
    reference = forms.CharField(label=_("Reference (optional)"), required=False, max_length=60)
    lines = forms.CharField(
        label=_("Invoices and amounts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One invoice a line: its number, then the amount paid on it, like "
            "CT-AIMH-2026-000123 20.00. Leave the amount out to pay what is left."
        ),
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_reference(self):
        return _no_card(self.cleaned_data["reference"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer_organisation"].queryset = _approved_organisations()

    def clean_lines(self):
        parsed, errors = [], []
        for n, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            raw = raw.strip()
            if not raw:
                continue
            number, _sep, amount = raw.partition(" ")
            cents = None
            if amount.strip():
                cents = parse_cents(amount)
                if cents is None or cents <= 0:
                    errors.append(
                        _("Line %(n)s: enter the amount in figures, like 20.00.") % {"n": n}
                    )
                    continue
            parsed.append((number.strip(), cents))
        if errors:
            raise forms.ValidationError(errors)
        if not parsed:
            return []  # allowed only with an organisation: see clean()
        numbers = [number for number, _cents in parsed]
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError(_("Each invoice may appear on one line only."))
        return parsed

    def clean(self):
        data = super().clean()
        organisation = data.get("payer_organisation")
        if (
            not organisation
            and not data.get("payer_agency")
            and not (data.get("payer_name") or "").strip()
        ):
            self.add_error(
                "payer_agency",
                _("Choose the organisation or agency that paid, or type the payer's name."),
            )
        if data.get("lines") == [] and not organisation and "lines" not in self.errors:
            self.add_error("lines", _("Enter at least one invoice number."))
        return data

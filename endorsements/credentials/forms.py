"""Forms for renewals: they validate, services persist."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applicants.uploads import UploadField
from core.forms import PortalFormMixin


class RenewalForm(PortalFormMixin, forms.Form):
    provides_rsc = forms.TypedChoiceField(
        label=_("Do you provide reflective supervision/consultation (RSC) to others?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone who provides RSC owes the training hours on providing it, whatever "
            "endorsement they hold."
        ),
        error_messages={"required": _("Say whether you provide RSC to others.")},
    )
    ethics = forms.BooleanField(
        label="I have re-read and continue to follow the Code of Ethics and the Endorsement "
        "Agreement",
        error_messages={"required": "Tick the box to confirm you follow the Code of Ethics."},
    )
    no_sanctions = forms.BooleanField(
        label="No licensing board has sanctioned me since my last renewal",
        error_messages={
            "required": "Tick the box to confirm no licensing board has sanctioned you. If one "
            "has, contact the association before renewing."
        },
    )
    membership = forms.BooleanField(
        label="My membership of the association is current",
        error_messages={
            "required": "Tick the box to confirm your membership is current. Renew your "
            "membership first if it has ended."
        },
    )
    note = forms.CharField(
        label="Anything the coordinator should know",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, why some hours are missing this cycle.",
    )

    def __init__(self, *args, rsc_provision_implied: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if rsc_provision_implied:
            # Every holder of this category provides RSC: nothing to ask.
            del self.fields["provides_rsc"]

    def provides_rsc_answer(self) -> bool:
        """What the holder said; True where the category implies it (nothing was asked)."""
        return self.cleaned_data.get("provides_rsc", True)


class AuditEvidenceForm(PortalFormMixin, forms.Form):
    evidence = UploadField(
        label="Evidence of your training and reflective supervision",
        help_text="One PDF, PNG or JPEG: certificates of attendance and your RSC log, combined.",
    )
    note = forms.CharField(
        label="Note to the coordinator",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label="Note to the holder",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label="What is missing and what the holder should do",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The holder reads this in an email.",
        error_messages={"required": "Enter what is missing and what the holder should do."},
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()

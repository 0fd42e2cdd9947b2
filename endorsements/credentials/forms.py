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
        label=_(
            "I have re-read and continue to follow the Code of Ethics and the Endorsement Agreement"
        ),
        error_messages={"required": _("Tick the box to confirm you follow the Code of Ethics.")},
    )
    no_sanctions = forms.BooleanField(
        label=_("No licensing board has sanctioned me since my last renewal"),
        error_messages={
            "required": _(
                "Tick the box to confirm no licensing board has sanctioned you. If one "
                "has, contact the association before renewing."
            )
        },
    )
    note = forms.CharField(
        label=_("Anything the coordinator should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, why some hours are missing this cycle."),
    )
    hours = forms.BooleanField(
        required=False,
        label=_("I completed the training and RSC hours this cycle asks for"),
        help_text=_(
            "You may renew by attesting to your hours. A share of renewals is drawn at random "
            "for audit: keep your certificates and RSC log, you would be asked for them."
        ),
    )

    def __init__(
        self, *args, attest_hours: bool = False, rsc_provision_implied: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not attest_hours:
            del self.fields["hours"]
        if rsc_provision_implied:
            # Every holder of this category provides RSC: nothing to ask.
            del self.fields["provides_rsc"]

    def provides_rsc_answer(self) -> bool:
        """What the holder said; True where the category implies it (nothing was asked)."""
        return self.cleaned_data.get("provides_rsc", True)


class AuditEvidenceForm(PortalFormMixin, forms.Form):
    evidence = UploadField(
        label=_("Evidence of your training and reflective supervision"),
        help_text=_("One PDF, PNG or JPEG: certificates of attendance and your RSC log, combined."),
    )
    note = forms.CharField(
        label=_("Note to the coordinator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to the holder"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What is missing and what the holder should do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The holder reads this in an email."),
        error_messages={"required": _("Enter what is missing and what the holder should do.")},
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()


class ReasonForm(PortalFormMixin, forms.Form):
    """A coordinator's reason the holder reads (suspend, lift, revoke, decline)."""

    reason = forms.CharField(
        label=_("Reason, for the holder"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The holder reads this in an email and in the credential's history."),
        error_messages={"required": _("Enter the reason: the holder reads it.")},
    )

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()


class RequestApproveForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Note to the holder"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    references_checked = forms.BooleanField(
        required=False,
        label=_("The new reference ratings have been received and read"),
        # The same trust rules as an application's references (issue 15).
        help_text=_(
            "As for an application: no rating from the holder themself (any of their "
            "addresses) or twice from the same rater, and an endorsed rater counts only when "
            "the number is a current endorsement in this registry in the rater's name, or "
            "after you have vetted the claim."
        ),
    )

    def __init__(self, *args, references_required: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.references_required = references_required
        if not references_required:
            del self.fields["references_checked"]

    def clean(self):
        data = super().clean()
        if self.references_required and not data.get("references_checked"):
            self.add_error(
                "references_checked",
                _("Confirm that the new reference ratings have been received and read."),
            )
        return data


class RequestForm(PortalFormMixin, forms.Form):
    """The holder asks to complete or reinstate (with the renewal attestations for the
    latter)."""

    note = forms.CharField(
        label=_("Anything the coordinator should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReinstatementForm(RequestForm):
    ethics = forms.BooleanField(
        label=_("I have re-read and follow the Code of Ethics and the Endorsement Agreement"),
        error_messages={"required": _("Tick the box to confirm you follow the Code of Ethics.")},
    )
    no_sanctions = forms.BooleanField(
        label=_("No licensing board has sanctioned me"),
        error_messages={
            "required": _(
                "Tick the box to confirm no licensing board has sanctioned you. If one has, "
                "contact the association."
            )
        },
    )
    fee = forms.BooleanField(
        required=False,
        label=_("I understand the reinstatement fee shown above is due"),
    )

    def __init__(self, *args, fee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fee_amount = fee
        if fee:
            self.fields["fee"].required = True
            self.fields["fee"].error_messages["required"] = _(
                "Tick the box to confirm you understand the fee is due."
            )
        else:
            del self.fields["fee"]


class CredentialSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or endorsement number"), required=False, max_length=200
    )

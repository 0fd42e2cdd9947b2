from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from applicants.uploads import UploadField
from core.formatting import day
from core.forms import PortalFormMixin, date_field

from .reciprocity import MAX_CREDENTIAL_BYTES, CredentialRejected, credential_verify

# What the coordinator reads when a credential does not verify (codes from credential_verify).
REJECTIONS = {
    "not_a_credential": _(
        "This file is not an Open Badges credential. Upload the credential file as the other "
        "association gave it (a .jwt or .jws file)."
    ),
    "embedded_proof": _(
        "This credential carries its signature inside the JSON (a Data Integrity proof), "
        "which the registry cannot check yet. Ask the association for the signed token "
        "(VC-JWT) form, or record the endorsement with evidence instead."
    ),
    "algorithm": _("This credential is signed in a way the registry does not accept."),
    "unknown_issuer": _(
        "This credential comes from an issuer that is not on the trusted list. A registry "
        "admin can add the association and its published keys in the admin."
    ),
    "issuer_keys_broken": _(
        "The keys registered for this issuer cannot be read. A registry admin should check "
        "them in the admin."
    ),
    "unknown_key": _(
        "This credential was signed with a key that is not registered for its issuer. A "
        "registry admin can add the association's current keys in the admin."
    ),
    "bad_signature": _(
        "The signature does not match: the credential was changed after it was signed, or "
        "was not signed by this issuer."
    ),
    "not_a_badge": _("This file is signed but is not an Open Badges credential."),
    "claims_mismatch": _(
        "The credential's signed details do not agree with each other, so it cannot be trusted."
    ),
    "no_valid_until": _(
        "This credential has no end date. Record the endorsement with evidence instead."
    ),
    "expired": _("This credential ended on %(day)s: it can no longer be recorded."),
}


class HolderField(forms.EmailField):
    """The person here who holds the endorsement, by the email of their account."""

    def clean(self, value):
        email = super().clean(value)
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No account here has this email. Ask the person to sign up first."),
                code="unknown",
            )
        return user


class _RecordForm(PortalFormMixin, forms.Form):
    holder = HolderField(
        label=_("Email of the person's account here"),
        help_text=_("The person must have signed up to the registry."),
        error_messages={"invalid": _("Enter an email address, like name@example.org")},
    )


class EvidenceRecordForm(_RecordForm):
    issuing_association = forms.CharField(
        label=_("Issuing association"),
        max_length=200,
        help_text=_("For example: Michigan Association for Infant Mental Health"),
    )
    number = forms.CharField(label=_("Endorsement number"), max_length=100)
    category = forms.CharField(
        label=_("Category"), max_length=200, help_text=_("As the other association names it")
    )
    valid_through = forms.DateField(label=_("Valid through"))
    evidence = UploadField(
        label=_("Evidence"),
        help_text=_("The certificate or a letter from the association: one PDF, PNG or JPEG."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_field(self.fields["valid_through"])


class CredentialRecordForm(_RecordForm):
    credential = forms.FileField(
        label=_("Open Badges credential"),
        help_text=_("The signed credential file (.jwt or .jws) the other association issued."),
    )
    number = forms.CharField(
        label=_("Endorsement number"),
        required=False,
        max_length=100,
        help_text=_("Only if the credential does not carry it."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_credential(self):
        upload = self.cleaned_data["credential"]
        if upload.size > MAX_CREDENTIAL_BYTES:
            raise forms.ValidationError(_("This file is too large to be a credential."))
        try:
            text = upload.read(MAX_CREDENTIAL_BYTES + 1).decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(REJECTIONS["not_a_credential"]) from error
        try:
            return credential_verify(text=text)
        except CredentialRejected as rejected:
            params = dict(rejected.params)
            if "day" in params:
                params["day"] = day(params["day"])
            raise forms.ValidationError(REJECTIONS[rejected.code] % params) from rejected

    def clean(self):
        cleaned = super().clean()
        verified = cleaned.get("credential")
        if verified is not None and not verified.number and not cleaned.get("number"):
            self.add_error(
                "number",
                _("The credential does not carry the endorsement number: enter it."),
            )
        return cleaned

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin, date_field

from . import imports
from .models import Association, Membership


class RecordForm(PortalFormMixin, forms.ModelForm):
    """A period of membership as a coordinator checked it (a record, or a claim confirmed)."""

    class Meta:
        model = Membership
        fields = ("association", "membership_type", "number", "starts_on", "ends_on")
        labels = {
            "association": _("Association"),
            "membership_type": _("Type of membership"),
            "number": _("Membership number"),
            "starts_on": _("First day of the membership"),
            "ends_on": _("Last day of the membership"),
        }
        help_texts = {
            "association": _(
                "Leave as this association, or choose another association of the Alliance: "
                "it counts only where the category's rules accept it."
            ),
            "number": _("As on the association's member list."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.filter(active=True)
        self.fields["association"].empty_label = _("This association")
        self.fields["association"].label = _("Association")
        self.fields["membership_type"].choices = Membership.Type.choices
        for name, hint in (
            ("starts_on", _("For example, 1 January 2026.")),
            ("ends_on", _("For example, 31 December 2026.")),
        ):
            date_field(self.fields[name], hint=hint)
            self.fields[name].required = True
        self.fields["starts_on"].error_messages["required"] = _(
            "Enter the first day of the membership."
        )
        self.fields["ends_on"].error_messages["required"] = _(
            "Enter the last day of the membership."
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day must be the same as or after the first day."))
        return cleaned


class ClaimRejectForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the claim cannot be confirmed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this on their profile, for example: no such number."),
        error_messages={"required": _("Enter why the claim cannot be confirmed.")},
    )


class MemberListUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Member list (CSV or Excel)"),
        help_text=_(
            "The first row names the columns: email, membership number, type (individual, "
            "student or organisational), start date, end date."
        ),
        error_messages={"required": _("Choose the member list to upload.")},
    )
    association = forms.ModelChoiceField(
        label=_("Whose member list"),
        queryset=Association.objects.none(),
        required=False,
        empty_label=_("This association"),
    )
    date_order = forms.ChoiceField(
        label=_("How the file writes dates that are not like 2026-12-31"),
        choices=[
            ("mdy", _("Month first, like 12/31/2026")),
            ("dmy", _("Day first, like 31/12/2026")),
        ],
        widget=forms.RadioSelect,
        help_text=_("Dates like 2026-12-31 are always read as year, month, day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.filter(active=True)
        # The reader's own order by default: Spanish writes the day first.
        self.fields["date_order"].initial = (
            "dmy" if (get_language() or "").startswith("es") else "mdy"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(imports.TOO_BIG, code="too_big")
        try:
            self.rows = imports.read_member_list(upload)
        except imports.MemberListError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

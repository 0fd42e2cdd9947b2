"""Coordinators' forms for running a review: return, replace, remove, extend, release."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import PortalFormMixin

from .reviewing import ReviewerChoiceField

REASON_HELP = _("Kept in the history, for staff.")


def _reason_field(label):
    return forms.CharField(
        label=label,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": _("Enter the reason for the change.")},
    )


class ReturnForm(PortalFormMixin, forms.Form):
    message = forms.CharField(
        label=_("What is missing, for the applicant"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads this in an email and on their application."),
        error_messages={"required": _("Tell the applicant what is missing.")},
    )

    def clean_message(self):
        return self.cleaned_data["message"].strip()


class AssignmentReplaceForm(PortalFormMixin, forms.Form):
    reviewer = ReviewerChoiceField(
        queryset=User.objects.none(),
        label=_("New reviewer"),
        help_text=_("The number in brackets is each reviewer's open reviews."),
        error_messages={"required": _("Choose the new reviewer.")},
    )
    reason = _reason_field(_("Why replace this reviewer"))
    override = forms.BooleanField(
        required=False,
        label=_("Assign despite the conflicts shown"),
        help_text=_("Only where no unconflicted reviewer can be found. The reason is logged."),
    )
    override_reason = forms.CharField(
        required=False,
        label=_("Reason for the override"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Enter the reason for the override."))
        return data

    @property
    def override_text(self) -> str:
        if not self.cleaned_data.get("override"):
            return ""
        return (self.cleaned_data.get("override_reason") or "").strip()


class AssignmentRemoveForm(PortalFormMixin, forms.Form):
    reason = _reason_field(_("Why remove this reviewer"))


class AssignmentExtendForm(PortalFormMixin, forms.Form):
    due_on = forms.DateField(
        label=_("New due date"),
        help_text=_("For example 14 3 2027 or 2027-03-14."),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        error_messages={"required": _("Enter the new due date."), "invalid": _("Enter a date.")},
    )
    reason = _reason_field(_("Why extend the due date"))

    def __init__(self, *args, current_due_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due_on = current_due_on

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The new due date must be today or later."))
        if self.current_due_on is not None and due_on <= self.current_due_on:
            raise forms.ValidationError(_("The new due date must be later than the current one."))
        return due_on


class HeldDecisionsForm(PortalFormMixin, forms.Form):
    decisions = forms.MultipleChoiceField(
        label=_("Decisions to release"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one decision to release.")},
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decisions"].choices = [(str(d.pk), str(d.pk)) for d in decisions]
        self.by_id = {str(d.pk): d for d in decisions}

    @property
    def chosen(self):
        return [self.by_id[pk] for pk in self.cleaned_data["decisions"]]

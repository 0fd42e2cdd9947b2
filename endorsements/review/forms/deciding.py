"""Forms of the decision and the exam: they validate, the services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from applicants.uploads import UploadField
from core.forms import PortalFormMixin

from ..models import Outcome
from ..services import is_consensus
from ..snapshot import SECTIONS
from .reviewing import ReviewerMultipleChoiceField


class DecisionForm(PortalFormMixin, forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label=_("Decision"))
    feedback = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Feedback for the applicant"),
        help_text=_("Needed to defer or to decline: the applicant reads it in the email."),
    )
    reopened_sections = forms.MultipleChoiceField(
        required=False,
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sections to reopen"),
        help_text=_("Needed to defer: only these open for changes."),
    )
    tie_break_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Tie-break reason"),
        help_text=_(
            "Needed when the decision differs from a reviewer's recommendation. It is logged."
        ),
    )
    unmet_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason to go ahead with unmet checklist items"),
        help_text=_(
            "Needed to endorse or approve for the exam while a checklist item is not met. "
            "It is kept in the history, for staff."
        ),
    )
    hold = forms.BooleanField(
        required=False,
        label=_("Hold this decision and release it later with others"),
        help_text=_(
            "The applicant is told, and the certificate made, only when you release it from "
            "the held decisions list."
        ),
    )

    def __init__(self, *args, outcomes, recommendations, unmet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]
        self.recommendations = recommendations
        # Outcome -> the checklist items unmet for it (the service decides what counts).
        self.unmet = {outcome: items for outcome, items in (unmet or {}).items() if items}
        if not self.unmet:
            del self.fields["unmet_reason"]

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if not outcome:
            return data
        feedback = (data.get("feedback") or "").strip()
        if outcome in (Outcome.DEFER, Outcome.DENY) and not feedback:
            self.add_error("feedback", _("Enter the feedback for the applicant."))
        if outcome == Outcome.DEFER and not data.get("reopened_sections"):
            self.add_error("reopened_sections", _("Choose at least one section to reopen."))
        differs = self.recommendations and not is_consensus(outcome, self.recommendations)
        if differs and not (data.get("tie_break_reason") or "").strip():
            self.add_error(
                "tie_break_reason",
                _(
                    "Enter the tie-break reason: the decision differs from a reviewer's "
                    "recommendation."
                ),
            )
        if self.unmet.get(outcome) and not (data.get("unmet_reason") or "").strip():
            self.add_error(
                "unmet_reason",
                _(
                    "Enter your reason to go ahead: some checklist items are not met "
                    "(listed above the form)."
                ),
            )
        return data


class ExamSittingForm(PortalFormMixin, forms.Form):
    sat_on = forms.DateField(
        label=_("Date of the sitting"),
        help_text=_("For example 14 3 2026 or 2026-03-14."),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
    )
    part1_score = forms.DecimalField(
        label=_("Part 1 score (percent)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    part2_answers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Part 2 answers"),
        help_text=_(
            "Type or paste the written answers, or upload them below. "
            "Leave out the examinee's name."
        ),
    )
    part2_file = UploadField(required=False, label=_("Part 2 answers as a file"))
    scorers = ReviewerMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Part 2 scorers"),
        help_text=_("Choose two. They see a candidate code, never the name."),
    )

    def __init__(self, *args, reviewers, applicant, excluded=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Blind scoring: the examinee, the application's reviewers and anyone with a conflict
        # are never offered.
        self.fields["scorers"].queryset = reviewers.exclude(pk=applicant.pk).exclude(
            pk__in=list(excluded)
        )

    def clean_sat_on(self):
        sat_on = self.cleaned_data["sat_on"]
        if sat_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the sitting must be today or earlier."))
        return sat_on

    def clean_scorers(self):
        scorers = self.cleaned_data["scorers"]
        if len(scorers) != 2:
            raise forms.ValidationError(_("Choose exactly two scorers."))
        return scorers

    def clean(self):
        data = super().clean()
        if not (data.get("part2_answers") or "").strip() and not data.get("part2_file"):
            self.add_error("part2_answers", _("Enter the part 2 answers or upload them as a file."))
        return data


class Part2ScoreForm(PortalFormMixin, forms.Form):
    result = forms.ChoiceField(
        choices=[("pass", _("Pass")), ("fail", _("Fail"))],
        widget=forms.RadioSelect,
        label=_("Part 2 result"),
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment")
    )

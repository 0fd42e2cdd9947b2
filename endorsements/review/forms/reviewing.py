"""Forms of the review workflow: they validate, the services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from applicants.models import Agency
from applicants.uploads import UploadField
from core.forms import PortalFormMixin

from ..models import Outcome, Recommendation
from ..services import is_consensus
from ..snapshot import SECTIONS

MET_CHOICES = [("met", "Met"), ("not_met", "Not met")]


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        load = getattr(user, "load", None)
        suffix = f" ({load} open)" if load is not None else ""
        return f"{user.full_name}{suffix}"


class ReviewerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        load = getattr(user, "load", None)
        return f"{user.full_name} ({load} open)" if load is not None else user.full_name


class AssignForm(PortalFormMixin, forms.Form):
    """Choose the reviewers; a flagged choice needs the override ticked and a reason."""

    reviewers = ReviewerMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Reviewers",
        error_messages={"required": "Choose the reviewers"},
    )
    override = forms.BooleanField(
        required=False,
        label="Assign despite the conflicts shown",
        help_text="Only where no unconflicted reviewer can be found. The reason is logged.",
    )
    override_reason = forms.CharField(
        required=False,
        label="Reason for the override",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reviewers, required: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields[
            "reviewers"
        ].help_text = f"Choose {required}. The number in brackets is each reviewer's open reviews."
        self.required = required

    def clean_reviewers(self):
        chosen = self.cleaned_data["reviewers"]
        if len(chosen) != self.required:
            word = "one reviewer" if self.required == 1 else f"{self.required} reviewers"
            raise forms.ValidationError(f"Choose exactly {word}.")
        return chosen

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Enter the reason for the override.")
        return data

    @property
    def reason(self) -> str:
        if not self.cleaned_data.get("override"):
            return ""
        return self.cleaned_data.get("override_reason", "").strip()


class BulkAssignForm(PortalFormMixin, forms.Form):
    """The same reviewer pair for several applications (from the inbox)."""

    applications = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        widget=forms.MultipleHiddenInput,
        label="Applications",
        error_messages={"required": "Tick at least one application in the list"},
    )
    first_reviewer = ReviewerChoiceField(queryset=User.objects.none(), label="First reviewer")
    second_reviewer = ReviewerChoiceField(
        queryset=User.objects.none(),
        label="Second reviewer",
        required=False,
        help_text="Leave empty for categories reviewed by one person.",
    )

    def __init__(self, *args, reviewers, application_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_reviewer"].queryset = reviewers
        self.fields["second_reviewer"].queryset = reviewers
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]

    def clean(self):
        data = super().clean()
        first, second = data.get("first_reviewer"), data.get("second_reviewer")
        if first and second and first == second:
            self.add_error("second_reviewer", "Choose two different reviewers.")
        return data

    @property
    def reviewers(self) -> list[User]:
        return [
            r
            for r in (self.cleaned_data["first_reviewer"], self.cleaned_data.get("second_reviewer"))
            if r
        ]


class InboxFilterForm(PortalFormMixin, forms.Form):
    status = forms.ChoiceField(required=False, label="Status")
    category = forms.ModelChoiceField(
        queryset=None, required=False, label="Category", empty_label="All categories"
    )
    region = forms.ModelChoiceField(
        queryset=None, required=False, label="Region", empty_label="All regions"
    )
    sort = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("oldest", "Oldest submission first"), ("newest", "Newest submission first")],
    )

    def __init__(self, *args, status_choices, categories, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", "Waiting for the coordinator or in review"),
            *status_choices,
        ]
        self.fields["category"].queryset = categories
        self.fields["region"].queryset = regions


class ConflictForm(PortalFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label="Agency or program",
        help_text="Everyone who works there is flagged when you are assigned to them.",
    )
    person_email = forms.EmailField(
        required=False,
        label="Or a person's email address",
        help_text="Someone you supervise, are related to, or work closely with.",
    )
    note = forms.CharField(required=False, max_length=300, label="Note for the coordinator")

    def clean(self):
        data = super().clean()
        agency, email = data.get("agency"), (data.get("person_email") or "").strip()
        if bool(agency) == bool(email):
            raise forms.ValidationError(
                "Choose an agency or enter a person's email address (one of the two)."
            )
        if email:
            person = User.objects.filter(email__iexact=email).first()
            if person is None:
                self.add_error(
                    "person_email",
                    "No one with this email address has an account. Check the address.",
                )
            data["person"] = person
        return data


class ReviewForm(PortalFormMixin, forms.Form):
    """Per section met / not met and a comment, the competency areas shown, a recommendation.

    Every field is required to submit; a draft may be saved with anything missing.
    """

    def __init__(self, *args, sections, domains, recommendations, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_keys = [key for key, _ in sections]
        for key, title in sections:
            self.fields[f"{key}_met"] = forms.ChoiceField(
                choices=MET_CHOICES,
                widget=forms.RadioSelect,
                label=f"{title}: met or not met",
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"Comment on {title.lower()}",
            )
        self.fields["competencies"] = forms.TypedMultipleChoiceField(
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Competency areas the portfolio shows",
            choices=[(domain.name, [(c.pk, c.name) for c in areas]) for domain, areas in domains],
        )
        self.fields["comments"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            label="Overall comments",
        )
        self.fields["recommendation"] = forms.ChoiceField(
            choices=[(r, Recommendation(r).label) for r in recommendations],
            widget=forms.RadioSelect,
            label="Recommendation",
        )
        self.fields["feedback"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            label="Feedback for the applicant",
            help_text="Needed when you recommend deferring: what to add or change.",
        )
        self.fields["sections_to_reopen"] = forms.MultipleChoiceField(
            required=False,
            choices=sections,
            widget=forms.CheckboxSelectMultiple,
            label="Sections to reopen",
            help_text="Needed when you recommend deferring.",
        )
        if draft:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        data = super().clean()
        if data.get("recommendation") == Recommendation.DEFER:
            if not (data.get("feedback") or "").strip():
                self.add_error("feedback", "Enter the feedback for the applicant.")
            if not data.get("sections_to_reopen"):
                self.add_error("sections_to_reopen", "Choose at least one section to reopen.")
        return data

    def section_fields(self):
        return [(key, self[f"{key}_met"], self[f"{key}_comment"]) for key in self.section_keys]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "sections": {
                key: {
                    "met": {"met": True, "not_met": False}.get(data.get(f"{key}_met") or ""),
                    "comment": (data.get(f"{key}_comment") or "").strip(),
                }
                for key in self.section_keys
            },
            "competency_ids": data.get("competencies") or [],
            "comments": (data.get("comments") or "").strip(),
            "recommendation": data.get("recommendation") or "",
            "feedback": (data.get("feedback") or "").strip(),
            "sections_to_reopen": data.get("sections_to_reopen") or [],
        }

    @staticmethod
    def initial_from(review) -> dict:
        if review is None:
            return {}
        initial = {
            "competencies": review.competency_ids,
            "comments": review.comments,
            "recommendation": review.recommendation,
            "feedback": review.feedback,
            "sections_to_reopen": review.sections_to_reopen,
        }
        for key, value in (review.sections or {}).items():
            met = value.get("met")
            initial[f"{key}_met"] = "" if met is None else ("met" if met else "not_met")
            initial[f"{key}_comment"] = value.get("comment", "")
        return initial


class DecisionForm(PortalFormMixin, forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Decision")
    feedback = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Feedback for the applicant",
        help_text="Needed to defer or to decline: the applicant reads it in the email.",
    )
    reopened_sections = forms.MultipleChoiceField(
        required=False,
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        label="Sections to reopen",
        help_text="Needed to defer: only these open for changes.",
    )
    tie_break_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Tie-break reason",
        help_text="Needed when the decision differs from a reviewer's recommendation. "
        "It is logged.",
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
            self.add_error("feedback", "Enter the feedback for the applicant.")
        if outcome == Outcome.DEFER and not data.get("reopened_sections"):
            self.add_error("reopened_sections", "Choose at least one section to reopen.")
        differs = self.recommendations and not is_consensus(outcome, self.recommendations)
        if differs and not (data.get("tie_break_reason") or "").strip():
            self.add_error(
                "tie_break_reason",
                "Enter the tie-break reason: the decision differs from a reviewer's "
                "recommendation.",
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
        label="Date of the sitting",
        help_text="For example 14 3 2026 or 2026-03-14.",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
    )
    part1_score = forms.DecimalField(
        label="Part 1 score (percent)",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    part2_answers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Part 2 answers",
        help_text="Type or paste the written answers, or upload them below. "
        "Leave out the examinee's name.",
    )
    part2_file = UploadField(required=False, label="Part 2 answers as a file")
    scorers = ReviewerMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Part 2 scorers",
        help_text="Choose two. They see a candidate code, never the name.",
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
            raise forms.ValidationError("The date of the sitting must be today or earlier.")
        return sat_on

    def clean_scorers(self):
        scorers = self.cleaned_data["scorers"]
        if len(scorers) != 2:
            raise forms.ValidationError("Choose exactly two scorers.")
        return scorers

    def clean(self):
        data = super().clean()
        if not (data.get("part2_answers") or "").strip() and not data.get("part2_file"):
            self.add_error("part2_answers", "Enter the part 2 answers or upload them as a file.")
        return data


class Part2ScoreForm(PortalFormMixin, forms.Form):
    result = forms.ChoiceField(
        choices=[("pass", "Pass"), ("fail", "Fail")],
        widget=forms.RadioSelect,
        label="Part 2 result",
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Comment"
    )

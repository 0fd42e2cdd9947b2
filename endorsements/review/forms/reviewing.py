"""Forms of the review workflow: they validate, the services write."""

from django import forms

from accounts.models import User
from applicants.models import Agency
from core.forms import PortalFormMixin

from ..models import Recommendation

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

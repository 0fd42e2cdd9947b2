"""Forms of the review workflow: they validate, the services write."""

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from applicants.models import Agency
from core.forms import PortalFormMixin

from ..models import Recommendation

MET_CHOICES = [("met", _("Met")), ("not_met", _("Not met"))]


def reviewer_label(user) -> str:
    """A reviewer's name with their open reviews, when known: "Ana Ruiz (2 open)"."""
    load = getattr(user, "load", None)
    if load is None:
        return user.full_name
    return ngettext("%(name)s (%(count)d open)", "%(name)s (%(count)d open)", load) % {
        "name": user.full_name,
        "count": load,
    }


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return reviewer_label(user)


class ReviewerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return reviewer_label(user)


class AssignForm(PortalFormMixin, forms.Form):
    """Choose the reviewers; a flagged choice needs the override ticked and a reason."""

    reviewers = ReviewerMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Reviewers"),
        error_messages={"required": _("Choose the reviewers")},
    )
    override = forms.BooleanField(
        required=False,
        label=_("Assign despite the conflicts shown"),
        help_text=_("Only where no unconflicted reviewer can be found. The reason is logged."),
    )
    override_reason = forms.CharField(
        required=False,
        label=_("Reason for the override"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reviewers, required: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].help_text = ngettext(
            "Choose %(count)d. The number in brackets is each reviewer's open reviews.",
            "Choose %(count)d. The number in brackets is each reviewer's open reviews.",
            required,
        ) % {"count": required}
        self.required = required

    def clean_reviewers(self):
        chosen = self.cleaned_data["reviewers"]
        if len(chosen) != self.required:
            raise forms.ValidationError(
                ngettext(
                    "Choose exactly one reviewer.",
                    "Choose exactly %(count)d reviewers.",
                    self.required,
                )
                % {"count": self.required}
            )
        return chosen

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Enter the reason for the override."))
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
        label=_("Applications"),
        error_messages={"required": _("Tick at least one application in the list")},
    )
    first_reviewer = ReviewerChoiceField(queryset=User.objects.none(), label=_("First reviewer"))
    second_reviewer = ReviewerChoiceField(
        queryset=User.objects.none(),
        label=_("Second reviewer"),
        required=False,
        help_text=_("Leave empty for categories reviewed by one person."),
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
            self.add_error("second_reviewer", _("Choose two different reviewers."))
        return data

    @property
    def reviewers(self) -> list[User]:
        return [
            r
            for r in (self.cleaned_data["first_reviewer"], self.cleaned_data.get("second_reviewer"))
            if r
        ]


class InboxFilterForm(PortalFormMixin, forms.Form):
    status = forms.ChoiceField(required=False, label=_("Status"))
    category = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Category"), empty_label=_("All categories")
    )
    region = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Region"), empty_label=_("All regions")
    )
    sort = forms.ChoiceField(
        required=False,
        label=_("Order"),
        choices=[
            ("oldest", _("Oldest submission first")),
            ("newest", _("Newest submission first")),
        ],
    )

    def __init__(self, *args, status_choices, categories, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Waiting for the coordinator or in review")),
            *status_choices,
        ]
        self.fields["category"].queryset = categories
        self.fields["region"].queryset = regions


class ConflictForm(PortalFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label=_("Agency or program"),
        help_text=_("Everyone who works there is flagged when you are assigned to them."),
    )
    person_email = forms.EmailField(
        required=False,
        label=_("Or a person's email address"),
        help_text=_("Someone you supervise, are related to, or work closely with."),
    )
    note = forms.CharField(required=False, max_length=300, label=_("Note for the coordinator"))

    def clean(self):
        data = super().clean()
        agency, email = data.get("agency"), (data.get("person_email") or "").strip()
        if bool(agency) == bool(email):
            raise forms.ValidationError(
                _("Choose an agency or enter a person's email address (one of the two).")
            )
        if email:
            person = User.objects.filter(email__iexact=email).first()
            if person is None:
                self.add_error(
                    "person_email",
                    _("No one with this email address has an account. Check the address."),
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
                label=gettext("%(section)s: met or not met") % {"section": title},
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=gettext("Comment on %(section)s") % {"section": str(title).lower()},
            )
        self.fields["competencies"] = forms.TypedMultipleChoiceField(
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Competency areas the portfolio shows"),
            choices=[(domain.name, [(c.pk, c.name) for c in areas]) for domain, areas in domains],
        )
        self.fields["comments"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            label=_("Overall comments"),
        )
        self.fields["recommendation"] = forms.ChoiceField(
            choices=[(r, Recommendation(r).label) for r in recommendations],
            widget=forms.RadioSelect,
            label=_("Recommendation"),
        )
        self.fields["feedback"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            label=_("Feedback for the applicant"),
            help_text=_("Needed when you recommend deferring: what to add or change."),
        )
        self.fields["sections_to_reopen"] = forms.MultipleChoiceField(
            required=False,
            choices=sections,
            widget=forms.CheckboxSelectMultiple,
            label=_("Sections to reopen"),
            help_text=_("Needed when you recommend deferring."),
        )
        if draft:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        data = super().clean()
        if data.get("recommendation") == Recommendation.DEFER:
            if not (data.get("feedback") or "").strip():
                self.add_error("feedback", _("Enter the feedback for the applicant."))
            if not data.get("sections_to_reopen"):
                self.add_error("sections_to_reopen", _("Choose at least one section to reopen."))
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

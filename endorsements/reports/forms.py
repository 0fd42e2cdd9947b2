"""Filters for the reports and searches of the public directory (GET forms: validate only)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import ProgramType
from competencies.models.categories import Track
from core.forms import PortalFormMixin


def _choices(empty: str, pairs) -> list[tuple[str, str]]:
    return [("", empty), *((str(value), label) for value, label in pairs)]


class ReportFilterForm(PortalFormMixin, forms.Form):
    """as_of, category, track, program_type: the query string of the report and its files."""

    as_of = forms.DateField(
        label=_("Count people endorsed on this date"),
        required=False,
        help_text=_("For example 2026-03-31. Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date like 2026-03-31")},
    )
    category = forms.ChoiceField(label=_("Endorsement category"), required=False)
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=_choices(_("Both tracks"), Track.choices)
    )
    program_type = forms.ChoiceField(
        label=_("Program type"),
        required=False,
        choices=_choices(_("All program types"), ProgramType.choices),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _choices(
            _("All categories"), ((c.code, f"{c.code}: {c.name}") for c in categories)
        )

    def filters(self) -> dict:
        """The cleaned filters with today for an empty date (call after is_valid())."""
        data = self.cleaned_data
        return {
            "as_of": data.get("as_of") or timezone.localdate(),
            "category": data.get("category", ""),
            "track": data.get("track", ""),
            "program_type": data.get("program_type", ""),
        }


class CoverageFilterForm(PortalFormMixin, forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    program_type = forms.ChoiceField(
        label=_("Program type"),
        required=False,
        choices=_choices(_("All program types"), ProgramType.choices),
    )
    coverage = forms.ChoiceField(
        label=_("Endorsed staff"),
        required=False,
        choices=[
            ("", _("All programs")),
            ("without", _("Programs without an endorsed staff member")),
            ("with", _("Programs with at least one endorsed staff member")),
        ],
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices(
            _("All regions"), ((r.code, r.name) for r in regions)
        )


class DirectorySearchForm(PortalFormMixin, forms.Form):
    """Search of the public registry and of the RSC provider roster."""

    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Endorsement category"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Language of service"), required=False)

    def __init__(self, *args, categories=(), regions=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._categories = {c.code: c for c in categories}
        self._regions = {r.code: r for r in regions}
        self._languages = {str(lang.pk): lang for lang in languages}
        self.fields["category"].choices = _choices(
            _("Any category"), ((c.code, f"{c.code}: {c.name}") for c in categories)
        )
        self.fields["region"].choices = _choices(
            _("Any region"), ((r.code, r.name) for r in regions)
        )
        self.fields["language"].choices = _choices(
            _("Any language"), ((lang.pk, lang.name) for lang in languages)
        )

    def filters(self) -> dict:
        data = self.cleaned_data
        region = self._regions.get(data.get("region", ""))
        return {
            "name": data.get("name", ""),
            "category": self._categories.get(data.get("category", "")),
            "region_id": region.pk if region else None,
            "language": self._languages.get(data.get("language", "")),
        }

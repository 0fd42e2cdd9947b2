"""Where people work: regions, counties, agencies and the languages they work in."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class Region(TimestampedModel):
    """A region of the association's state, used for the per-region reports."""

    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("order", "name")

    def __str__(self):
        return self.name


class County(TimestampedModel):
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="counties")

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "counties"
        constraints = [
            models.UniqueConstraint(fields=("region", "name"), name="applicants_county_unique"),
        ]

    def __str__(self):
        return self.name


class ProgramType(models.TextChoices):
    BIRTH_TO_THREE = "birth_to_three", _("Birth to Three / Part C early intervention")
    HEAD_START = "head_start", _("Early Head Start / Head Start")
    HOME_VISITING = "home_visiting", _("Home visiting")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    IMH_CLINICAL = "imh_clinical", _("Infant mental health clinical")
    ECE = "ece", _("Early care and education")
    HEALTH_CARE = "health_care", _("Health care")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    OTHER = "other", _("Other")


class Agency(TimestampedModel):
    """An employer or program. Applicants pick one or type a new name, which creates it."""

    name = models.CharField(max_length=200)
    program_type = models.CharField(max_length=32, choices=ProgramType.choices)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="agencies")

    class Meta:
        ordering = ("name",)
        verbose_name_plural = _("agencies")
        constraints = [
            # Typing an existing name again (any capitalisation) reuses the agency.
            models.UniqueConstraint(
                Lower("name"), "county", name="applicants_agency_name_county_ci_unique"
            ),
            models.CheckConstraint(
                condition=Q(program_type__in=ProgramType.values),
                name="applicants_agency_program_type_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.county})"


class Language(TimestampedModel):
    """A language in which someone offers services (for the linguistic-diversity report)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

"""The Competency Guidelines: editions, domains and areas of expertise."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel

from .categories import Level


class GuidelinesEdition(TimestampedModel):
    """A licensed edition of the Competency Guidelines (or the editable default)."""

    name = models.CharField(max_length=200)
    effective_from = models.DateField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("-effective_from",)
        indexes = [
            # edition_in_effect(): latest active edition that started on or before a date.
            models.Index(fields=["active", "effective_from"], name="competencies_edition_idx"),
        ]

    def __str__(self):
        return f"{self.name} (from {self.effective_from:%d %b %Y})"


class CompetencyDomain(models.Model):
    """A domain of the guidelines (Theoretical Foundations ... Reflection, Administration)."""

    edition = models.ForeignKey(GuidelinesEdition, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    mentor_only = models.BooleanField(
        default=False, help_text=_("Applies to Mentor categories only (Administration).")
    )

    class Meta:
        ordering = ("edition", "order", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="competencies_domain_unique_name_per_edition"
            ),
        ]

    def __str__(self):
        return self.name

    def applies_to_level(self, level: int) -> bool:
        return level >= Level.MENTOR if self.mentor_only else True


class Competency(models.Model):
    """An area of expertise within a domain, introduced at a category level and up."""

    domain = models.ForeignKey(
        CompetencyDomain, on_delete=models.CASCADE, related_name="competencies"
    )
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    applies_from_level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        default=Level.FAMILY_ASSOCIATE,
        help_text=_("The lowest category level this area applies to (in both tracks)."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("domain__order", "order", "name")
        verbose_name_plural = _("competencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(applies_from_level__gte=1, applies_from_level__lte=5),
                name="competencies_competency_level_valid",
            ),
        ]

    def __str__(self):
        return self.name

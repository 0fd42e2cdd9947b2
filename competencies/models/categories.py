"""Endorsement categories and the choices that describe them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    INFANT = "infant", _("Infant (pregnancy to 36 months)")
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood (3 up to 6 years)")


class ScopeOfPractice(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    PREVENTION = "prevention", _("Prevention / early intervention")
    PREVENTION_RSC = "prevention_rsc", _("Prevention, providing reflective supervision")
    INTERVENTION = "intervention", _("Intervention / treatment")
    LEADERSHIP = "leadership", _("Leadership")


class Level(models.IntegerChoices):
    """Where a category sits in the Competency Guidelines: areas of expertise are introduced
    at a level and apply to every category at that level and above, in both tracks."""

    FAMILY_ASSOCIATE = 1, _("Family Associate")
    FAMILY_SPECIALIST = 2, _("Family Specialist")
    REFLECTIVE_SUPERVISOR = 3, _("Family Reflective Supervisor")
    MENTAL_HEALTH_SPECIALIST = 4, _("Mental Health Specialist")
    MENTOR = 5, _("Mental Health Mentor")


class EducationLevel(models.TextChoices):
    """Ordered lowest to highest; `rules.EDUCATION_ORDER` holds the same values in order."""

    NONE = "none", _("No degree required")
    CDA = "cda", _("Child Development Associate (CDA) credential")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


# The vocabularies rules name (the same values as competencies.rules, applicants and endorsements).


class AgeBandChoice(models.TextChoices):
    INFANT = "infant", _("Infants (pregnancy to 36 months)")
    EARLY_CHILDHOOD = "early_childhood", _("Young children (3 up to 6 years)")
    BOTH = "both", _("Work or RSC about both age bands")


class LeadershipKindChoice(models.TextChoices):
    POLICY = "policy", _("Policy")
    FACULTY = "faculty", _("Faculty (university teaching)")
    RESEARCH = "research", _("Research")
    ADMINISTRATION = "administration", _("Program administration")


class RaterRelationshipChoice(models.TextChoices):
    CURRENT_SUPERVISOR = "current_supervisor", _("The current or most recent supervisor")
    RSC_PROVIDER = "rsc_provider", _("The RSC provider")
    COLLEAGUE = "colleague", _("A colleague or another supervisor")
    SUPERVISEE = "supervisee", _("Someone who receives RSC from the applicant")
    OTHER = "other", _("Someone else who knows the applicant's work")


class FeeKindChoice(models.TextChoices):
    """What a fee is for (the values of competencies.rules.FEE_KINDS; the fees app's kinds)."""

    REGISTRATION = "registration", _("Registration")
    PROCESSING = "processing", _("Application processing")
    EXAM = "exam", _("Exam")
    EXAM_RETAKE = "exam_retake", _("Exam retake")
    RENEWAL = "renewal", _("Renewal")
    LATE_RENEWAL = "late_renewal", _("Late renewal")
    REINSTATEMENT = "reinstatement", _("Reinstatement")
    MEMBERSHIP_INDIVIDUAL = "membership_individual", _("Membership dues: individual")
    MEMBERSHIP_STUDENT = "membership_student", _("Membership dues: student")
    MEMBERSHIP_ORGANISATIONAL = "membership_organisational", _("Membership dues: organisational")


class ProRateBy(models.TextChoices):
    DAYS = "days", _("By days: the share of the cycle's days left")
    WHOLE_YEARS = "whole_years", _("By whole years: the whole years of the cycle left")


class EndorsementCategory(models.Model):
    """One endorsement category (IFA, IMHM-C, ECFS ...). The code is a stable identifier."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)
    track = models.CharField(max_length=20, choices=Track.choices)
    scope_of_practice = models.CharField(max_length=20, choices=ScopeOfPractice.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Position in lists (the infant track comes first).")
    )
    active = models.BooleanField(
        default=True, help_text=_("Inactive categories are hidden from applicants and the public.")
    )
    allows_emerging = models.BooleanField(
        _("may endorse as emerging"),
        default=False,
        help_text=_(
            "Reflective-supervisor categories may be endorsed as emerging while finishing."
        ),
    )
    twin = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The mirror category in the other track (IFS <-> ECFS)."),
    )

    class Meta:
        ordering = ("order", "code")
        verbose_name_plural = _("endorsement categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(track__in=Track.values), name="competencies_category_track_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="competencies_category_level_valid"
            ),
        ]
        indexes = [
            # /requirements/ lists active categories in order.
            models.Index(fields=["active", "order"], name="competencies_cat_list_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

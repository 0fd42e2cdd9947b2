"""Evidence: education, work, training, leadership and documents.

Rows belong to the user (not the profile) so that someone can log a training before filling
in their profile.
"""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel

from .files import StoredFile

# The earliest year or date anyone can enter: a sanity bound, not an endorsement rule.
EARLIEST_YEAR = 1950


class DegreeLevel(models.TextChoices):
    # The values are shared with competencies.rules: keep these exact strings.
    NONE = "none", _("No degree (high school diploma or equivalent)")
    CDA = "cda", _("Child Development Associate (CDA)")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class Education(TimestampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="education"
    )
    degree_level = models.CharField(max_length=16, choices=DegreeLevel.choices)
    field_of_study = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(_("year completed"))
    # The day the degree was completed: post-graduate work counts from it. Empty on rows
    # entered before the portal asked for the day (the year is then all that is known).
    completed_on = models.DateField(_("date completed"), null=True, blank=True)
    transcript = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-year", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(degree_level__in=DegreeLevel.values),
                name="applicants_education_degree_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR), name="applicants_education_year_sane"
            ),
        ]
        indexes = [
            # The education list: one person's degrees, newest first.
            models.Index(fields=("user", "-year"), name="applicants_education_list_idx"),
        ]

    def __str__(self):
        return f"{self.get_degree_level_display()}, {self.institution} ({self.year})"


class AgeBand(models.TextChoices):
    INFANT = "infant", _("Pregnancy to 36 months")
    EARLY_CHILDHOOD = "early_childhood", _("3 to 6 years")
    BOTH = "both", _("Both")


class WorkKind(models.TextChoices):
    # The values are shared with competencies.rules: keep these exact strings.
    DIRECT = "direct", _("Direct work with infants, young children and families")
    SUPERVISED_VOLUNTEER = "supervised_volunteer", _("Supervised volunteer work")
    LEADERSHIP = "leadership", _("Leadership")
    RSC_PROVISION = "rsc_provision", _("Providing reflective supervision/consultation")
    POLICY = "policy", _("Policy")
    FACULTY_RESEARCH = "faculty_research", _("Faculty or research")


class WorkExperience(TimestampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_experience"
    )
    employer = models.CharField(max_length=200)
    role = models.CharField(_("role or job title"), max_length=200)
    kind = models.CharField(_("kind of work"), max_length=24, choices=WorkKind.choices)
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text=_("Leave empty if you work here now.")
    )
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    families_served = models.PositiveIntegerField(null=True, blank=True)
    age_band = models.CharField(_("ages served"), max_length=16, choices=AgeBand.choices)
    paid = models.BooleanField(default=True)

    class Meta:
        ordering = ("-start_date", "-pk")
        verbose_name_plural = _("work experience")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="applicants_work_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=80),
                name="applicants_work_hours_sane",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=WorkKind.values), name="applicants_work_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_band__in=AgeBand.values), name="applicants_work_age_band_valid"
            ),
        ]
        indexes = [
            # The work list: one person's jobs, newest first.
            models.Index(fields=("user", "-start_date"), name="applicants_work_list_idx"),
        ]

    def __str__(self):
        return f"{self.role}, {self.employer}"


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL_LIVE = "virtual_live", _("Live online")
    SELF_PACED = "self_paced", _("Self-paced online")


class VerifiedChoice(models.TextChoices):
    """What the person made of a training their provider verified (a catalog roster)."""

    NEW = "", _("Not looked at yet")
    ACCEPTED = "accepted", _("Accepted")
    HIDDEN = "hidden", _("Hidden")


class Training(TimestampedModel):
    """In-service training, tagged with the competency areas it covered.

    A *verified* training was confirmed by its provider's attendance roster (trainings/ makes
    and updates these rows through `training_record_verified`): the person may accept or hide
    it but not change its facts. A hidden training is neither shown in totals nor counted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField(max_length=250)
    provider = models.CharField(max_length=200)
    date = models.DateField(_("date (first day)"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    # The length in minutes, as RSC sessions are: totals are summed in minutes and turned into
    # hours once, so twelve trainings of 50 minutes are exactly 10 hours.
    minutes = models.PositiveIntegerField(_("length in minutes"))
    format = models.CharField(max_length=16, choices=TrainingFormat.choices)
    dei = models.BooleanField(_("about diversity, equity and inclusion"), default=False)
    rsc_provision = models.BooleanField(_("about providing reflective supervision"), default=False)
    competencies = models.ManyToManyField(
        "competencies.Competency", blank=True, related_name="trainings"
    )
    certificate = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified = models.BooleanField(_("verified by the provider"), default=False)
    verified_choice = models.CharField(
        max_length=8, choices=VerifiedChoice.choices, blank=True, default=VerifiedChoice.NEW
    )

    class Meta:
        ordering = ("-date", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="applicants_training_minutes_pos"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="applicants_training_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(format__in=TrainingFormat.values),
                name="applicants_training_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(verified_choice__in=VerifiedChoice.values),
                name="applicants_training_verified_choice_valid",
            ),
        ]
        indexes = [
            # The training list and the totals inside a date window: one person, by date.
            models.Index(fields=("user", "-date"), name="applicants_training_list_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.hours} h)"

    @property
    def hours(self) -> Decimal:
        """This training's length in hours (two decimals, cut), for showing it; sums of
        trainings add `minutes`."""
        return (Decimal(self.minutes or 0) / 60).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    @property
    def hidden(self) -> bool:
        return self.verified_choice == VerifiedChoice.HIDDEN

    @property
    def days(self) -> int:
        return ((self.end_date or self.date) - self.date).days + 1


class LeadershipKind(models.TextChoices):
    # The values are shared with competencies.rules (the kinds a Mentor category counts).
    POLICY = "policy", _("Policy")
    FACULTY = "faculty", _("Faculty or university teaching")
    RESEARCH = "research", _("Research")
    ADMINISTRATION = "administration", _("Program administration")


class LeadershipActivity(TimestampedModel):
    """Leadership for the Mentor categories: policy, faculty/teaching, research, program
    administration. Which kinds count for which category is rules data (Mentor–Policy: policy;
    Mentor–Research/Faculty: faculty and research)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leadership_activities"
    )
    kind = models.CharField(max_length=16, choices=LeadershipKind.choices)
    title = models.CharField(_("title or role"), max_length=200)
    organisation = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("-start_date", "-pk")
        verbose_name_plural = _("leadership activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="applicants_leadership_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LeadershipKind.values),
                name="applicants_leadership_kind_valid",
            ),
        ]
        indexes = [
            # The leadership list: one person's activities, newest first.
            models.Index(fields=("user", "-start_date"), name="applicants_leadership_list_idx"),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV or résumé")
    LICENSE = "license", _("License or certification")
    ETHICS = "ethics", _("Signed Code of Ethics")
    OTHER = "other", _("Other")


class Document(TimestampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    # RESTRICT (not PROTECT) so that deleting the user removes documents and files together.
    file = models.ForeignKey(StoredFile, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        ordering = ("kind", "-created_at")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="applicants_document_kind_valid"
            ),
        ]
        indexes = [
            # The documents list: one person's documents.
            models.Index(fields=("user", "kind"), name="applicants_document_list_idx"),
        ]

    def __str__(self):
        return self.title

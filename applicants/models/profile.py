"""The applicant's profile: who they are and where they work."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel

from .places import Agency, County, Language


class RaceEthnicity(models.TextChoices):
    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black", _("Black or African American")
    HISPANIC = "hispanic", _("Hispanic or Latino/a/x")
    MIDDLE_EASTERN = "middle_eastern", _("Middle Eastern or North African")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Pacific Islander")
    WHITE = "white", _("White")
    OTHER = "other", _("Another race or ethnicity")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("I describe myself another way")


class ApplicantProfile(TimestampedModel):
    """Who the applicant is and where they work. One per user.

    Demographics are voluntary and used only in aggregate reports with small-cell suppression;
    reviewers never see them (the review snapshot must leave them out).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    # The legal name is the account's (User.given_name / family_name): one name, kept in one
    # place, corrected through accounts.services.user_name_correct with its history.
    preferred_name = models.CharField(
        "name to show",
        max_length=200,
        blank=True,
        help_text=_(
            "As it should appear on the registry and a certificate; empty: the legal name."
        ),
    )
    credentials = models.CharField(_("credentials and licenses"), max_length=300, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    work_county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="profiles"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="profiles"
    )
    job_title = models.CharField(_("role or job title"), max_length=200, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="profiles")
    membership_number = models.CharField(max_length=60, blank=True)
    membership_expires_on = models.DateField(_("membership expiry date"), null=True, blank=True)
    race_ethnicity = models.JSONField(default=list, blank=True)
    race_ethnicity_described = models.CharField(max_length=200, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    gender_described = models.CharField(max_length=100, blank=True)
    directory_opt_in = models.BooleanField(default=False)
    accepting_supervisees = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Per-region and per-program reports group profiles by county and agency.
            models.Index(fields=("work_county", "agency"), name="applicants_profile_where_idx"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name shown to others: the one chosen here, else the legal (account) name. Load
        the profile with its user (`select_related("user")`) where many are shown."""
        return self.preferred_name or self.user.full_name

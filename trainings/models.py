"""The training catalog: trainings that providers (organisations of kind training provider)
submit and a coordinator approves, their attendance rosters, and each attendee's attendance.

An attendance credits the person through a row of `applicants.Training` (source "verified")
that this app makes through applicants' services and points to (`Attendance.logged`), so the
evidence apps and the rules engine never import this app.
"""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from applicants.models import AgeBand, TrainingFormat
from core.models import HistoryEntry, TimestampedModel


class TrainingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


TS = TrainingStatus
# The only changes of a catalog training's status; `catalog_training_transition` refuses the
# rest. Approving may change the training ("approve with changes"); a declined training is
# submitted again as a new one.
TRAINING_TRANSITIONS: dict[str, frozenset[str]] = {
    TS.PENDING: frozenset({TS.APPROVED, TS.DECLINED}),
    TS.APPROVED: frozenset(),
    TS.DECLINED: frozenset(),
}


def hours_of_minutes(minutes) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


class CatalogTraining(TimestampedModel):
    """A training as its provider offers it. Hours are kept in minutes (as logged trainings
    and RSC sessions are) and turned into hours for showing."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="catalog_trainings"
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("One objective a line.")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    sessions = models.TextField(
        _("sessions"),
        blank=True,
        help_text=_("One session a line, like: 5 December 2023, 9:00 to 16:00."),
    )
    minutes = models.PositiveIntegerField(_("length in minutes"))
    dei_minutes = models.PositiveIntegerField(_("minutes about diversity, equity and inclusion"))
    rsc_provision_minutes = models.PositiveIntegerField(
        _("minutes about providing reflective supervision")
    )
    format = models.CharField(_("format"), max_length=16, choices=TrainingFormat.choices)
    language = models.ForeignKey(
        "applicants.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language"),
    )
    location = models.CharField(_("place"), max_length=250, blank=True)
    # Empty for trainings online only.
    region = models.ForeignKey(
        "applicants.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    domains = models.ManyToManyField(
        "competencies.CompetencyDomain", related_name="+", verbose_name=_("domains")
    )
    competencies = models.ManyToManyField(
        "competencies.Competency", blank=True, related_name="+", verbose_name=_("competency areas")
    )
    categories = models.ManyToManyField(
        "competencies.EndorsementCategory",
        blank=True,
        related_name="+",
        verbose_name=_("categories it suits"),
    )
    age_band = models.CharField(_("ages"), max_length=16, choices=AgeBand.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TrainingStatus.choices, default=TS.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-starts_on", "pk")
        verbose_name = _("catalog training")
        verbose_name_plural = _("catalog trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TrainingStatus.values), name="trainings_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=TrainingFormat.values), name="trainings_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_band__in=AgeBand.values), name="trainings_age_band_valid"
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="trainings_minutes_pos"),
            models.CheckConstraint(
                condition=Q(dei_minutes__lte=F("minutes"))
                & Q(rsc_provision_minutes__lte=F("minutes")),
                name="trainings_part_minutes_within",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="trainings_ends_after_start"
            ),
        ]
        indexes = [
            # The public catalog: approved trainings by date.
            models.Index(fields=["status", "-starts_on"], name="trainings_catalog_idx"),
            # A provider's own list.
            models.Index(fields=["provider", "-starts_on"], name="trainings_provider_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def hours(self) -> Decimal:
        return hours_of_minutes(self.minutes)

    @property
    def objectives(self) -> list[str]:
        return [
            line.strip(" \t-•*") for line in self.learning_objectives.splitlines() if line.strip()
        ]

    @property
    def session_lines(self) -> list[str]:
        return [line.strip() for line in self.sessions.splitlines() if line.strip()]

    @property
    def is_approved(self) -> bool:
        return self.status == TS.APPROVED


class TrainingEvent(HistoryEntry):
    """History of a catalog training: one row per change of status (code + params; the
    page writes the sentence, see trainings/history.py)."""

    training = models.ForeignKey(CatalogTraining, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=TrainingStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=TrainingStatus.choices)

    def __str__(self):
        return f"{self.training_id}: {self.from_status or '-'} -> {self.to_status}"


class RosterState(models.TextChoices):
    PREVIEW = "preview", _("Being checked by the provider")
    CONFIRMED = "confirmed", _("Confirmed")


class AttendanceRoster(TimestampedModel):
    """One uploaded attendance roster: previewed and fixed line by line, then confirmed."""

    training = models.ForeignKey(CatalogTraining, on_delete=models.CASCADE, related_name="rosters")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    state = models.CharField(
        max_length=10, choices=RosterState.choices, default=RosterState.PREVIEW
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RosterState.values), name="trainings_roster_state_valid"
            ),
        ]

    def __str__(self):
        return f"Roster {self.pk} of {self.training_id}"


class MatchOutcome(models.TextChoices):
    EMAIL = "email", _("Matched by email")
    NAME = "name", _("Matched by name")
    CHOSEN = "chosen", _("Matched by the provider")
    AMBIGUOUS = "ambiguous", _("More than one person has this name")
    NOBODY = "nobody", _("No account yet: will be invited")
    INVALID = "invalid", _("Needs fixing")
    SKIPPED = "skipped", _("Left out")


MATCHED = (MatchOutcome.EMAIL, MatchOutcome.NAME, MatchOutcome.CHOSEN)


class RosterLine(models.Model):
    """One line of a roster as typed (fixable in the preview) and who it matched. `problem`
    is a code for what is wrong with the line (the page writes the sentence)."""

    roster = models.ForeignKey(AttendanceRoster, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveIntegerField()
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    hours_typed = models.CharField(max_length=30, blank=True)
    # What the person attended; empty while the typed hours need fixing.
    minutes = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=MatchOutcome.choices)
    problem = models.CharField(max_length=30, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("roster", "line")
        constraints = [
            models.UniqueConstraint(fields=["roster", "line"], name="trainings_roster_line_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=MatchOutcome.values), name="trainings_line_outcome_valid"
            ),
        ]

    def __str__(self):
        return f"{self.roster_id}:{self.line} {self.outcome}"

    @property
    def matched(self) -> bool:
        return self.outcome in MATCHED


class AttendanceSource(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Added by the attendee")
    ROSTER = "roster", _("On the provider's roster")


class Attendance(TimestampedModel):
    """A person attended a catalog training: once per person and training, whatever the
    number of rosters. `logged` is the person's training log row that credits it."""

    training = models.ForeignKey(
        CatalogTraining, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="catalog_attendances"
    )
    source = models.CharField(max_length=14, choices=AttendanceSource.choices)
    minutes = models.PositiveIntegerField()
    logged = models.OneToOneField(
        "applicants.Training",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalog_attendance",
    )
    line = models.ForeignKey(
        RosterLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate_file = models.CharField(max_length=300, blank=True)
    certificate_rendered_at = models.DateTimeField(null=True, blank=True)
    certificate_error = models.TextField(blank=True)

    class Meta:
        ordering = ("training", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person"], name="trainings_attendance_once"
            ),
            models.CheckConstraint(
                condition=Q(source__in=AttendanceSource.values),
                name="trainings_attendance_source_valid",
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="trainings_attended_pos"),
        ]

    def __str__(self):
        return f"{self.person_id} at {self.training_id}"

    @property
    def verified(self) -> bool:
        return self.source == AttendanceSource.ROSTER

    @property
    def hours(self) -> Decimal:
        return hours_of_minutes(self.minutes)


class Invitation(TimestampedModel):
    """An attendee on a confirmed roster with no account here: invited by email to claim the
    training after signing up. Once per training and address."""

    training = models.ForeignKey(
        CatalogTraining, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    minutes = models.PositiveIntegerField()
    line = models.ForeignKey(
        RosterLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("training", Lower("email"), name="trainings_invitation_once"),
        ]

    def __str__(self):
        return f"Invitation to {self.email} for {self.training_id}"


class AttendeeAddress(models.Model):
    """Another address of a person's, proved by claiming an invitation sent to it: later
    rosters that list the person under it match them. One person per address."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendee_addresses"
    )
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="trainings_address_once"),
        ]

    def __str__(self):
        return self.email

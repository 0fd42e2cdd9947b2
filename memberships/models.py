"""Membership records: who is a member of the association (or of another association of the
Alliance), of what type, from when to when, and how we know.

Low in the house (beside `applicants`): it knows people (accounts) and nothing of applications,
fees or credentials. The workflow reads it through `memberships.selectors`; the fees app raises
dues invoices by following the announcement the reminder service makes.

A *claim* is what an applicant typed in their profile (a number, an end date): it is a row here
with status `claimed`, waiting for a coordinator, and never meets the checklist. Confirming it
turns the same row into a record (status `recorded`, source `claim`) with the dates the
coordinator checked; rejecting it keeps the reason.
"""

from django.conf import settings
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class Association(TimestampedModel):
    """Another association of the Alliance whose members may count here where the
    requirement set or renewal policy says so. This association is no row: a record without
    an association is a membership of ours."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("short name"), max_length=30, unique=True)
    active = models.BooleanField(_("in the list"), default=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("other association")
        verbose_name_plural = _("other associations")

    def __str__(self):
        return self.name


class MembershipType(models.TextChoices):
    # The fee schedule's kinds are membership_<type> (competencies.rules.types.FEE_KINDS).
    INDIVIDUAL = "individual", _("Individual")
    STUDENT = "student", _("Student")
    ORGANISATIONAL = "organisational", _("Organisational")


class MembershipSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    IMPORT = "import", _("Member-list import")
    CLAIM = "claim", _("Applicant's claim, confirmed by staff")


class MembershipStatus(models.TextChoices):
    CLAIMED = "claimed", _("Waiting for confirmation")
    RECORDED = "recorded", _("Recorded")
    REJECTED = "rejected", _("Not confirmed")


class Membership(TimestampedModel):
    """One period of membership of one person (or, while `claimed`, what they say it is)."""

    Status = MembershipStatus
    Source = MembershipSource
    Type = MembershipType

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_records",
        verbose_name=_("member"),
    )
    association = models.ForeignKey(
        Association,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("association"),
        help_text=_("Empty: a membership of this association."),
    )
    membership_type = models.CharField(
        _("type"), max_length=16, choices=MembershipType.choices, default=MembershipType.INDIVIDUAL
    )
    number = models.CharField(_("membership number"), max_length=60, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.RECORDED,
    )
    source = models.CharField(_("source"), max_length=10, choices=MembershipSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # What the coordinator typed when they did not confirm a claim.
    rejection_reason = models.TextField(_("reason"), blank=True)
    # The member-list import that wrote or last changed the row, if any.
    imported_from = models.ForeignKey(
        "memberships.MemberListImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("person_id", "-ends_on", "-pk")
        verbose_name = _("membership record")
        verbose_name_plural = _("membership records")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="memberships_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="recorded")
                | (Q(starts_on__isnull=False) & Q(ends_on__isnull=False)),
                name="memberships_record_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MembershipStatus.values), name="memberships_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=MembershipSource.values), name="memberships_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(membership_type__in=MembershipType.values),
                name="memberships_type_valid",
            ),
            # One period per person, association and start: what makes an import idempotent.
            models.UniqueConstraint(
                fields=("person", "association", "starts_on"),
                condition=Q(status="recorded"),
                nulls_distinct=False,
                name="memberships_one_record_per_start",
            ),
            # One claim waiting per person (a new typed number replaces it).
            models.UniqueConstraint(
                fields=("person",),
                condition=Q(status="claimed"),
                name="memberships_one_claim_waiting",
            ),
        ]
        indexes = [
            # The reminders and dues: recorded memberships ending in a window.
            models.Index(
                fields=("ends_on",),
                condition=Q(status="recorded"),
                name="memberships_recorded_end_idx",
            ),
            # The coordinators' list of claims waiting, oldest first.
            models.Index(
                fields=("created_at",),
                condition=Q(status="claimed"),
                name="memberships_claims_idx",
            ),
        ]

    def __str__(self):
        return f"{self.person_id}: {self.number or '-'} {self.starts_on}..{self.ends_on}"

    def covers(self, day) -> bool:
        return self.status == MembershipStatus.RECORDED and self.starts_on <= day <= self.ends_on


class MemberListImport(TimestampedModel):
    """An uploaded member list, kept line by line for its preview until a coordinator
    confirms (or discards) it. `rows` holds what was read ([{"line", "values"}]); nothing is
    written to the records before the confirmation."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=200)
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # How the file writes dates that are not ISO: "mdy" (English) or "dmy" (Spanish).
    date_order = models.CharField(max_length=3, default="mdy")
    rows = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    # After confirmation: how many records were added, changed, and were already there.
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("member-list import")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["preview", "confirmed", "discarded"]),
                name="memberships_import_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_order__in=["mdy", "dmy"]),
                name="memberships_import_date_order_valid",
            ),
        ]

    def __str__(self):
        return self.filename


class MembershipReminderPolicy(TimestampedModel):
    """When members are reminded that their membership ends (days before its end), from a
    date on: rules as data, like the renewal policies' offsets."""

    effective_from = models.DateField(_("in effect from"), unique=True)
    reminder_offsets_days = models.CharField(
        _("reminder offsets (days before the membership ends)"),
        max_length=100,
        default="60,30,7",
        validators=[validate_comma_separated_integer_list],
        help_text=_("Comma-separated, e.g. 60,30,7. The first one also raises the dues invoice."),
    )

    class Meta:
        ordering = ("-effective_from",)
        verbose_name = _("membership reminder policy")
        verbose_name_plural = _("membership reminder policies")

    def __str__(self):
        return f"{self.effective_from}: {self.reminder_offsets_days}"

    @property
    def reminder_offsets(self) -> list[int]:
        """Largest first, without duplicates or non-positive days."""
        days = {int(d) for d in self.reminder_offsets_days.split(",") if d.strip()}
        return sorted((d for d in days if d > 0), reverse=True)


class MembershipReminderLog(models.Model):
    """One reminder claimed for one membership record at one offset: the unique constraint
    makes it exactly once, whoever runs the job and however often."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    offset_days = models.PositiveIntegerField()
    # The end date reminded of: a record whose end is changed (renewed) is reminded again.
    ends_on = models.DateField()
    claim = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("membership", "offset_days", "ends_on"),
                name="memberships_reminder_once",
            )
        ]
        indexes = [models.Index(fields=("claim",), name="memberships_reminder_claim_idx")]

    def __str__(self):
        return f"membership {self.membership_id}, {self.offset_days} days before {self.ends_on}"

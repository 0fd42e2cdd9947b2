"""Organisations that verify endorsements (employers, Medicaid plans, state programs, other
associations), their staff, and what they checked: roster runs line by line, and one
`VerificationRecord` per credential an organisation looked at (the holder sees these)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import HistoryEntry, TimestampedModel


class OrganisationKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer or agency")
    MEDICAID_PLAN = "medicaid_plan", _("Medicaid managed-care plan")
    STATE_PROGRAM = "state_program", _("State program")
    ASSOCIATION = "association", _("Another infant mental health association")
    # Universities, state programs or the association itself offering trainings for the
    # catalog (issue 18: trainings/); its staff submit trainings and upload attendance.
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    OTHER = "other", _("Other organisation")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    SUSPENDED = "suspended", _("Suspended")


OS = OrganisationStatus
# The only changes of an organisation's status; `organisation_transition` refuses the rest.
ORGANISATION_TRANSITIONS: dict[str, frozenset[str]] = {
    OS.PENDING: frozenset({OS.APPROVED, OS.DECLINED}),
    OS.APPROVED: frozenset({OS.SUSPENDED}),
    OS.SUSPENDED: frozenset({OS.APPROVED}),
    OS.DECLINED: frozenset(),
}


class Organisation(TimestampedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
    )
    # What the person registering told the coordinator (who they are, why they verify).
    purpose = models.TextField(_("why the organisation verifies endorsements"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OrganisationStatus.values),
                name="organisations_org_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisations_org_kind_valid",
            ),
        ]
        indexes = [
            # The coordinators' queue: organisations waiting, oldest first.
            models.Index(fields=["status", "created_at"], name="organisations_org_queue_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == OrganisationStatus.APPROVED


class OrganisationEvent(HistoryEntry):
    """History of an organisation: one row per change of status."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=OrganisationStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=OrganisationStatus.choices)

    def __str__(self):
        return f"{self.organisation_id}: {self.from_status or '-'} -> {self.to_status}"


class Membership(TimestampedModel):
    """A person on an organisation's staff. A person works for one organisation here: their
    pages are that organisation's, with no choosing."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_membership"
    )

    class Meta:
        verbose_name = _("organisation staff member")
        verbose_name_plural = _("organisation staff members")

    def __str__(self):
        return f"{self.user_id} at {self.organisation_id}"


class RosterStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being checked")
    DONE = "done", _("Checked")


class RosterRun(TimestampedModel):
    """One uploaded roster: its lines are checked at once, or on the worker when there are
    more than ROSTER_WORKER_ROWS (`done` counts the lines checked, for the progress bar)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rosters")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    status = models.CharField(
        max_length=8, choices=RosterStatus.choices, default=RosterStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RosterStatus.values), name="organisations_roster_status"
            ),
        ]
        indexes = [
            # The organisation's rosters, newest first.
            models.Index(fields=["organisation", "-created_at"], name="organisations_roster_idx"),
        ]

    def __str__(self):
        return f"Roster {self.pk} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class RosterOutcome(models.TextChoices):
    WAITING = "", _("Not checked yet")
    MATCHED = "matched", _("Matched")
    NO_MATCH = "no_match", _("Matches nobody")
    SEVERAL = "several", _("Matches more than one person")
    NAME_DIFFERS = "name_differs", _("Number found, but the name differs")
    CONFLICT = "conflict", _("Email and number belong to different people")
    EMPTY = "empty", _("No name, email or number")


class RosterLine(models.Model):
    """One line of a roster as typed, and what it matched when checked. `results` keeps the
    credentials as they stood then ([{number, category, category_code, status,
    valid_through}]), so the result file says what the organisation saw on that day."""

    run = models.ForeignKey(RosterRun, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveIntegerField()
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    number = models.CharField(max_length=60, blank=True)
    outcome = models.CharField(max_length=12, choices=RosterOutcome.choices, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("run", "line")
        constraints = [
            models.UniqueConstraint(fields=["run", "line"], name="organisations_roster_line_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=RosterOutcome.values),
                name="organisations_roster_line_outcome",
            ),
        ]
        indexes = [
            # The worker claims the lines not checked yet, in order.
            models.Index(fields=["run", "outcome", "line"], name="organisations_line_todo_idx"),
        ]

    def __str__(self):
        return f"{self.run_id}:{self.line} {self.outcome or '-'}"


class VerificationChannel(models.TextChoices):
    ROSTER = "roster", _("Staff roster")
    API = "api", _("Verification API")
    WATCH = "watch", _("Watch list")


class VerificationRecord(models.Model):
    """An organisation looked at a credential: what the holder's transparency page lists."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="verifications"
    )
    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=VerificationChannel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=VerificationChannel.values),
                name="organisations_verification_channel",
            ),
        ]
        indexes = [
            # The holder's page: who checked this credential, newest first.
            models.Index(fields=["endorsement", "-created_at"], name="organisations_checked_idx"),
        ]

    def __str__(self):
        return f"{self.organisation_id} checked {self.endorsement_id} ({self.channel})"


class Watch(TimestampedModel):
    """An organisation watches a credential: the daily digest tells its staff when it lapses,
    is suspended or revoked, comes back, or is renewed. `seen_status` and
    `seen_valid_through` are the credential as the organisation last heard of it; the digest
    compares the live credential with them and moves them on in the same transaction."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="watches")
    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen_status = models.CharField(max_length=12)
    seen_valid_through = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "endorsement"], name="organisations_watch_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id} watches {self.endorsement_id}"


class DigestRun(models.Model):
    """The daily digest of one organisation, claimed once per day (the unique constraint):
    the job may run twice, or in two beat processes, and the digest still goes out once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    changes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day"], name="organisations_digest_once"
            )
        ]

    def __str__(self):
        return f"Digest {self.organisation_id} {self.day}"


class ApiKeyScope(models.TextChoices):
    # Reading is all the API does: checking credentials never changes them.
    READ = "read", _("Read: check credentials")


class ApiKey(models.Model):
    """A key an organisation's programs call the verification API with.

    The secret is shown once, when the key is made, and never stored: `digest` is the SHA-256
    of the whole key (the secret has 256 bits of randomness, so a slow hash adds nothing), and
    `prefix`, the key's public start, finds the row before the digests are compared in
    constant time. A revoked key is kept (with when and by whom) so the audit trail still names it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scope = models.CharField(max_length=8, choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=ApiKeyScope.values), name="organisations_api_key_scope"
            ),
        ]
        indexes = [
            # The organisation's keys page, newest first.
            models.Index(fields=["organisation", "-created_at"], name="organisations_api_key_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

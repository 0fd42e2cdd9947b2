"""RSC facts: who provided reflective supervision/consultation, when, how long, and whether the
provider confirmed it. Whether a session *counts* toward a category is decided in `endorsements`
(with `competencies.rules`); nothing here knows about applications or requirement sets."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from applicants.models import AgeBand
from core.models import TimestampedModel
from core.transitions import HistoryAudience


class Provider(TimestampedModel):
    """Someone who provides RSC: a portal user, or an outside person known by name and email.

    One row per email address (case-insensitive) so that a provider with many supervisees is vetted
    once; providers entered without an email are private to the person who entered them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rsc_provider_profiles",
        help_text=_(
            "Set when the provider has a portal account: their endorsements are then known."
        ),
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    endorsement_number = models.CharField(max_length=50, blank=True)
    association_name = models.CharField(max_length=200, blank=True)
    # What an outside provider says they hold; endorsements checks it (vetted, by date).
    claimed_categories = models.ManyToManyField(
        "competencies.EndorsementCategory",
        blank=True,
        related_name="+",
        verbose_name=_("claimed endorsement categories"),
    )
    # The supervisees who named this provider: their provider list (and nobody else's).
    supervisees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="rsc_providers", blank=True
    )
    vetted = models.BooleanField(default=False)
    vetted_note = models.TextField(blank=True)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vetted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Naming a provider looks them up by email, whatever the capitalisation.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="rsc_provider_email_ci_unique",
            ),
            models.CheckConstraint(
                condition=Q(vetted=False) | Q(vetted_at__isnull=False),
                name="rsc_provider_vetted_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.email else self.name


class SupervisionSession(TimestampedModel):
    """One RSC session as the supervisee logged it, with the provider's answer."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")

    class Focus(models.TextChoices):
        OWN_WORK = "own_work", _("RSC about my own work")
        RSC_PROVIDED = "rsc_provided", _("RSC about the RSC I provide to others")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")

    # Allowed attestation transitions; only services.session_status_change (through
    # core.transitions.transition) assigns .status. Editing an attested fact sends a confirmed
    # or disputed session back to unconfirmed.
    TRANSITIONS = {
        Status.UNCONFIRMED: frozenset({Status.CONFIRMED, Status.DISPUTED}),
        Status.CONFIRMED: frozenset({Status.UNCONFIRMED}),
        Status.DISPUTED: frozenset({Status.UNCONFIRMED}),
    }

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsc_sessions"
    )
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField()
    format = models.CharField(max_length=12, choices=Format.choices)
    group_size = models.PositiveSmallIntegerField(null=True, blank=True)
    modality = models.CharField(max_length=12, choices=Modality.choices)
    focus = models.CharField(max_length=14, choices=Focus.choices, default=Focus.OWN_WORK)
    # The ages the RSC was about: infant categories count RSC about pregnancy to 36 months,
    # early childhood ones about 3 up to 6 (rules data). Empty on sessions logged before the
    # portal asked: they count toward no category that names its ages until the person says.
    age_band = models.CharField(
        _("ages the RSC was about"), max_length=16, choices=AgeBand.choices, blank=True
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    # Peer supervision has no identified provider: kept in the person's log, never counted.
    peer = models.BooleanField(default=False)
    private_notes = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    provider_comment = models.TextField(blank=True)
    attested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["unconfirmed", "confirmed", "disputed"]),
                name="rsc_session_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                name="rsc_session_duration_positive",
            ),
            models.CheckConstraint(
                # IS NOT NULL spelled out: a NULL comparison would let the check pass.
                condition=(Q(format="group") & Q(group_size__isnull=False) & Q(group_size__gte=2))
                | (Q(format="individual") & Q(group_size__isnull=True)),
                name="rsc_session_group_size_when_group",
            ),
            models.CheckConstraint(
                condition=(Q(peer=True) & Q(provider__isnull=True))
                | (Q(peer=False) & Q(provider__isnull=False)),
                name="rsc_session_provider_unless_peer",
            ),
            models.CheckConstraint(
                condition=Q(age_band__in=["", *AgeBand.values]),
                name="rsc_session_age_band_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["individual", "group"])
                & Q(modality__in=["in_person", "virtual"])
                & Q(focus__in=["own_work", "rsc_provided"]),
                name="rsc_session_choices_valid",
            ),
        ]
        indexes = [
            # The log page and sessions_for_user: one supervisee's sessions by date.
            models.Index(fields=["supervisee", "date"], name="rsc_session_supervisee_date"),
            # attestation_request_send: a supervisee's unconfirmed sessions with one provider.
            models.Index(
                fields=["provider", "supervisee"],
                condition=Q(status="unconfirmed"),
                name="rsc_session_unconfirmed",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.duration_minutes} min ({self.get_status_display()})"

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.duration_minutes)


def minutes_to_hours(minutes: int | None) -> Decimal:
    """Minutes as Decimal hours, to two places (90 -> 1.50)."""
    return (Decimal(minutes or 0) / Decimal(60)).quantize(Decimal("0.01"))


class SessionStatusChange(models.Model):
    """History of a session's attestation status: who changed it, from what, to what, when."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=SupervisionSession.Status.choices)
    to_status = models.CharField(max_length=12, choices=SupervisionSession.Status.choices)
    # The supervisee (editing) or nobody (the provider answering through a link has no account).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    # Who may read the row (core.transitions.history_for): a session's status is the
    # supervisee's own business, so every change so far is for the applicant and staff.
    audience = models.CharField(
        max_length=12, choices=HistoryAudience.choices, default=HistoryAudience.APPLICANT
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=HistoryAudience.values),
                name="reflective_supervision_sessionstatuschange_audience_valid",
            ),
        ]

    def __str__(self):
        return f"{self.session_id}: {self.from_status} -> {self.to_status}"


# The outbox kinds of the emails that carry an attestation link (its delivery is shown).
ATTESTATION_EMAIL_KINDS = ("rsc_attestation_request", "rsc_attestation_reminder")


class AttestationRequest(TimestampedModel):
    """One emailed link asking a provider to confirm a batch of one supervisee's sessions.

    The link is a `core.links` token (RSC_ATTESTATION) carrying the request id and `nonce`;
    expiry and single use are checked against this row, so a reminder's link works exactly as
    long as the first one.
    """

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="attestation_requests"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsc_attestation_requests"
    )
    sessions = models.ManyToManyField(SupervisionSession, related_name="attestation_requests")
    nonce = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    # When the provider first opened the current link (the supervisee sees "opened").
    opened_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # The provider has no account: the supervisee chooses the language of the emails and of
    # the attestation pages for them (their own language when asking, by default).
    language = models.CharField(
        _("language of the request"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # rsc.remind_attestations and "open requests" on the log page: unanswered requests.
            models.Index(
                fields=["expires_at"],
                condition=Q(completed_at__isnull=True),
                name="rsc_request_open",
            ),
            models.Index(fields=["supervisee", "provider"], name="rsc_request_supervisee"),
        ]

    def __str__(self):
        return f"Request {self.pk} to {self.provider} for {self.supervisee_id}"


class StagedImport(TimestampedModel):
    """A CSV upload waiting for the person to fix its rows and confirm; nothing is logged yet.

    `rows` is a list of {"line": int, "values": {field: text}} with the text as typed, so a row
    the person fixes in the preview keeps everything else they wrote.
    """

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsc_staged_imports"
    )
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({len(self.rows)} rows)"

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel
from core.transitions import HistoryAudience


class EndorsementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EMERGING = "emerging", _("Active (emerging)")
    SUSPENDED = "suspended", _("Suspended")
    LAPSED = "lapsed", _("Lapsed")
    REVOKED = "revoked", _("Revoked")
    ARCHIVED = "archived", _("Archived")


E = EndorsementStatus
# The only changes of a credential's status; `endorsement_transition` refuses anything else.
# Renewal keeps the status (active -> active, emerging -> emerging) with a new validity;
# emerging -> active is the completion; suspended, lapsed and archived go back to active or
# emerging (what the credential was before: the services check which).
ENDORSEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    E.ACTIVE: frozenset({E.ACTIVE, E.SUSPENDED, E.LAPSED, E.REVOKED, E.ARCHIVED}),
    E.EMERGING: frozenset({E.EMERGING, E.ACTIVE, E.SUSPENDED, E.LAPSED, E.REVOKED, E.ARCHIVED}),
    E.SUSPENDED: frozenset({E.ACTIVE, E.EMERGING, E.REVOKED}),
    E.LAPSED: frozenset({E.ACTIVE, E.EMERGING, E.REVOKED, E.ARCHIVED}),
    E.REVOKED: frozenset(),
    E.ARCHIVED: frozenset({E.ACTIVE, E.EMERGING, E.LAPSED}),
}
# Counted as endorsed: on the public registry, in the reports, "current" on verification.
# Every page and report reads this one set, so they cannot disagree.
CURRENT_STATUSES = frozenset({E.ACTIVE, E.EMERGING})
# Held by the person, whether usable now or not: a second credential in the category is refused.
HELD_STATUSES = frozenset({E.ACTIVE, E.EMERGING, E.SUSPENDED})


def new_verification_code() -> str:
    """A random, unguessable public code for /verify/<code>/ (no personal data in it)."""
    return secrets.token_urlsafe(12)


class Endorsement(TimestampedModel):
    """The credential: a person endorsed in one category, with its validity and live status."""

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("holder"),
    )
    category = models.ForeignKey(
        "competencies.EndorsementCategory",
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("category"),
    )
    application = models.OneToOneField(
        "endorsements.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="endorsement",
        verbose_name=_("application"),
    )
    number = models.CharField(max_length=60, unique=True, verbose_name=_("number"))
    status = models.CharField(
        max_length=12, choices=EndorsementStatus.choices, verbose_name=_("status")
    )
    issued_on = models.DateField(verbose_name=_("issued on"))
    valid_through = models.DateField(verbose_name=_("valid through"))
    verification_code = models.CharField(
        max_length=32,
        unique=True,
        default=new_verification_code,
        verbose_name=_("verification code"),
    )
    # The name printed on the certificate and shown on verification (the holder's choice).
    printed_name = models.CharField(max_length=300, verbose_name=_("printed name"))
    # Certificate: a regenerable artefact in the private storage.
    certificate_file = models.CharField(
        max_length=200, blank=True, verbose_name=_("certificate file")
    )
    certificate_rendered_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("certificate rendered at")
    )
    certificate_error = models.TextField(blank=True, verbose_name=_("certificate error"))

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EndorsementStatus.values),
                name="endorsements_endorsement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_through__gte=models.F("issued_on")),
                name="endorsements_endorsement_valid_after_issue",
            ),
            # A person holds a category at most once at a time (a suspended one too).
            models.UniqueConstraint(
                fields=["holder", "category"],
                condition=Q(
                    status__in=[
                        EndorsementStatus.ACTIVE,
                        EndorsementStatus.EMERGING,
                        EndorsementStatus.SUSPENDED,
                    ]
                ),
                name="endorsements_one_current_per_category",
            ),
        ]
        indexes = [
            # Daily reminder and lapse jobs scan current endorsements by validity.
            models.Index(fields=["status", "valid_through"], name="endorse_status_valid_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.printed_name} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


class EndorsementEvent(models.Model):
    """History of a credential: each change of status or validity, with the date it took effect.

    Reports count who held an endorsement on any date from these rows. `audience` says who may
    read the row's note: the holder (and staff), or staff only.
    """

    endorsement = models.ForeignKey(
        Endorsement, on_delete=models.CASCADE, related_name="events", verbose_name=_("endorsement")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    from_status = models.CharField(
        max_length=12, choices=EndorsementStatus.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=12, choices=EndorsementStatus.choices, verbose_name=_("to status")
    )
    effective_on = models.DateField(verbose_name=_("effective on"))
    valid_through = models.DateField(verbose_name=_("valid through"))
    # Who may read the row, and what happened as a code with parameters (the page writes the
    # sentence); `note` holds only what a person typed (a reason) or, in older rows, a note.
    audience = models.CharField(
        max_length=10,
        choices=HistoryAudience.choices,
        default=HistoryAudience.APPLICANT,
        verbose_name=_("audience"),
    )
    code = models.CharField(max_length=40, blank=True, verbose_name=_("code"))
    params = models.JSONField(default=dict, blank=True, verbose_name=_("params"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("endorsement history row")
        verbose_name_plural = _("endorsement history")
        ordering = ("effective_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=HistoryAudience.values),
                name="endorsements_endorsement_event_audience_valid",
            ),
        ]
        indexes = [
            # "Status as of a date": the latest event on or before it, per endorsement.
            models.Index(fields=["endorsement", "effective_on"], name="endorse_event_asof_idx"),
        ]

    def __str__(self):
        return f"{self.endorsement_id}: {self.from_status or '-'} -> {self.to_status}"

    @property
    def is_status_change(self) -> bool:
        return self.from_status != self.to_status


class EndorsementNumberCounter(models.Model):
    """Sequence behind `<association code>-<category>-<year>-<sequence>` (row-locked to issue)."""

    category_code = models.CharField(max_length=16, verbose_name=_("category code"))
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("last"))

    class Meta:
        verbose_name = _("endorsement number counter")
        verbose_name_plural = _("endorsement number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["category_code", "year"], name="endorsements_number_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.category_code}-{self.year}: {self.last}"

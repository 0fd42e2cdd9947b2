"""Reference ratings: the questions (data) and each rater's emailed request and answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class RatingItem(TimestampedModel):
    """One statement a rater rates the applicant on, 1 to 5 or "not enough information".

    The items are data, seeded with plain defaults; an association edits them in the admin. A
    completed rating keeps the wording it was given, so later edits do not change old answers.
    """

    domain = models.CharField(
        max_length=100,
        help_text=_("The guideline domain, e.g. Reflection or Thinking."),
        verbose_name=_("domain"),
    )
    text = models.CharField(max_length=300, verbose_name=_("text"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    active = models.BooleanField(
        default=True,
        help_text=_("Inactive items are not asked any more."),
        verbose_name=_("active"),
    )

    class Meta:
        verbose_name = _("rating statement")
        verbose_name_plural = _("rating statements")
        ordering = ("order", "pk")
        indexes = [
            # The rating form asks the active items in order.
            models.Index(fields=["active", "order"], name="endorse_rating_item_idx"),
        ]

    def __str__(self):
        return f"{self.domain}: {self.text}"


class ReferenceRelationship(models.TextChoices):
    # The values are shared with competencies.rules (the relationships a category asks for).
    CURRENT_SUPERVISOR = "current_supervisor", _("My current or most recent supervisor")
    RSC_PROVIDER = "rsc_provider", _("My reflective supervision/consultation (RSC) provider")
    COLLEAGUE = "colleague", _("A colleague or another supervisor")
    SUPERVISEE = "supervisee", _("Someone who receives reflective supervision from me")
    OTHER = "other", _("Someone else who knows my work")


class ReferenceStatus(models.TextChoices):
    """Derived from the timestamps (never stored): what the applicant sees."""

    NOT_SENT = "not_sent", _("Not sent")
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    COMPLETED = "completed", _("Completed")
    EXPIRED = "expired", _("Link expired")


# The languages a rater's invitation can be written in (the portal's languages), each named
# in the reader's language so the applicant knows what they choose.
REFERENCE_LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]

# The outbox kinds of the emails that carry a rater's link (its delivery is shown).
REFERENCE_EMAIL_KINDS = ("reference_request", "reference_reminder")


class ReferenceRequest(TimestampedModel):
    """One rater asked, through a signed emailed link, to rate the applicant.

    The link is a `core.links` token (REFERENCE) carrying the request id and `nonce`. Resending or
    correcting the email draws a new nonce, so every older link stops working. Expiry and single
    use are checked against this row.
    """

    application = models.ForeignKey(
        "endorsements.Application",
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("application"),
    )
    rater_name = models.CharField(max_length=200, verbose_name=_("rater name"))
    rater_email = models.EmailField(verbose_name=_("rater email"))
    relationship = models.CharField(
        max_length=24, choices=ReferenceRelationship.choices, verbose_name=_("relationship")
    )
    # What the applicant said when inviting, then what the rater said on the form: a claim.
    rater_endorsed = models.BooleanField(_("claims to hold an endorsement"), default=False)
    rater_endorsement_number = models.CharField(
        max_length=60, blank=True, verbose_name=_("rater endorsement number")
    )
    # The claim checked: the current credential of this registry with that number and the
    # rater's name. Only a verified claim (or the coordinator's vetting) counts.
    rater_endorsement = models.ForeignKey(
        "endorsements.Endorsement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified endorsement"),
    )
    vetted = models.BooleanField(
        _("vetted by the coordinator"),
        default=False,
        help_text=_(
            "Counts as an endorsed rater although the claim could not be verified here "
            "(for example, an endorsement from another association). Give the reason in the note."
        ),
    )
    vetted_note = models.CharField(max_length=300, blank=True, verbose_name=_("vetted note"))
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("vetted by"),
    )
    vetted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("vetted at"))
    nonce = models.CharField(max_length=64, verbose_name=_("nonce"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    opened_at = models.DateTimeField(null=True, blank=True, verbose_name=_("opened at"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires at"))
    reminders_sent = models.PositiveSmallIntegerField(default=0, verbose_name=_("reminders sent"))
    last_reminded_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last reminded at")
    )
    # The language the rater reads the invitation, reminders and the rating form in (they have
    # no account to store it on): the applicant's choice when inviting.
    language = models.CharField(
        _("language of the invitation"),
        max_length=8,
        choices=REFERENCE_LANGUAGES,
        default="en",
    )
    applicant_waived_access = models.BooleanField(
        _("I waive my right to see this reference"), default=False
    )
    # [{"item": id, "domain": str, "text": str, "rating": 1..5 or None}] (None: not enough
    # information), in the order asked; the wording is frozen at completion.
    answers = models.JSONField(default=list, blank=True, verbose_name=_("answers"))
    comments = models.TextField(blank=True, verbose_name=_("comments"))
    not_enough_info_count = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("not enough info count")
    )

    class Meta:
        verbose_name = _("reference request")
        verbose_name_plural = _("reference requests")
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(relationship__in=ReferenceRelationship.values),
                name="endorsements_reference_relationship_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _label in REFERENCE_LANGUAGES]),
                name="endorsements_reference_language_valid",
            ),
            # Asking the same person twice on one application would count them twice.
            models.UniqueConstraint(
                "application",
                Lower("rater_email"),
                name="endorsements_reference_rater_once_per_application",
            ),
        ]
        indexes = [
            # Reminder job: open links that have not been answered yet.
            models.Index(
                fields=["expires_at"],
                condition=Q(completed_at__isnull=True),
                name="endorse_reference_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.rater_name} for application {self.application_id}"

    def status_on(self, now=None) -> str:
        now = now or timezone.now()
        if self.completed_at:
            return ReferenceStatus.COMPLETED
        if self.expires_at and self.expires_at <= now:
            return ReferenceStatus.EXPIRED
        if self.opened_at:
            return ReferenceStatus.OPENED
        if self.sent_at:
            return ReferenceStatus.SENT
        return ReferenceStatus.NOT_SENT

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def status_label(self) -> str:
        return ReferenceStatus(self.status).label

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def endorsement_verified(self) -> bool:
        """The claimed endorsement is a current credential of this registry (checked when the
        claim was made; a credential that has lapsed since no longer counts)."""
        endorsement = self.rater_endorsement
        return endorsement is not None and endorsement.is_current

    @property
    def counts_as_endorsed(self) -> bool:
        return self.endorsement_verified or self.vetted

    @property
    def claim_unverified(self) -> bool:
        """Claimed an endorsement that is neither verified nor vetted: it does not count."""
        return self.rater_endorsed and not self.counts_as_endorsed

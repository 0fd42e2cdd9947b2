from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel
from core.transitions import HistoryAudience


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    DEFERRED = "deferred", _("Deferred: changes requested")
    EXAM_PENDING = "exam_pending", _("Approved to sit the exam")
    ENDORSED = "endorsed", _("Endorsed")
    ENDORSED_EMERGING = "endorsed_emerging", _("Endorsed as emerging")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DENIED = "denied", _("Not endorsed")


S = ApplicationStatus
# The only changes of status there are; `application_transition` refuses anything else.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.DEFERRED, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset(
        {S.DEFERRED, S.EXAM_PENDING, S.ENDORSED, S.ENDORSED_EMERGING, S.DENIED, S.WITHDRAWN}
    ),
    S.DEFERRED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.EXAM_PENDING: frozenset({S.ENDORSED, S.DENIED, S.WITHDRAWN}),
    S.ENDORSED: frozenset(),
    S.ENDORSED_EMERGING: frozenset({S.ENDORSED}),
    S.WITHDRAWN: frozenset(),
    S.DENIED: frozenset(),
}
OPEN_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.DEFERRED, S.EXAM_PENDING})
DECIDED_STATUSES = frozenset({S.ENDORSED, S.ENDORSED_EMERGING, S.DENIED})


class Application(TimestampedModel):
    """One person's application for one endorsement category."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    category = models.ForeignKey(
        "competencies.EndorsementCategory",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("category"),
    )
    status = models.CharField(
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        verbose_name=_("status"),
    )
    # The requirement set the application was submitted under (frozen with the snapshot).
    requirement_set = models.ForeignKey(
        "competencies.RequirementSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("requirement set"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    # The portfolio as submitted: reviewers see this, not the living portfolio.
    snapshot = models.JSONField(default=dict, blank=True, verbose_name=_("snapshot"))
    # The previous snapshot, kept on resubmission so reviewers can see what changed.
    previous_snapshot = models.JSONField(
        default=dict, blank=True, verbose_name=_("previous snapshot")
    )
    # Sections reopened by a deferral ("education", "training", ...); empty: none.
    reopened_sections = models.JSONField(
        default=list, blank=True, verbose_name=_("reopened sections")
    )
    feedback = models.TextField(
        blank=True,
        help_text=_("Feedback to the applicant from the latest deferral or decision."),
        verbose_name=_("feedback"),
    )
    # Submitted under the category's emerging rules: the items the requirement set lists as
    # "may still be in progress" were allowed to be unmet at submission.
    emerging_requested = models.BooleanField(default=False, verbose_name=_("emerging requested"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="endorsements_application_status_valid",
            ),
            # One open application per person and category. A decided one no longer blocks the
            # category: after a lapse (past the reinstatement window) a new application is the
            # way back; `application_open` checks the credentials held.
            models.UniqueConstraint(
                fields=["applicant", "category"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="endorsements_one_live_application_per_category",
            ),
        ]
        indexes = [
            # Coordinator inbox: applications by status, oldest submission first.
            models.Index(fields=["status", "submitted_at"], name="endorse_app_status_sub_idx"),
        ]

    def __str__(self):
        return f"{self.applicant} – {self.category.code} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.DEFERRED)


class ApplicationEvent(models.Model):
    """History: one row per change of an application's status (who, from, to, when), for the
    applicant and staff; what only staff may read (internal notes, tie-break reasons,
    reviewers' names) follows the change in a staff-only row (`audience` staff, `from_status`
    = `to_status`).

    `code` and `params` say what happened ({"outcome": "deferred", "reopened": ["education"],
    "feedback": "..."}): the page writes the sentence (`endorsements.history`).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
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
        max_length=20, choices=ApplicationStatus.choices, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, verbose_name=_("to status")
    )
    # Who may read the row, and what happened as a code with parameters (the page writes the
    # sentence); `note` holds only what a person typed (a reason) or, in older rows, a note.
    # A row whose from and to statuses are equal records an act that changed no status (a
    # reviewer replaced, a due date extended, a decision held).
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
        verbose_name = _("application history row")
        verbose_name_plural = _("application history")
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=HistoryAudience.values),
                name="endorsements_app_event_audience_valid",
            ),
        ]
        indexes = [
            # Timeline of one application.
            models.Index(fields=["application", "created_at"], name="endorse_app_event_idx"),
        ]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} -> {self.to_status}"

    @property
    def is_staff_note(self) -> bool:
        return self.audience == HistoryAudience.STAFF

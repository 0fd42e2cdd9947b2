"""Review and decision: reviewers' declared conflicts, assignments, reviews, decisions, exams.

The application's status lives on `endorsements.Application` and changes only through
`endorsements.services.transitions.application_transition`; the rows here record who reviewed
what, what they recommended, and what the coordinator decided and why.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import HistoryEntry, TimestampedModel

# ConflictKind is read from here too (history, tests): the kinds of the rows below.
from .flags import ConflictFlag
from .flags import ConflictKind as ConflictKind


class ReviewerConflict(TimestampedModel):
    """A standing conflict of interest a reviewer declares: an agency or a person."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    agency = models.ForeignKey(
        "applicants.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reviewer conflict")
        verbose_name_plural = _("reviewer conflicts")
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(person__isnull=True))
                | (Q(agency__isnull=True) & Q(person__isnull=False)),
                name="review_conflict_agency_xor_person",
            ),
        ]
        indexes = [
            # Conflict checks at assignment: one reviewer's (or several reviewers') declarations.
            models.Index(fields=["reviewer"], name="review_conflict_reviewer_idx"),
        ]

    def __str__(self):
        return f"{self.reviewer_id}: {self.agency or self.person}"


class Assignment(TimestampedModel):
    """One reviewer asked to review one application in one review round.

    A deferred application that comes back starts a new round with the same reviewers, so the
    reviews of every round are kept.
    """

    application = models.ForeignKey(
        "endorsements.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    round = models.PositiveSmallIntegerField(verbose_name=_("round"), default=1)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(
        verbose_name=_("due date"),
    )
    completed_at = models.DateTimeField(verbose_name=_("completed at"), null=True, blank=True)
    # Conflict flags found when assigning ([{"kind": ..., "detail": ...}]) and, when the
    # coordinator went ahead anyway, why.
    conflict_flags = models.JSONField(verbose_name=_("conflict flags"), default=list, blank=True)
    override_reason = models.TextField(verbose_name=_("override reason"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ("round", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "round"],
                name="review_assignment_once_per_round",
            ),
            models.CheckConstraint(
                condition=Q(conflict_flags=[]) | ~Q(override_reason=""),
                name="review_assignment_flagged_needs_reason",
            ),
        ]
        indexes = [
            # Reviewer queue and load: a reviewer's open assignments.
            models.Index(fields=["reviewer", "completed_at"], name="review_assignment_queue_idx"),
            # Reminder job: open assignments by due date.
            models.Index(fields=["completed_at", "due_on"], name="review_assignment_due_idx"),
        ]

    def __str__(self):
        return f"{self.application_id} round {self.round}: {self.reviewer_id}"

    @property
    def overridden(self) -> bool:
        return bool(self.conflict_flags)

    @property
    def flags(self) -> list:
        """The stored conflict flags as ConflictFlag (each says its sentence in the page's
        language)."""
        return [ConflictFlag.from_dict(f) for f in self.conflict_flags or []]


class Recommendation(models.TextChoices):
    ENDORSE = "endorse", _("Endorse")
    EMERGING = "emerging", _("Endorse as emerging")
    EXAM = "exam", _("Approve to sit the exam")
    DEFER = "defer", _("Defer with feedback")


class Review(TimestampedModel):
    """A reviewer's assessment of the snapshot: per section met / not met, competency areas
    shown, comments and a recommendation. A draft until `submitted_at` is set."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="review"
    )
    # {"education": {"met": true, "comment": "..."}, ...}
    sections = models.JSONField(verbose_name=_("sections"), default=dict, blank=True)
    # Competency areas (Competency ids) the reviewer judged shown by the portfolio.
    competency_ids = models.JSONField(verbose_name=_("competency areas"), default=list, blank=True)
    comments = models.TextField(verbose_name=_("comments"), blank=True)
    recommendation = models.CharField(
        verbose_name=_("recommendation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    feedback = models.TextField(verbose_name=_("feedback"), blank=True)
    sections_to_reopen = models.JSONField(
        verbose_name=_("sections to reopen"), default=list, blank=True
    )
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(recommendation=""),
                name="review_submitted_has_recommendation",
            ),
        ]

    def __str__(self):
        return f"Review of {self.assignment}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Outcome(models.TextChoices):
    ENDORSE = "endorse", _("Endorse")
    EMERGING = "emerging", _("Endorse as emerging")
    EXAM = "exam", _("Approve to sit the exam")
    DEFER = "defer", _("Defer: send back to the applicant")
    DENY = "deny", _("Do not endorse")


class Decision(TimestampedModel):
    """The coordinator's decision on a review round, with consensus or the tie-break reason."""

    application = models.ForeignKey(
        "endorsements.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    round = models.PositiveSmallIntegerField(
        verbose_name=_("round"),
    )
    # The status the decision was taken from (in_review, or exam_pending for a closing denial).
    from_status = models.CharField(verbose_name=_("status decided from"), max_length=20)
    outcome = models.CharField(verbose_name=_("outcome"), max_length=12, choices=Outcome.choices)
    consensus = models.BooleanField(
        verbose_name=_("consensus"),
    )
    tie_break_reason = models.TextField(verbose_name=_("tie-break reason"), blank=True)
    feedback = models.TextField(verbose_name=_("feedback"), blank=True)
    reopened_sections = models.JSONField(
        verbose_name=_("reopened sections"), default=list, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Checklist items unmet when deciding (keys and labels) and the coordinator's reason to
    # go ahead regardless.
    unmet_items = models.JSONField(
        verbose_name=_("unmet checklist items"), default=list, blank=True
    )
    unmet_reason = models.TextField(verbose_name=_("reason despite unmet items"), blank=True)
    # A held decision is recorded but not yet in effect: the application keeps its status
    # until the decision is released (with others, as a committee does); then the applicant
    # is told and the certificate made.
    released_at = models.DateTimeField(verbose_name=_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(unmet_items=[]) | ~Q(unmet_reason=""),
                name="review_decision_unmet_has_reason",
            ),
            # A second decider on the same round is refused by the database as well as by the
            # row lock in application_transition.
            models.UniqueConstraint(
                fields=["application", "round", "from_status"], name="review_decision_once"
            ),
            models.CheckConstraint(
                condition=Q(consensus=True) | ~Q(tie_break_reason=""),
                name="review_decision_tie_break_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} round {self.round}: {self.outcome}"


def new_candidate_code() -> str:
    """A random code that stands for the examinee on part 2 (scorers never see the name)."""
    return "C-" + secrets.token_hex(4).upper()


class ExamOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for part 2 scores")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


# The only changes of a sitting's outcome (its status); `exam_sitting_transition` refuses the
# rest. A sitting starts pending (its first history row has no "from").
EXAM_TRANSITIONS: dict[str, frozenset[str]] = {
    ExamOutcome.PENDING: frozenset({ExamOutcome.PASSED, ExamOutcome.FAILED}),
    ExamOutcome.PASSED: frozenset(),
    ExamOutcome.FAILED: frozenset(),
}


class ExamSitting(TimestampedModel):
    """One sitting of the exam (MHS and Mentor categories): part 1 score, part 2 answers."""

    application = models.ForeignKey(
        "endorsements.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="exam_sittings",
    )
    sat_on = models.DateField(
        verbose_name=_("date of the sitting"),
    )
    part1_score = models.DecimalField(
        verbose_name=_("part 1 score"), max_digits=5, decimal_places=2
    )
    # The pass mark in force when the sitting was recorded (from the requirement set).
    part1_pass_mark = models.PositiveSmallIntegerField(
        verbose_name=_("part 1 pass mark"),
    )
    part1_passed = models.BooleanField(
        verbose_name=_("part 1 passed"),
    )
    part2_answers = models.TextField(verbose_name=_("part 2 answers"), blank=True)
    part2_file = models.ForeignKey(
        "applicants.StoredFile",
        verbose_name=_("part 2 answers file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    candidate_code = models.CharField(
        verbose_name=_("candidate code"), max_length=16, unique=True, default=new_candidate_code
    )
    outcome = models.CharField(
        verbose_name=_("outcome"),
        max_length=10,
        choices=ExamOutcome.choices,
        default=ExamOutcome.PENDING,
    )
    retake_on = models.DateField(verbose_name=_("retake possible from"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exam sitting")
        verbose_name_plural = _("exam sittings")
        ordering = ("sat_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ExamOutcome.values), name="review_exam_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(part1_score__gte=0, part1_score__lte=100),
                name="review_exam_part1_percent",
            ),
        ]

    def __str__(self):
        return f"{self.candidate_code} {self.sat_on}"


class ExamSittingEvent(HistoryEntry):
    """History of a sitting: recorded, then passed or not. Staff only (it names no scorer)."""

    sitting = models.ForeignKey(
        ExamSitting, verbose_name=_("sitting"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        verbose_name=_("from status"), max_length=10, choices=ExamOutcome.choices, blank=True
    )
    to_status = models.CharField(
        verbose_name=_("to status"), max_length=10, choices=ExamOutcome.choices
    )

    class Meta(HistoryEntry.Meta):
        verbose_name = _("exam sitting event")
        verbose_name_plural = _("exam sitting events")

    def __str__(self):
        return f"{self.sitting_id}: {self.from_status or '-'} -> {self.to_status}"


class Part2Score(TimestampedModel):
    """One scorer's pass/fail on part 2 of a sitting; `passed` is None until scored."""

    sitting = models.ForeignKey(
        ExamSitting, verbose_name=_("sitting"), on_delete=models.CASCADE, related_name="scores"
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scorer"),
        on_delete=models.PROTECT,
        related_name="exam_scores",
    )
    passed = models.BooleanField(verbose_name=_("passed"), null=True)
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    scored_at = models.DateTimeField(verbose_name=_("scored at"), null=True, blank=True)

    class Meta:
        verbose_name = _("part 2 score")
        verbose_name_plural = _("part 2 scores")
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["sitting", "scorer"], name="review_part2_one_each"),
        ]
        indexes = [
            # Reviewer queue: a scorer's part 2 papers.
            models.Index(fields=["scorer", "scored_at"], name="review_part2_queue_idx"),
        ]

    def __str__(self):
        return f"{self.sitting} by {self.scorer_id}: {self.passed}"


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the due date")
    ESCALATION = "escalation", _("Escalation to coordinators after the due date")


class ReviewReminderLog(models.Model):
    """Each reminder or escalation is claimed here once, so the daily job may run twice."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="reminder_logs",
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind"], name="review_reminder_once"),
        ]

    def __str__(self):
        return f"{self.assignment_id} {self.kind}"

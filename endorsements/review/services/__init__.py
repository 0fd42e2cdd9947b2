"""Writes of the review workflow, one module per concern; import from here."""

from .assignment import (
    AssignmentRefused,
    application_resubmitted_assign_same_reviewers,
    assignment_bulk_create,
    assignment_create,
    resubmissions_waiting,
    review_due_on,
    reviewers_required,
)
from .conflicts import conflict_declare, conflict_withdraw
from .decisions import (
    DecisionRefused,
    application_decide,
    is_consensus,
    outcomes_allowed,
    recommendations_allowed,
)
from .exams import (
    ExamRefused,
    exam_sitting_record,
    exam_sitting_settle,
    part2_score_record,
    retake_date,
)
from .reminders import review_reminders_send
from .reviews import ReviewLocked, review_of, review_save, round_complete

__all__ = [
    "AssignmentRefused",
    "DecisionRefused",
    "ExamRefused",
    "ReviewLocked",
    "application_decide",
    "application_resubmitted_assign_same_reviewers",
    "assignment_bulk_create",
    "assignment_create",
    "conflict_declare",
    "conflict_withdraw",
    "exam_sitting_record",
    "exam_sitting_settle",
    "is_consensus",
    "outcomes_allowed",
    "part2_score_record",
    "recommendations_allowed",
    "resubmissions_waiting",
    "retake_date",
    "review_due_on",
    "review_of",
    "review_reminders_send",
    "review_save",
    "reviewers_required",
    "round_complete",
]

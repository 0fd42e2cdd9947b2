"""Writes of the review workflow, one module per concern; import from here."""

from .assignment import (
    AssignmentRefused,
    application_resubmitted_assign_same_reviewers,
    application_return_incomplete,
    assignment_bulk_create,
    assignment_create,
    resubmissions_waiting,
    review_due_on,
    reviewers_required,
)
from .conflicts import conflict_declare, conflict_withdraw
from .decisions import (
    DecisionRefused,
    UnmetItemsNeedReason,
    application_decide,
    decision_hold_cancel,
    decision_release,
    decisions_release,
    held_decision,
    is_consensus,
    outcomes_allowed,
    recommendations_allowed,
    unmet_items,
)
from .exams import (
    ExamRefused,
    exam_sitting_record,
    exam_sitting_settle,
    exam_sitting_transition,
    part2_score_record,
    retake_date,
    scorers_excluded,
)
from .reassignment import assignment_extend, assignment_remove, assignment_replace
from .reminders import review_reminders_send
from .reviews import ReviewLocked, review_of, review_save, round_complete

__all__ = [
    "AssignmentRefused",
    "DecisionRefused",
    "ExamRefused",
    "ReviewLocked",
    "UnmetItemsNeedReason",
    "application_decide",
    "application_resubmitted_assign_same_reviewers",
    "application_return_incomplete",
    "assignment_bulk_create",
    "assignment_create",
    "assignment_extend",
    "assignment_remove",
    "assignment_replace",
    "conflict_declare",
    "conflict_withdraw",
    "decision_hold_cancel",
    "decision_release",
    "decisions_release",
    "exam_sitting_record",
    "exam_sitting_settle",
    "exam_sitting_transition",
    "held_decision",
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
    "scorers_excluded",
    "unmet_items",
]

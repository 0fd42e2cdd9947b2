"""Views of the review workflow: coordinator pages, reviewer pages, exam scoring."""

from .coordinator import assign, decide, exam_record, inbox, inbox_assign, resubmission_return
from .files import exam_answers_download, file_download
from .reviewer import conflict_delete, conflicts, exam_score, queue, review
from .staff import (
    application_return,
    assignment_extend,
    assignment_remove,
    assignment_replace,
    held_decision_cancel,
    held_decisions,
)

__all__ = [
    "application_return",
    "assign",
    "assignment_extend",
    "assignment_remove",
    "assignment_replace",
    "conflict_delete",
    "conflicts",
    "decide",
    "exam_answers_download",
    "exam_record",
    "exam_score",
    "file_download",
    "held_decision_cancel",
    "held_decisions",
    "inbox",
    "inbox_assign",
    "queue",
    "resubmission_return",
    "review",
]

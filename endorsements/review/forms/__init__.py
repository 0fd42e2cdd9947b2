"""Forms of the review workflow: they validate, the services write. One module per subject."""

from .deciding import DecisionForm, ExamSittingForm, Part2ScoreForm
from .reviewing import (
    AssignForm,
    BulkAssignForm,
    ConflictForm,
    InboxFilterForm,
    ReviewerChoiceField,
    ReviewerMultipleChoiceField,
    ReviewForm,
)
from .staff import (
    AssignmentExtendForm,
    AssignmentRemoveForm,
    AssignmentReplaceForm,
    HeldDecisionsForm,
    ReturnForm,
)

__all__ = [
    "AssignForm",
    "AssignmentExtendForm",
    "AssignmentRemoveForm",
    "AssignmentReplaceForm",
    "BulkAssignForm",
    "ConflictForm",
    "DecisionForm",
    "ExamSittingForm",
    "HeldDecisionsForm",
    "InboxFilterForm",
    "Part2ScoreForm",
    "ReturnForm",
    "ReviewForm",
    "ReviewerChoiceField",
    "ReviewerMultipleChoiceField",
]

"""Reviewers' declared conflicts of interest."""

from accounts.models import User

from ..models import ReviewerConflict


def conflict_declare(
    *, reviewer: User, agency=None, person: User | None = None, note: str = ""
) -> ReviewerConflict:
    """Record a standing conflict with an agency or a person (one of the two).

    Side effects: the ReviewerConflict row. Later assignments of this reviewer flag it.
    """
    return ReviewerConflict.objects.create(
        reviewer=reviewer, agency=agency, person=person, note=note
    )


def conflict_withdraw(*, conflict: ReviewerConflict) -> None:
    """Side effects: the row is deleted; assignments already made keep their logged flags."""
    conflict.delete()

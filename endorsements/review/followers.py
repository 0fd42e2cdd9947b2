"""The workflow's changes the review follows (registered in `ReviewConfig.ready`).

`endorsements` sits below this sub-app and never imports it: a resubmission announces itself
like any change (`core.transitions.announce`), and the review sends it back to its reviewers.
"""

from django.db import transaction

from endorsements.models import ApplicationStatus

from .services import application_resubmitted_assign_same_reviewers


def application_changed(*, instance, from_status: str, to_status: str) -> None:
    """A deferred application submitted again goes back to its reviewers, after commit."""
    if from_status == ApplicationStatus.DEFERRED and to_status == ApplicationStatus.SUBMITTED:
        transaction.on_commit(
            lambda: application_resubmitted_assign_same_reviewers(application=instance, actor=None),
            robust=True,
        )


FOLLOWED = {"endorsements.Application": application_changed}

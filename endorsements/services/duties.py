"""Separation of duties: nobody decides their own case.

One small function so that a wider guard (conflicts declared or detected, the person's
reviewers) can replace it without touching the services that call it.
"""

from django.utils.translation import gettext_lazy as _


class OwnCaseRefused(Exception):
    """The actor is the person the decision is about."""

    def __init__(self):
        super().__init__(_("You cannot decide your own case: ask another coordinator."))


def refuse_own_case(*, actor, person_id: int | None) -> None:
    """Raise OwnCaseRefused when `actor` is the person (`person_id`) the case is about."""
    if actor is not None and person_id is not None and actor.pk == person_id:
        raise OwnCaseRefused()

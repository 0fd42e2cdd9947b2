"""What accounts hands core when it is ready (`core.access.hand_in`): core imports no app, and
the roles and the account are ours."""

from core.access import AUDIT_ALL, AUDIT_CASES, AUDIT_NONE

from .models import Role
from .services import user_language_set


def audit_reach(user) -> str:
    """Registry admins read the whole audit log; coordinators, the applications they handle."""
    if user.has_role(Role.REGISTRY_ADMIN):
        return AUDIT_ALL
    if user.has_role(Role.COORDINATOR):
        return AUDIT_CASES
    return AUDIT_NONE


def role_label(value) -> str:
    """A role group's name ("Reviewers") as the role's label in the reader's language."""
    try:
        return str(Role(value).label)
    except ValueError:
        return str(value)


def language_keep(user, language: str) -> None:
    user_language_set(user=user, language=language)

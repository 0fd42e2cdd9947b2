"""What core needs to know of people, handed in by `accounts` (above core) when it is ready.

Core imports no app. Its one page behind a role is the audit log, its audit trail writes role
names, and its language switch keeps a signed-in person's choice on their account: the roles
and the account are `accounts`', so `AccountsConfig.ready` hands core the three functions
(`hand_in`). Until then (or without accounts) nobody reads the audit log, a role reads as its
code and the choice stays in the cookie.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

# How much of the audit log a person reads.
AUDIT_ALL = "all"  # everything (registry admins)
AUDIT_CASES = "cases"  # events about the applications they handle (coordinators)
AUDIT_NONE = ""

_handed: dict[str, Callable] = {}


def hand_in(
    *,
    audit_reach: Callable[[object], str],
    role_label: Callable[[str], str],
    language_keep: Callable[[object, str], object],
) -> None:
    """`audit_reach(user)`: AUDIT_ALL, AUDIT_CASES or AUDIT_NONE; `role_label(name)`: a role's
    label in the reader's language; `language_keep(user, language)`: store their choice."""
    _handed.update(audit_reach=audit_reach, role_label=role_label, language_keep=language_keep)


def audit_reach(user) -> str:
    reach = _handed.get("audit_reach")
    if reach is None or user is None or not user.is_authenticated:
        return AUDIT_NONE
    return reach(user)


def role_label(value) -> str:
    label = _handed.get("role_label")
    return label(value) if label else str(value)


def language_keep(user, language: str) -> None:
    keep = _handed.get("language_keep")
    if keep is not None:
        keep(user, language)


def audit_reader_required(view):
    """Let in people who may read some of the audit log; others see the 403 page.

    Anonymous visitors are sent to log in first, so a link in an email still works.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if audit_reach(request.user) == AUDIT_NONE:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped

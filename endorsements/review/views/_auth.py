from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(check):
    """Log in first; then the page is only for people passing `check(user)` (403 otherwise:
    these pages exist for every coordinator or reviewer, so their existence is no secret)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = role_required(lambda u: u.is_coordinator)
reviewer_required = role_required(lambda u: u.is_reviewer)

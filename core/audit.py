"""The audit trail: one function to record an event, used by every app.

Services record their own events (inside their transaction, so a rolled-back change leaves no
row and a committed one always has its row). They rarely hold the request, so the request being
served is kept for the duration of each request (`AuditRequestMiddleware`): the row gets the
client's address and browser from it, and events Django raises itself (role changes saved in
the admin) get the person who made them.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db import models

from .clientip import client_ip
from .models import AuditAction, AuditEvent

_current_request: ContextVar = ContextVar("audit_current_request", default=None)


def current_request():
    """The request being served in this thread or task, or None (worker, shell, tests)."""
    return _current_request.get()


def current_user():
    """The signed-in person of the request being served, or None."""
    request = current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class AuditRequestMiddleware:
    """Keep the request at hand for `audit_record` while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def audit_record(
    *,
    action: AuditAction | str,
    actor=None,
    request=None,
    target: models.Model | None = None,
    actor_email: str = "",
    details: dict | None = None,
    application_id: int | None = None,
    subject=None,
) -> AuditEvent:
    """Add one row to the audit trail. Side effects: one INSERT; nothing else.

    `actor` is who acted (None: the system, or the signed-in person of `request` when one is
    passed). The address and browser come from `request`, else from the request being served.
    `application_id` and `subject` (the person whose case it is) let coordinators read the
    trail of the applications they handle.
    """
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    source = request if request is not None else current_request()
    return AuditEvent.objects.create(
        actor=actor,
        actor_email=actor_email or (actor.email if actor is not None else ""),
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        ip_address=client_ip(source),
        # As sent, less the NUL PostgreSQL cannot store (a hostile header must not fail the
        # request that is being audited).
        user_agent=(
            source.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:300]
            if source is not None
            else ""
        ),
        details=details or {},
        application_id=application_id,
        subject=subject,
    )

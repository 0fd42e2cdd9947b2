"""The audit trail: one function to record an event, used by every app."""

from django.db import models

from .models import AuditAction, AuditEvent


def client_ip(request) -> str | None:
    """The client's address as Django sees it (REMOTE_ADDR; the proxy must set it right)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: AuditAction | str,
    actor=None,
    request=None,
    target: models.Model | None = None,
    actor_email: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Add one row to the audit trail. Side effects: one INSERT; nothing else."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_email=actor_email or (actor.email if actor is not None else ""),
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        details=details or {},
    )

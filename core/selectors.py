from django.db.models import QuerySet

from .models import AuditEvent


def audit_events(*, action: str = "", email: str = "") -> QuerySet[AuditEvent]:
    """The audit trail, newest first, optionally for one action and/or one person."""
    qs = AuditEvent.objects.all()
    if action:
        qs = qs.filter(action=action)
    if email:
        qs = qs.filter(actor_email__icontains=email.strip())
    return qs.order_by("-created_at", "-pk")

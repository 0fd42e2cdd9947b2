from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .access import AUDIT_ALL, AUDIT_CASES, audit_reach
from .models import AuditEvent


def audit_events_for(
    *,
    user,
    action: str = "",
    email: str = "",
    application_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail `user` may read, newest first, with the filters applied.

    Registry admins read all of it (`core.access.audit_reach`, handed in by accounts).
    Coordinators read the trail of the applications they
    handle: events about an application, never their own (nor logins, role changes and
    exports, which are the registry admins'). Anyone else reads nothing. `since`/`until` are
    days in the association's time zone, both included.
    """
    reach = audit_reach(user)
    if reach == AUDIT_ALL:
        qs = AuditEvent.objects.all()
    elif reach == AUDIT_CASES:
        qs = AuditEvent.objects.filter(application_id__isnull=False).exclude(subject_id=user.pk)
    else:
        return AuditEvent.objects.none()
    if action:
        qs = qs.filter(action=action)
    if email:
        qs = qs.filter(actor_email__icontains=email.strip())
    if application_id is not None:
        qs = qs.filter(application_id=application_id)
    zone = timezone.get_current_timezone()
    if since is not None:
        qs = qs.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        qs = qs.filter(
            created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    return qs.order_by("-created_at", "-pk")

"""Audit receivers for events Django raises itself (logins, failed logins, role changes).

Signals are used here only because these events happen inside Django (the auth views and the
admin's group editing); domain flow never goes through signals. Who changed a role is the
signed-in person of the request being served (core.audit.current_user): the admin, or the
coordinator using a portal page; None when a command or the shell did it.
"""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from core.audit import audit_record, current_user
from core.models import AuditAction

from .models import User


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    # Staff are logged in only once the second factor passes (accounts.two_factor records
    # LOGIN then); their password alone is a step on the way.
    if user.is_staff_member:
        audit_record(action=AuditAction.FIRST_FACTOR_PASSED, actor=user, request=request)
    else:
        audit_record(action=AuditAction.LOGIN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit_record(
        action=AuditAction.LOGIN_FAILED, request=request, actor=None, actor_email=email.lower()
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_roles")
def _roles_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    kind = AuditAction.ROLE_GRANTED if action == "post_add" else AuditAction.ROLE_REVOKED
    if reverse:  # group.user_set.add(...): instance is the Group
        users = User.objects.filter(pk__in=pk_set)
        names = [instance.name]
    else:
        users = [instance]
        names = list(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    actor = current_user()
    for user in users:
        for name in names:
            audit_record(
                action=kind, actor=actor, target=user, subject=user, details={"role": name}
            )

from django.conf import settings
from django.db import models

from .transitions import HistoryAudience


class TimestampedModel(models.Model):
    """Base for every row we keep: when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class HistoryEntry(models.Model):
    """Base of a state machine's history table (see `core.transitions`): who acted, who may
    read the row, what happened as a code with parameters, and what a person typed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(
        max_length=10, choices=HistoryAudience.choices, default=HistoryAudience.APPLICANT
    )
    code = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True, help_text="What a person typed (a reason), if anything.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ("created_at", "pk")


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker answered the health task, per worker name.

    Staff see it on the admin index so that a stopped worker (no certificates, no reminders)
    is noticed in hours, not weeks.
    """

    name = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M}"


class AuditAction(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logged out"
    LOCKED_OUT = "locked_out", "Locked out after failed logins"
    PASSWORD_CHANGED = "password_changed", "Changed password"
    ROLE_GRANTED = "role_granted", "Role granted"
    ROLE_REVOKED = "role_revoked", "Role removed"
    TWO_FACTOR_ENABLED = "otp_enabled", "Turned on two-factor authentication"
    TWO_FACTOR_FAILED = "otp_failed", "Wrong two-factor code"
    RECOVERY_CODE_USED = "recovery_code_used", "Used a recovery code"
    FILE_DOWNLOADED = "file_downloaded", "Downloaded a file"
    DECISION_RECORDED = "decision_recorded", "Recorded a decision"
    EXPORT_DOWNLOADED = "export_downloaded", "Downloaded an export"
    ADMIN_CHANGE = "admin_change", "Changed data in the admin"
    DECISION_HELD = "decision_held", "Held a decision for release"
    DECISION_RELEASED = "decision_released", "Released a held decision"
    APPLICATION_RETURNED = "application_returned", "Returned an application as incomplete"
    ASSIGNMENT_REPLACED = "assignment_replaced", "Replaced a reviewer"
    ASSIGNMENT_REMOVED = "assignment_removed", "Removed a reviewer"
    ASSIGNMENT_EXTENDED = "assignment_extended", "Extended a review's due date"
    CREDENTIAL_SUSPENDED = "credential_suspended", "Suspended an endorsement"
    CREDENTIAL_UNSUSPENDED = "credential_unsuspended", "Lifted a suspension"
    CREDENTIAL_REVOKED = "credential_revoked", "Revoked an endorsement"
    CREDENTIAL_REINSTATED = "credential_reinstated", "Reinstated an endorsement"
    REQUEST_DECLINED = "request_declined", "Declined a holder's request"
    EMERGING_COMPLETED = "emerging_completed", "Completed an emerging endorsement"
    RENEWAL_LAPSED = "renewal_lapsed", "Closed an undecided renewal as lapsed"


class AuditEvent(models.Model):
    """Who did what, when and from where (UTC). Rows are only ever added, never changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the trail survives the account's deletion and names failed logins.
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="core_audit_action_valid"
            )
        ]
        indexes = [
            # The audit page filters by action and by person, newest first.
            models.Index(fields=["action", "-created_at"], name="core_audit_action_idx"),
            models.Index(fields=["actor", "-created_at"], name="core_audit_actor_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email or '-'} {self.action}"

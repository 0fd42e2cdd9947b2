from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    note = models.TextField(blank=True, help_text=_("What a person typed (a reason), if anything."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=HistoryAudience.values),
                name="%(app_label)s_%(class)s_audience_valid",
            ),
        ]


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
    """What an audit row records. Codes are stored; the labels are what the audit page shows.

    Owned here; other workstreams add the values for their own events.
    """

    # Accounts and sign-in.
    LOGIN = "login", _("Logged in")
    FIRST_FACTOR_PASSED = "password_accepted", _("Password accepted, second factor next")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    LOCKED_OUT = "locked_out", _("Locked out after failed logins")
    PASSWORD_CHANGED = "password_changed", _("Changed password")
    NAME_CHANGED = "name_changed", _("Corrected the account name")
    SIGNUP_EXISTING = "signup_existing", _("Sign-up tried with an address that has an account")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role removed")
    TWO_FACTOR_ENABLED = "otp_enabled", _("Turned on two-factor authentication")
    TWO_FACTOR_FAILED = "otp_failed", _("Wrong two-factor code")
    RECOVERY_CODE_USED = "recovery_code_used", _("Used a recovery code")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("Made new recovery codes")
    # Staff work on applications.
    FILE_DOWNLOADED = "file_downloaded", _("Downloaded a file")
    APPLICATION_RETURNED = "application_returned", _("Returned an application as incomplete")
    ASSIGNMENT_CREATED = "assignment_created", _("Assigned a reviewer")
    ASSIGNMENT_REPLACED = "assignment_replaced", _("Replaced a reviewer")
    ASSIGNMENT_REMOVED = "assignment_removed", _("Removed a reviewer")
    ASSIGNMENT_EXTENDED = "assignment_extended", _("Extended a review's due date")
    REVIEW_SUBMITTED = "review_submitted", _("Submitted a review")
    DECISION_RECORDED = "decision_recorded", _("Recorded a decision")
    DECISION_HELD = "decision_held", _("Held a decision for release")
    DECISION_RELEASED = "decision_released", _("Released a held decision")
    EXAM_SITTING_RECORDED = "exam_sitting_recorded", _("Recorded an exam sitting")
    EXAM_SCORE_RECORDED = "exam_score_recorded", _("Scored an exam paper")
    RATER_VETTED = "rater_vetted", _("Vetted a reference rater")
    PROVIDER_VETTED = "provider_vetted", _("Vetted an RSC provider")
    # Staff work on credentials and holders' requests.
    CREDENTIAL_SUSPENDED = "credential_suspended", _("Suspended an endorsement")
    CREDENTIAL_UNSUSPENDED = "credential_unsuspended", _("Lifted a suspension")
    CREDENTIAL_REVOKED = "credential_revoked", _("Revoked an endorsement")
    CREDENTIAL_REINSTATED = "credential_reinstated", _("Reinstated an endorsement")
    REQUEST_DECLINED = "request_declined", _("Declined a holder's request")
    EMERGING_COMPLETED = "emerging_completed", _("Completed an emerging endorsement")
    RENEWAL_LAPSED = "renewal_lapsed", _("Closed an undecided renewal as lapsed")
    # Verification by the public, organisations and machines (organisations app, issue 17).
    VERIFICATION_LOOKUP = "verification_lookup", _("Looked up an endorsement by number")
    ORGANISATION_REGISTERED = "organisation_registered", _("Registered an organisation")
    ORGANISATION_DECIDED = "organisation_decided", _("Decided on an organisation")
    ROSTER_CHECKED = "roster_checked", _("Checked a staff roster")
    WATCH_CHANGED = "watch_changed", _("Started or stopped watching an endorsement")
    API_KEY_CREATED = "api_key_created", _("Created an API key")
    API_KEY_REVOKED = "api_key_revoked", _("Revoked an API key")
    API_CALL = "api_call", _("Called the verification API")
    RECIPROCITY_RECORDED = "reciprocity_recorded", _("Recorded another association's endorsement")
    # The training catalog (trainings app, issue 18).
    TRAINING_SUBMITTED = "training_submitted", _("Submitted a training for the catalog")
    TRAINING_DECIDED = "training_decided", _("Decided on a catalog training")
    ATTENDANCE_CONFIRMED = "attendance_confirmed", _("Confirmed a training's attendance roster")
    # Money (fees app, issue 19).
    PAYMENT_RECORDED = "payment_recorded", _("Recorded a payment")
    GROUP_PAYMENT_RECORDED = "group_payment_recorded", _("Recorded a group payment")
    WAIVER_RECORDED = "waiver_recorded", _("Waived a fee")
    REFUND_RECORDED = "refund_recorded", _("Recorded a refund")
    INVOICE_CANCELLED = "invoice_cancelled", _("Cancelled an invoice")
    # Membership records (memberships app, issue 19).
    MEMBERSHIP_RECORDED = "membership_recorded", _("Recorded a membership")
    MEMBERSHIP_CHANGED = "membership_changed", _("Corrected a membership record")
    MEMBERSHIP_CLAIM_DECIDED = "membership_claim_decided", _("Decided on a membership claim")
    MEMBER_LIST_IMPORTED = "member_list_imported", _("Imported the association's member list")
    # Data leaving the portal, and the admin.
    EXPORT_DOWNLOADED = "export_downloaded", _("Downloaded an export")
    ADMIN_CHANGE = "admin_change", _("Changed data in the admin")


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
    # Whose case the event belongs to, so coordinators can read the trail of the applications
    # they handle: the application (a plain id: core knows no workflow models) and the person.
    application_id = models.BigIntegerField(null=True, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
            # Coordinators' view: the trail of applications, newest first.
            models.Index(
                fields=["application_id", "-created_at"],
                condition=models.Q(application_id__isnull=False),
                name="core_audit_application_idx",
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email or '-'} {self.action}"

"""Certificates, renewals and reminders around the credential (`endorsements.Endorsement`).

The renewal *cycle* is not stored: it follows from the endorsement's `valid_through` (the cycle's
deadline) and the renewal policy in force on that date, so an edited policy applies at once.
What is stored is what people did in a cycle (`RenewalSubmission`), which reminders went out
(`ReminderLog`) and the progress of bulk certificate regeneration (`CertificateBatch`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import HistoryEntry, TimestampedModel


class CertificateBatch(TimestampedModel):
    """One bulk regeneration of certificates (after a design or name change), with progress.

    The worker's chunk tasks add to `done` and `failed` with F() expressions, so several chunks
    running at once never lose a count.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=200, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at",)
        verbose_name_plural = _("certificate batches")

    def __str__(self):
        return f"Certificate batch #{self.pk}: {self.done + self.failed} of {self.total}"

    @property
    def finished(self) -> bool:
        return self.done + self.failed >= self.total

    @property
    def percent(self) -> int:
        if not self.total:
            return 100
        return min(100, (self.done + self.failed) * 100 // self.total)


class CertificateRendition(models.Model):
    """An endorsement's certificate in a language other than the portal's default (whose PDF is
    `Endorsement.certificate_file`): rendered by the worker the first time someone asks for it
    in that language, and again when asked after the endorsement changed. Current when
    `rendered_at` (the render's start) is on or after the endorsement's `updated_at`."""

    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="certificate_renditions"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.CharField(max_length=255, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            # One file per endorsement and language: the render claims this row.
            models.UniqueConstraint(
                fields=["endorsement", "language"], name="credentials_rendition_once"
            ),
        ]

    def __str__(self):
        return f"certificate of {self.endorsement_id} in {self.language}"


class CertificateBatchItem(models.Model):
    """One certificate of a batch, claimed once: its outcome is set by a conditional UPDATE in
    the transaction that renders it and counts it on the batch, so a chunk redelivered after
    its worker was killed renders what was left and never counts a certificate twice."""

    class Outcome(models.TextChoices):
        WAITING = "", _("Waiting")
        DONE = "done", _("Rendered")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(CertificateBatch, on_delete=models.CASCADE, related_name="items")
    endorsement_id = models.BigIntegerField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "endorsement_id"], name="credentials_batch_item_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "done", "failed"]),
                name="credentials_batch_item_outcome_valid",
            ),
        ]

    def __str__(self):
        return f"batch {self.batch_id}: endorsement {self.endorsement_id} {self.outcome or '-'}"


class RenewalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a coordinator")
    AUDIT = "audit", _("Selected for audit: evidence needed")
    AUDIT_SUBMITTED = "audit_submitted", _("Audit evidence sent: waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Not approved")
    LAPSED = "lapsed", _("Closed: the endorsement lapsed")


R = RenewalStatus
# The only changes of a renewal's status; `renewal_transition` refuses anything else. A
# renewal starts submitted (its first history row has no "from").
RENEWAL_TRANSITIONS: dict[str, frozenset[str]] = {
    R.SUBMITTED: frozenset({R.AUDIT, R.APPROVED, R.DECLINED, R.LAPSED}),
    R.AUDIT: frozenset({R.AUDIT_SUBMITTED, R.DECLINED, R.LAPSED}),
    R.AUDIT_SUBMITTED: frozenset({R.APPROVED, R.DECLINED, R.LAPSED}),
    R.APPROVED: frozenset(),
    R.DECLINED: frozenset(),
    R.LAPSED: frozenset(),
}
PENDING_RENEWAL = frozenset(
    {RenewalStatus.SUBMITTED, RenewalStatus.AUDIT, RenewalStatus.AUDIT_SUBMITTED}
)
# Holding the cycle: waiting or approved. Another renewal for the same cycle is refused.
LIVE_RENEWAL = PENDING_RENEWAL | {RenewalStatus.APPROVED}
# The coordinator's queue: what waits for a decision.
COORDINATOR_QUEUE = frozenset({RenewalStatus.SUBMITTED, RenewalStatus.AUDIT_SUBMITTED})


class RenewalSubmission(TimestampedModel):
    """A holder's renewal of one endorsement for the cycle ending on `cycle_end`."""

    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="renewals"
    )
    cycle_start = models.DateField()
    cycle_end = models.DateField(help_text=_("The deadline the renewal is for."))
    status = models.CharField(max_length=16, choices=RenewalStatus.choices)
    ethics_attested = models.BooleanField(default=False)
    no_sanctions_attested = models.BooleanField(default=False)
    membership_attested = models.BooleanField(default=False)
    # The holder said they provide RSC to others: the hours on providing RSC then apply.
    provides_rsc = models.BooleanField(default=False)
    # Renewal by attestation (policy): the holder attests to the cycle's hours.
    hours_attested = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text=_("What the holder told the coordinator."))
    # The checklist as it stood at submission (plain JSON: key, label, met, explanation, code,
    # params).
    checklist = models.JSONField(default=list, blank=True)
    evidence_met = models.BooleanField(default=False)
    submitted_at = models.DateTimeField()
    # Audit: evidence uploaded by the holder (checked like every other upload).
    evidence_file = models.ForeignKey(
        "applicants.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence_note = models.TextField(blank=True)
    # Audit: the random draw (0 to 100; selected when below the policy's share) and the last
    # day for the evidence, fixed when selected.
    audit_draw = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    audit_due_on = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    auto_approved = models.BooleanField(default=False)
    new_valid_through = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RenewalStatus.values),
                name="credentials_renewal_status_valid",
            ),
            # One renewal waiting or approved per endorsement and cycle: so never two approved
            # (each would add a cycle). A declined one may be tried again.
            models.UniqueConstraint(
                fields=["endorsement", "cycle_end"],
                condition=Q(status__in=sorted(LIVE_RENEWAL)),
                name="credentials_one_renewal_per_cycle",
            ),
            models.CheckConstraint(
                condition=~Q(status=RenewalStatus.AUDIT) | Q(audit_due_on__isnull=False),
                name="credentials_renewal_audit_has_due_date",
            ),
        ]
        indexes = [
            # Coordinators' queue: waiting renewals, oldest first.
            models.Index(fields=["status", "submitted_at"], name="credentials_renewal_queue_idx"),
        ]

    def __str__(self):
        return (
            f"Renewal of {self.endorsement_id} for {self.cycle_end} ({self.get_status_display()})"
        )

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_RENEWAL


class RenewalEvent(HistoryEntry):
    """History of a renewal: one row per change of status."""

    renewal = models.ForeignKey(RenewalSubmission, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=RenewalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RenewalStatus.choices)

    class Meta(HistoryEntry.Meta):
        indexes = [
            # Timeline of one renewal.
            models.Index(fields=["renewal", "created_at"], name="credentials_renewal_event_idx"),
        ]

    def __str__(self):
        return f"{self.renewal_id}: {self.from_status or '-'} -> {self.to_status}"


class RequestKind(models.TextChoices):
    COMPLETION = "completion", _("Complete an emerging endorsement")
    REINSTATEMENT = "reinstatement", _("Reinstate a lapsed endorsement")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


RQ = RequestStatus
# The only changes of a holder's request; `credential_request_transition` refuses the rest.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RQ.REQUESTED: frozenset({RQ.APPROVED, RQ.DECLINED}),
    RQ.APPROVED: frozenset(),
    RQ.DECLINED: frozenset(),
}


class CredentialRequest(TimestampedModel):
    """A holder asks a coordinator to change their credential: complete an emerging one once
    its checklist is met, or reinstate a lapsed one within the policy's window.

    What was owed when asking is kept as it stood (`checklist`, the stated fee and the number
    of new references), so the coordinator decides on what the holder saw.
    """

    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="requests"
    )
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    # The checklist when asked (plain JSON: key, label, met, explanation).
    checklist = models.JSONField(default=list, blank=True)
    fee_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    references_required = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True, help_text=_("What the holder told the coordinator."))
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="credentials_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="credentials_request_status_valid",
            ),
            # One request waiting per credential.
            models.UniqueConstraint(
                fields=["endorsement"],
                condition=Q(status=RequestStatus.REQUESTED),
                name="credentials_one_open_request",
            ),
        ]
        indexes = [
            # Coordinators' queue: waiting requests, oldest first.
            models.Index(fields=["status", "created_at"], name="credentials_request_queue_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.endorsement_id} ({self.get_status_display()})"


class CredentialRequestEvent(HistoryEntry):
    """History of a holder's request: one row per change of status."""

    request = models.ForeignKey(CredentialRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=RequestStatus.choices)

    def __str__(self):
        return f"{self.request_id}: {self.from_status or '-'} -> {self.to_status}"


class ReminderKind(models.TextChoices):
    RENEWAL = "renewal", _("Renewal reminder")
    LAPSED = "lapsed", _("Lapse notice")


class ReminderLog(models.Model):
    """A reminder claimed for one endorsement, kind, offset and cycle: sent at most once.

    The daily job inserts these with ON CONFLICT DO NOTHING under a fresh `claim` token and sends
    only the rows carrying its own token, so the job may run twice or in two beat processes at
    once and each reminder still goes out once.
    """

    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    offset_days = models.PositiveSmallIntegerField(help_text=_("Days before the deadline."))
    cycle_end = models.DateField()
    claim = models.CharField(max_length=32)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "kind", "offset_days", "cycle_end"],
                name="credentials_reminder_once",
            ),
        ]
        indexes = [
            # The job reads back the rows it just claimed.
            models.Index(fields=["claim"], name="credentials_reminder_claim_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.offset_days} d for {self.endorsement_id}"

"""Reports keep no data of their own except large exports built on the worker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class ReportExport(TimestampedModel):
    """An XLSX file built on the worker because it is too large to build during a request.

    The owner watches its progress on a page that refreshes itself, and gets an email with a
    link when it is ready; the file lives in the private storage and is served only to them.
    """

    class Kind(models.TextChoices):
        ENDORSED_BY_REGION = "endorsed_by_region", _("Endorsed staff by region")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_exports"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # The report's filters, exactly as the query string gave them (as_of, category, ...).
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    percent = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "done", "failed"]),
                name="reports_export_status_valid",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="reports_export_percent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.owner_id} ({self.get_status_display()})"

    @property
    def as_of(self):
        """The day the export counts on, as a date (None when the params lack it)."""
        from datetime import date

        try:
            return date.fromisoformat(self.params.get("as_of", ""))
        except (TypeError, ValueError):
            return None

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)


class CoordinatorDigestLog(models.Model):
    """A coordinator's daily digest, claimed once per person and day so that the job may run
    twice (or in two workers) and each coordinator still gets one email a day."""

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coordinator", "day"], name="reports_digest_once"),
        ]

    def __str__(self):
        return f"Digest for {self.coordinator_id} on {self.day}"

"""Uploaded files, stored privately under random names."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel


class StoredFile(TimestampedModel):
    """An uploaded file in the private storage under a random name.

    The original name is display metadata only. `retained` is set by whoever needs the file to
    outlive its evidence row (a submitted application's snapshot): deleting the evidence then
    leaves the file in place.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        PNG = "png", _("PNG image")
        JPEG = "jpeg", _("JPEG image")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_files"
    )
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    retained = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["pdf", "png", "jpeg"]), name="applicants_storedfile_kind"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="applicants_storedfile_not_empty"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def content_type(self) -> str:
        return {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}[self.kind]

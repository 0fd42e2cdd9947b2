"""The applicant's signature of the Code of Ethics and Endorsement Agreement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel

# The version of the Code of Ethics and Endorsement Agreement people sign now. Settings may
# override it (ETHICS_DOCUMENT_VERSION) when the association publishes a new text.
DEFAULT_ETHICS_DOCUMENT_VERSION = "2026-01"


def ethics_document_version() -> str:
    return getattr(settings, "ETHICS_DOCUMENT_VERSION", DEFAULT_ETHICS_DOCUMENT_VERSION)


class EthicsAttestation(TimestampedModel):
    """A typed-name signature of one version of the Code of Ethics, for one application."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ethics_attestations",
        verbose_name=_("user"),
    )
    application = models.ForeignKey(
        "endorsements.Application",
        on_delete=models.CASCADE,
        related_name="ethics_attestations",
        verbose_name=_("application"),
    )
    version = models.CharField(max_length=20, verbose_name=_("version"))
    typed_name = models.CharField(max_length=300, verbose_name=_("typed name"))
    attested_at = models.DateTimeField(verbose_name=_("attested at"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("Code of Ethics signature")
        verbose_name_plural = _("Code of Ethics signatures")
        ordering = ("-attested_at", "-pk")
        constraints = [
            # Signing the same version again for the same application changes nothing.
            models.UniqueConstraint(
                fields=["application", "version"], name="endorsements_ethics_once_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.typed_name} signed {self.version} for application {self.application_id}"

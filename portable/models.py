"""Status list places of our credentials, and endorsements recognised from other associations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel

# Bitstring Status List v1.0 §6.1 (privacy): a list SHOULD hold at least 131,072 entries
# (16 KB), so one credential's bit hides among many.
STATUS_LIST_SIZE = 131_072


class StatusListEntry(models.Model):
    """One endorsement's place (`list_number`, `index`) in our status lists, given once.

    The same place is used in the revocation list and the suspension list. The index is drawn
    at random (Bitstring Status List v1.0 §6.3, "allocate indexes randomly"), so neighbouring
    bits say nothing about when credentials were issued.
    """

    endorsement = models.OneToOneField(
        "endorsements.Endorsement", on_delete=models.CASCADE, related_name="status_list_entry"
    )
    list_number = models.PositiveIntegerField(_("list number"))
    index = models.PositiveIntegerField(_("index"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status list entry")
        verbose_name_plural = _("status list entries")
        constraints = [
            models.UniqueConstraint(fields=["list_number", "index"], name="portable_entry_once"),
            models.CheckConstraint(
                condition=Q(index__lt=STATUS_LIST_SIZE), name="portable_entry_index_in_list"
            ),
        ]
        # The unique constraint's index also serves building one list (by list_number).

    def __str__(self):
        return f"list {self.list_number} index {self.index}: endorsement {self.endorsement_id}"


class TrustedIssuer(TimestampedModel):
    """Another association whose Open Badges credentials we accept, with its public keys as
    registered by a registry admin (copied from its published JWK Set: never fetched while
    verifying)."""

    name = models.CharField(_("association"), max_length=200)
    issuer_id = models.URLField(
        _("issuer id"),
        max_length=500,
        unique=True,
        help_text=_('The issuer id its credentials carry (their "iss"), e.g. https://…'),
    )
    jwks = models.JSONField(
        _("public keys (JWK Set)"),
        help_text=_("Its published JWK Set: public keys only, each with its kid."),
    )
    active = models.BooleanField(_("trusted"), default=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("trusted issuer")
        verbose_name_plural = _("trusted issuers")

    def __str__(self):
        return self.name


class ReciprocalEndorsement(TimestampedModel):
    """An endorsement from another association, recorded by a coordinator for a person here.

    Either evidence is attached (a checked upload) or an Open Badges credential verified
    against a trusted issuer's registered key; `method` says which. It is held here labelled
    with its origin and never counts as this association's endorsement (reports read
    `endorsements.Endorsement` only).
    """

    class Method(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence checked by a coordinator")
        CREDENTIAL = "credential", _("Open Badges credential verified")

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reciprocal_endorsements",
        verbose_name=_("holder"),
    )
    issuing_association = models.CharField(_("issuing association"), max_length=200)
    number = models.CharField(_("endorsement number"), max_length=100)
    category = models.CharField(_("category"), max_length=200)
    valid_through = models.DateField(_("valid through"))
    method = models.CharField(_("how it was checked"), max_length=12, choices=Method.choices)
    evidence_file = models.ForeignKey(
        "applicants.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evidence"),
    )
    trusted_issuer = models.ForeignKey(
        TrustedIssuer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognised",
        verbose_name=_("trusted issuer"),
    )
    # The credential as uploaded (a compact JWS), kept so it can be checked again later.
    credential = models.TextField(_("credential"), blank=True)
    key_id = models.CharField(_("key id"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("endorsement from another association")
        verbose_name_plural = _("endorsements from other associations")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=["evidence", "credential"]),
                name="portable_reciprocal_method_valid",
            ),
            # Each way of checking keeps what it was checked against.
            models.CheckConstraint(
                condition=(
                    Q(method="evidence", evidence_file__isnull=False)
                    | Q(method="credential", trusted_issuer__isnull=False) & ~Q(credential="")
                ),
                name="portable_reciprocal_has_its_proof",
            ),
            # The same number of the same association is recorded once.
            models.UniqueConstraint(
                fields=["issuing_association", "number"], name="portable_reciprocal_once"
            ),
        ]
        indexes = [
            # A holder's own list on "My endorsements".
            models.Index(fields=["holder", "valid_through"], name="portable_reciprocal_holder"),
        ]

    def __str__(self):
        return f"{self.issuing_association} {self.number} ({self.holder_id})"

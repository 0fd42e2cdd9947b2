import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from jwcrypto import jwk

from .models import ReciprocalEndorsement, StatusListEntry, TrustedIssuer


class TrustedIssuerForm(forms.ModelForm):
    class Meta:
        model = TrustedIssuer
        fields = ("name", "issuer_id", "jwks", "active")

    def clean_jwks(self):
        value = self.cleaned_data["jwks"]
        try:
            keyset = jwk.JWKSet.from_json(json.dumps(value))
        except (ValueError, TypeError, KeyError) as error:
            raise forms.ValidationError(
                _('Paste the association\'s JWK Set, like {"keys": [...]}.')
            ) from error
        if not keyset["keys"]:
            raise forms.ValidationError(_("The JWK Set has no key."))
        if any(key.has_private for key in keyset["keys"]):
            raise forms.ValidationError(
                _("This contains a private key: ask the association for its public keys only.")
            )
        return value


@admin.register(TrustedIssuer)
class TrustedIssuerAdmin(admin.ModelAdmin):
    form = TrustedIssuerForm
    list_display = ("name", "issuer_id", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("name", "issuer_id")


@admin.register(ReciprocalEndorsement)
class ReciprocalEndorsementAdmin(admin.ModelAdmin):
    list_display = (
        "holder",
        "issuing_association",
        "number",
        "category",
        "valid_through",
        "method",
    )
    list_filter = ("method",)
    search_fields = ("number", "holder__email", "issuing_association")
    raw_id_fields = ("holder", "evidence_file", "recorded_by")
    readonly_fields = ("credential", "key_id", "trusted_issuer", "method", "created_at")


@admin.register(StatusListEntry)
class StatusListEntryAdmin(admin.ModelAdmin):
    list_display = ("endorsement", "list_number", "index", "created_at")
    raw_id_fields = ("endorsement",)
    search_fields = ("endorsement__number",)

    # A place in the lists is given once and never moved: published credentials point at it.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

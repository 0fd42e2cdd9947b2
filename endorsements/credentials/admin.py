"""Admin: certificate batches with progress, renewals, reminder log, and certificate actions
on Endorsement (added to its admin when the endorsements app registered one)."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from endorsements.models import Endorsement

from .models import CertificateBatch, CredentialRequest, ReminderLog, RenewalSubmission
from .services.certificates import certificate_batch_start


@admin.action(description=_("Regenerate certificates (on the worker, in chunks)"))
def regenerate_certificates(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True))
    batch = certificate_batch_start(
        endorsement_ids=ids,
        requested_by=request.user,
        description=f"{len(ids)} selected in the admin",
    )
    modeladmin.message_user(
        request,
        ngettext(
            "Regenerating %(count)d certificate: follow batch #%(batch)s under Certificate "
            "batches.",
            "Regenerating %(count)d certificates: follow batch #%(batch)s under Certificate "
            "batches.",
            batch.total,
        )
        % {"count": batch.total, "batch": batch.pk},
        messages.SUCCESS,
    )


@admin.display(description=_("certificate"))
def certificate_state(obj: Endorsement) -> str:
    if obj.certificate_error:
        return format_html(
            '<span title="{}">{}</span>', obj.certificate_error, pgettext("certificate", "failed")
        )
    if not obj.certificate_rendered_at:
        return gettext("being prepared")
    if obj.certificate_rendered_at < obj.updated_at:
        return gettext("out of date (queued)")
    return pgettext("certificate", "current")


class EndorsementCertificateAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "printed_name",
        "category",
        "status",
        "valid_through",
        certificate_state,
    )
    list_filter = ("status", "category")
    search_fields = ("number", "printed_name", "holder__email", "verification_code")
    list_select_related = ("category",)
    readonly_fields = (
        "number",
        "status",
        "valid_through",
        "verification_code",
        "certificate_file",
        "certificate_rendered_at",
        "certificate_error",
    )
    raw_id_fields = ("holder", "application")
    actions = [regenerate_certificates]


if admin.site.is_registered(Endorsement):
    # The endorsements app owns the Endorsement admin: add our action and column to it.
    existing = admin.site._registry[Endorsement]
    existing.actions = [*(existing.actions or []), regenerate_certificates]
    if certificate_state not in existing.list_display:
        existing.list_display = (*existing.list_display, certificate_state)
else:
    admin.site.register(Endorsement, EndorsementCertificateAdmin)


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin):
    list_display = ("pk", "description", "created_at", "total", "done", "failed", "progress")
    readonly_fields = ("requested_by", "description", "total", "done", "failed", "progress")

    @admin.display(description=_("progress"))
    def progress(self, obj):
        state = pgettext("batch", "finished") if obj.finished else pgettext("batch", "running")
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}% ({})',
            obj.percent,
            gettext("Progress"),
            obj.percent,
            obj.percent,
            state,
        )

    def has_add_permission(self, request):
        return False


@admin.register(RenewalSubmission)
class RenewalSubmissionAdmin(admin.ModelAdmin):
    list_display = ("endorsement", "cycle_end", "status", "submitted_at", "auto_approved")
    list_filter = ("status", "auto_approved")
    search_fields = ("endorsement__number", "endorsement__printed_name")
    list_select_related = ("endorsement",)
    raw_id_fields = ("endorsement", "evidence_file", "decided_by")
    # The status changes only through renewal_transition (the coordinator's pages), with its
    # history row: never typed in here.
    readonly_fields = ("checklist", "status", "audit_draw", "audit_due_on")


@admin.register(CredentialRequest)
class CredentialRequestAdmin(admin.ModelAdmin):
    """Holders' requests, to look at: they are decided on the coordinator's pages."""

    list_display = ("endorsement", "kind", "status", "created_at", "decided_at")
    list_filter = ("kind", "status")
    search_fields = ("endorsement__number", "endorsement__printed_name")
    list_select_related = ("endorsement",)
    readonly_fields = (
        "endorsement",
        "kind",
        "status",
        "checklist",
        "fee_amount",
        "references_required",
        "note",
        "decided_at",
        "decided_by",
        "decision_reason",
    )

    def has_add_permission(self, request):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("endorsement", "kind", "offset_days", "cycle_end", "claimed_at", "sent_at")
    list_filter = ("kind", "offset_days")
    raw_id_fields = ("endorsement",)

"""Admin for applications (read-mostly: status changes only through the workflow), references,
rating items and Code of Ethics signatures."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Application, ApplicationEvent, EthicsAttestation, RatingItem, ReferenceRequest
from .services import references as reference_services


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "from_status",
        "to_status",
        "actor",
        "audience",
        "code",
        "params",
        "note",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReferenceInline(admin.TabularInline):
    model = ReferenceRequest
    extra = 0
    fields = (
        "rater_name",
        "rater_email",
        "relationship",
        "rater_endorsed",
        "vetted",
        "completed_at",
    )
    readonly_fields = (
        "rater_name",
        "rater_email",
        "relationship",
        "rater_endorsed",
        "completed_at",
    )
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category", "status", "submitted_at", "created_at")
    list_filter = ("status", "category")
    search_fields = ("applicant__email", "applicant__family_name")
    list_select_related = ("applicant", "category")
    # The status changes only through the transition service (history, emails).
    readonly_fields = (
        "applicant",
        "category",
        "status",
        "requirement_set",
        "submitted_at",
        "decided_at",
        "snapshot",
        "previous_snapshot",
    )
    inlines = [ReferenceInline, ApplicationEventInline]


class ReferenceVetForm(forms.ModelForm):
    class Meta:
        model = ReferenceRequest
        fields = ("vetted", "vetted_note")

    def clean(self):
        data = super().clean()
        if data.get("vetted") and not (data.get("vetted_note") or "").strip():
            self.add_error("vetted_note", _("Say why this rater counts as endorsed."))
        return data


@admin.register(ReferenceRequest)
class ReferenceRequestAdmin(admin.ModelAdmin):
    form = ReferenceVetForm
    list_display = (
        "rater_name",
        "rater_email",
        "application",
        "rater_endorsed",
        "verified",
        "vetted",
    )
    list_filter = ("vetted", "rater_endorsed", "relationship")
    search_fields = ("rater_name", "rater_email", "application__applicant__email")
    list_select_related = ("application__applicant", "application__category", "rater_endorsement")
    # Coordinators vet a rater here (a claimed endorsement that could not be verified, e.g. one
    # from another association), with the reason; everything the rater and applicant said stays
    # as written.
    fields = (
        "application",
        "rater_name",
        "rater_email",
        "relationship",
        "rater_endorsed",
        "rater_endorsement_number",
        "rater_endorsement",
        "vetted",
        "vetted_note",
        "vetted_by",
        "vetted_at",
        "sent_at",
        "opened_at",
        "completed_at",
        "expires_at",
        "applicant_waived_access",
        "answers",
        "comments",
        "not_enough_info_count",
    )
    readonly_fields = tuple(f for f in fields if f not in ("vetted", "vetted_note"))

    @admin.display(boolean=True, description=_("claim verified"))
    def verified(self, obj):
        return obj.endorsement_verified

    def save_model(self, request, obj, form, change):
        # Vetting goes through the service: who, when, the reason, and the audit trail.
        if change and {"vetted", "vetted_note"} & set(form.changed_data):
            try:
                reference_services.reference_vet(
                    reference=obj, actor=request.user, note=obj.vetted_note, vetted=obj.vetted
                )
            except reference_services.ReferenceNotAllowed as refused:
                self.message_user(request, str(refused), messages.ERROR)
            return
        super().save_model(request, obj, form, change)


@admin.register(RatingItem)
class RatingItemAdmin(TranslationAdmin):
    list_display = ("text", "domain", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("domain", "active")


@admin.register(EthicsAttestation)
class EthicsAttestationAdmin(admin.ModelAdmin):
    list_display = ("typed_name", "version", "application", "attested_at")
    list_filter = ("version",)
    search_fields = ("typed_name", "user__email")
    readonly_fields = ("user", "application", "version", "typed_name", "attested_at", "ip")

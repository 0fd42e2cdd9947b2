"""Admin for applications (read-mostly: status changes only through the workflow), references,
rating items and Code of Ethics signatures."""

from django.contrib import admin

from .models import Application, ApplicationEvent, EthicsAttestation, RatingItem, ReferenceRequest


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "from_status", "to_status", "actor", "audience", "note", "details")
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


@admin.register(ReferenceRequest)
class ReferenceRequestAdmin(admin.ModelAdmin):
    list_display = ("rater_name", "rater_email", "application", "rater_endorsed", "vetted")
    list_filter = ("vetted", "rater_endorsed", "relationship")
    search_fields = ("rater_name", "rater_email", "application__applicant__email")
    list_select_related = ("application__applicant", "application__category")
    # Coordinators vet a rater here; everything the rater and applicant said stays as written.
    fields = (
        "application",
        "rater_name",
        "rater_email",
        "relationship",
        "rater_endorsed",
        "rater_endorsement_number",
        "vetted",
        "vetted_note",
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


@admin.register(RatingItem)
class RatingItemAdmin(admin.ModelAdmin):
    list_display = ("text", "domain", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("domain", "active")


@admin.register(EthicsAttestation)
class EthicsAttestationAdmin(admin.ModelAdmin):
    list_display = ("typed_name", "version", "application", "attested_at")
    list_filter = ("version",)
    search_fields = ("typed_name", "user__email")
    readonly_fields = ("user", "application", "version", "typed_name", "attested_at", "ip")

from django.contrib import admin

from .models import ApiKey, Membership, Organisation, RosterRun


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("name",)
    # The status changes only through the coordinators' page (history, emails, audit).
    readonly_fields = ("status", "decided_at", "decided_by")
    inlines = [MembershipInline]


@admin.register(RosterRun)
class RosterRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "organisation", "filename", "status", "done", "total", "created_at")
    list_filter = ("status",)
    readonly_fields = ("organisation", "uploaded_by", "filename", "status", "total", "done")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are made and revoked by the organisation's staff on their page (the key is shown
    once, and the audit log records both); here they can only be looked at."""

    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "organisation__name")
    exclude = ("digest",)
    readonly_fields = (
        "organisation",
        "name",
        "prefix",
        "scope",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )

    def has_add_permission(self, request):
        return False

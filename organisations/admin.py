from django.contrib import admin

from .models import Membership, Organisation, RosterRun


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

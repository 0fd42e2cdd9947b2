from django.contrib import admin

from .models import Association, MemberListImport, Membership, MembershipReminderPolicy


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "active")
    search_fields = ("name", "code")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = (
        "person",
        "association",
        "membership_type",
        "number",
        "starts_on",
        "ends_on",
        "status",
        "source",
    )
    list_filter = ("status", "source", "membership_type", "association")
    search_fields = ("person__email", "person__family_name", "number")
    raw_id_fields = ("person", "recorded_by")
    readonly_fields = ("imported_from", "created_at", "updated_at")
    list_select_related = ("person", "association")


@admin.register(MembershipReminderPolicy)
class MembershipReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "reminder_offsets_days")


@admin.register(MemberListImport)
class MemberListImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "uploaded_by", "state", "created_at")
    readonly_fields = (
        "uploaded_by",
        "filename",
        "association",
        "date_order",
        "rows",
        "state",
        "outcome",
    )
    list_select_related = ("uploaded_by",)

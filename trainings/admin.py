"""Catalog trainings and attendance in the admin: read and correct; decisions go through the
coordinator's pages (the transition service), so the status is read-only here."""

from django.contrib import admin

from .models import Attendance, AttendanceRoster, AttendeeAddress, CatalogTraining, Invitation


@admin.register(CatalogTraining)
class CatalogTrainingAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "starts_on", "status")
    list_filter = ("status", "format")
    search_fields = ("title", "provider__name")
    readonly_fields = ("status", "submitted_by", "decided_at", "decided_by")
    filter_horizontal = ("domains", "competencies", "categories")
    raw_id_fields = ("provider",)


@admin.register(AttendanceRoster)
class AttendanceRosterAdmin(admin.ModelAdmin):
    list_display = ("training", "filename", "state", "created_at")
    list_filter = ("state",)
    raw_id_fields = ("training", "uploaded_by")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("training", "person", "source", "minutes", "certificate_rendered_at")
    list_filter = ("source",)
    search_fields = ("person__email", "training__title")
    raw_id_fields = ("training", "person", "logged", "line")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("training", "email", "claimed_by", "claimed_at")
    search_fields = ("email",)
    raw_id_fields = ("training", "claimed_by", "line")


@admin.register(AttendeeAddress)
class AttendeeAddressAdmin(admin.ModelAdmin):
    list_display = ("email", "person", "created_at")
    search_fields = ("email", "person__email")
    raw_id_fields = ("person",)

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import (
    Agency,
    ApplicantProfile,
    County,
    Document,
    Education,
    Language,
    LeadershipActivity,
    Region,
    StoredFile,
    Training,
    WorkExperience,
)


class CountyInline(admin.TabularInline):
    model = County
    extra = 0


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    inlines = [CountyInline]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    list_filter = ("region",)
    search_fields = ("name",)
    list_select_related = ("region",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "program_type", "county")
    list_filter = ("program_type", "county__region", "county")
    search_fields = ("name",)
    list_select_related = ("county",)


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    search_fields = ("name",)


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "work_county", "agency", "membership_expires_on")
    list_filter = (
        "work_county__region",
        "agency__program_type",
        "directory_opt_in",
        "accepting_supervisees",
    )
    search_fields = (
        "user__email",
        "user__given_name",
        "user__family_name",
        "preferred_name",
        "membership_number",
    )
    list_select_related = ("user", "work_county", "agency__county")
    autocomplete_fields = ("user", "agency")
    filter_horizontal = ("languages",)
    readonly_fields = ("created_at", "updated_at")


class OwnedAdmin(admin.ModelAdmin):
    """Evidence rows: searchable by the owner's email, newest changes first."""

    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Education)
class EducationAdmin(OwnedAdmin):
    list_display = ("user", "degree_level", "field_of_study", "institution", "year", "completed_on")
    list_filter = ("degree_level",)
    search_fields = ("user__email", "institution", "field_of_study")
    raw_id_fields = ("transcript",)


@admin.register(WorkExperience)
class WorkExperienceAdmin(OwnedAdmin):
    list_display = ("user", "role", "employer", "kind", "start_date", "end_date", "hours_per_week")
    list_filter = ("kind", "age_band", "paid")
    search_fields = ("user__email", "employer", "role")
    date_hierarchy = "start_date"


@admin.register(Training)
class TrainingAdmin(OwnedAdmin):
    list_display = ("user", "title", "provider", "date", "minutes", "dei", "rsc_provision")
    list_filter = ("format", "dei", "rsc_provision")
    search_fields = ("user__email", "title", "provider")
    date_hierarchy = "date"
    raw_id_fields = ("certificate",)
    filter_horizontal = ("competencies",)


@admin.register(LeadershipActivity)
class LeadershipActivityAdmin(OwnedAdmin):
    list_display = ("user", "kind", "title", "organisation", "start_date", "end_date")
    list_filter = ("kind",)
    search_fields = ("user__email", "title", "organisation")


@admin.register(Document)
class DocumentAdmin(OwnedAdmin):
    list_display = ("user", "kind", "title", "created_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "title")
    raw_id_fields = ("file",)


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ("original_name", "owner", "kind", "size", "retained", "created_at", "download")
    list_filter = ("kind", "retained")
    search_fields = ("owner__email", "original_name", "sha256")
    list_select_related = ("owner",)
    # The stored bytes and their name are the upload checks' business, not an editor's.
    readonly_fields = (
        "owner",
        "storage_name",
        "original_name",
        "kind",
        "size",
        "sha256",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("File"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("applicants:file_download", args=[obj.pk]),
            gettext("Download"),
        )

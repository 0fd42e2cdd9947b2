from django.contrib import admin

from .models import ReportExport


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    """Staff can see which large exports ran, and why one failed."""

    list_display = ("pk", "kind", "owner", "status", "percent", "created_at", "finished_at")
    list_filter = ("status", "kind")
    list_select_related = ("owner",)
    search_fields = ("owner__email",)
    readonly_fields = [f.name for f in ReportExport._meta.fields]

    def has_add_permission(self, request):
        return False

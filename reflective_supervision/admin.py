from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import AttestationRequest, Provider, SessionStatusChange, SupervisionSession


class VetForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Why these providers are vetted"),
        help_text=_(
            "For example: holds IMH-E® (IMHM-C) from another association, checked on its registry."
        ),
    )


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "endorsement_number", "association_name", "user", "vetted")
    list_filter = ("vetted",)
    search_fields = ("name", "email", "endorsement_number")
    raw_id_fields = ("user",)
    readonly_fields = ("vetted_by", "vetted_at", "created_at", "updated_at")
    exclude = ("supervisees",)
    filter_horizontal = ("claimed_categories",)
    actions = ["mark_vetted", "mark_not_vetted"]

    @admin.action(description=_("Mark the selected providers as vetted (with a note)"))
    def mark_vetted(self, request, queryset):
        form = VetForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for provider in queryset:
                services.provider_vet(
                    provider=provider, by=request.user, note=form.cleaned_data["note"]
                )
            count = queryset.count()
            self.message_user(
                request,
                ngettext(
                    "%(count)d provider marked as vetted.",
                    "%(count)d providers marked as vetted.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/reflective_supervision/provider_vet.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "providers": queryset,
                "opts": self.model._meta,
                "title": _("Mark providers as vetted"),
            },
        )

    @admin.action(description=_("Mark the selected providers as not vetted"))
    def mark_not_vetted(self, request, queryset):
        for provider in queryset:
            services.provider_vet(provider=provider, by=request.user, note="", vetted=False)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d provider marked as not vetted.",
                "%(count)d providers marked as not vetted.",
                count,
            )
            % {"count": count},
        )

    def save_model(self, request, obj, form, change):
        # Vetting edited by hand goes through the service, so who and when are recorded.
        if "vetted" in form.changed_data or "vetted_note" in form.changed_data:
            services.provider_vet(
                provider=obj, by=request.user, note=obj.vetted_note, vetted=obj.vetted
            )
            if change:
                return
        super().save_model(request, obj, form, change)


class StatusChangeInline(admin.TabularInline):
    model = SessionStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "changed_by", "note", "audience", "changed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(admin.ModelAdmin):
    list_display = (
        "date",
        "supervisee",
        "provider",
        "duration_minutes",
        "format",
        "focus",
        "status",
    )
    list_filter = ("status", "focus", "format", "modality", "peer")
    search_fields = ("supervisee__email", "provider__name", "provider__email")
    date_hierarchy = "date"
    list_select_related = ("supervisee", "provider")
    raw_id_fields = ("supervisee", "provider")
    # Private notes are the supervisee's alone: not even staff see them.
    exclude = ("private_notes",)
    # Status changes only through the service (history rows); staff read them here.
    readonly_fields = ("status", "provider_comment", "attested_at", "created_at", "updated_at")
    inlines = [StatusChangeInline]


@admin.register(AttestationRequest)
class AttestationRequestAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "provider",
        "supervisee",
        "created_at",
        "expires_at",
        "completed_at",
        "reminders_sent",
    )
    list_filter = ("completed_at", "expires_at")
    search_fields = ("provider__name", "provider__email", "supervisee__email")
    list_select_related = ("provider", "supervisee")
    raw_id_fields = ("provider", "supervisee", "sessions")
    exclude = ("nonce",)
    readonly_fields = ("completed_at", "last_reminded_at", "reminders_sent", "created_at")

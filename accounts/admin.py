from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import NameChange, User
from .services import user_name_correct


class NameChangeInline(admin.TabularInline):
    model = NameChange
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "old_given_name",
        "old_family_name",
        "new_given_name",
        "new_family_name",
        "source",
        "changed_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("family_name", "given_name")
    list_display = ("email", "given_name", "family_name", "email_verified_at", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    search_fields = ("email", "given_name", "family_name")
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("given_name", "family_name")}),
        (_("Status"), {"fields": ("is_active", "email_verified_at", "date_joined", "last_login")}),
        (_("Roles and permissions"), {"fields": ("groups", "is_staff", "is_superuser")}),
    )
    inlines = [NameChangeInline]

    def save_model(self, request, obj, form, change):
        # A corrected name goes through the service: the old one is kept in the history.
        names = ("given_name", "family_name")
        corrected = change and any(name in form.changed_data for name in names)
        if corrected:
            wanted = (obj.given_name, obj.family_name)
            obj.given_name, obj.family_name = (form.initial[name] for name in names)
        super().save_model(request, obj, form, change)
        if corrected:
            user_name_correct(
                user=obj, given_name=wanted[0], family_name=wanted[1], actor=request.user
            )

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "given_name", "family_name", "password1", "password2"),
            },
        ),
    )

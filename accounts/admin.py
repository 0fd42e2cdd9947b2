from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("family_name", "given_name")
    list_display = ("email", "given_name", "family_name", "email_verified_at", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    search_fields = ("email", "given_name", "family_name")
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("given_name", "family_name")}),
        ("Status", {"fields": ("is_active", "email_verified_at", "date_joined", "last_login")}),
        ("Roles and permissions", {"fields": ("groups", "is_staff", "is_superuser")}),
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

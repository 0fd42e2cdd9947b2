"""The Django admin as the portal runs it: second factor required, every change audited, and a
sign-in path that leads staff to set up their second factor.

Every ModelAdmin registered on it (ours and third-party ones: groups, periodic tasks, OTP
devices) is given `AuditedAdmin`, so each addition, change and deletion made in the admin
lands in the audit trail with the model, the object, the fields and who made it.
"""

from __future__ import annotations

import functools
import json

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from .audit import audit_record
from .models import AuditAction


def changed_fields(message) -> list[str]:
    """The field names an admin change message lists (top level and inline objects)."""
    if isinstance(message, str):
        try:
            message = json.loads(message) if message else []
        except ValueError:
            return []
    fields: list[str] = []
    for entry in message or []:
        for value in entry.values() if isinstance(entry, dict) else ():
            for name in value.get("fields", []) if isinstance(value, dict) else ():
                if name not in fields:
                    fields.append(str(name))
    return fields


def _plain(message):
    """The change message as JSON-ready data (Django gives lists with lazy labels)."""
    if isinstance(message, str):
        return message
    return json.loads(json.dumps(message, default=str))


class AuditedAdmin:
    """Mixed into every ModelAdmin on the portal's admin site."""

    def _audit(self, request, obj, change: str, message="", **details) -> None:
        audit_record(
            action=AuditAction.ADMIN_CHANGE,
            request=request,
            target=obj,
            details={
                "model": obj._meta.label,
                "object_id": str(obj.pk),
                "change": change,
                "fields": changed_fields(message),
                "message": _plain(message),
                **details,
            },
        )

    def get_actions(self, request):
        """Each action is audited per object it was run on (send again, mark bounced,
        regenerate certificates...): actions change data without Django's change log.
        "delete_selected" is left alone: its deletions are logged, hence audited, already."""
        return {
            name: (func if name == "delete_selected" else _audited_action(func, name), name, text)
            for name, (func, name, text) in super().get_actions(request).items()
        }

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, "added", message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit(request, obj, "changed", message)
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, objects)
        for obj in objects:
            self._audit(request, obj, "deleted")
        return entries


def _audited_action(func, name: str):
    @functools.wraps(func)
    def action(modeladmin, request, queryset):
        chosen = list(queryset)  # before the action changes what the filter would match
        response = func(modeladmin, request, queryset)
        for obj in chosen:
            modeladmin._audit(request, obj, "action", action_name=name)
        return response

    return action


class PortalAdminSite(OTPAdminSite):
    """OTP-verified sessions only; audited changes; sign-in through the portal's own pages."""

    def register(self, model_or_iterable, admin_class=None, **options):
        from django.contrib.admin import ModelAdmin

        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, AuditedAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def login(self, request, extra_context=None):
        """The portal's login, then its second-factor step (set-up the first time), then back
        here: the admin's own OTP login form is a dead end for staff without a device yet."""
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url)

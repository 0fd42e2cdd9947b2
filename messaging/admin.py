"""Staff see every message with its delivery, resend it, mark it bounced, and list failures
(the "Needs attention" filter)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import UNDELIVERED, FailureReason, Message
from .services import message_mark_bounced, message_resend


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("failed", _("Needs attention: not delivered or bounced"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(status__in=UNDELIVERED)
        return queryset


@admin.action(description=_("Send again"))
def resend(modeladmin, request, queryset):
    done = sum(message_resend(message=m) for m in queryset)
    skipped = queryset.count() - done
    text = ngettext(
        "%(n)d message queued to send again.", "%(n)d messages queued to send again.", done
    ) % {"n": done}
    if skipped:
        text += " " + ngettext(
            "%(n)d is being sent right now and was left alone.",
            "%(n)d are being sent right now and were left alone.",
            skipped,
        ) % {"n": skipped}
    modeladmin.message_user(request, text, messages.SUCCESS)


@admin.action(description=_("Mark as bounced"))
def mark_bounced(modeladmin, request, queryset):
    count = 0
    for message in queryset:
        message_mark_bounced(
            message=message, reason=FailureReason.BOUNCED, detail=f"marked by {request.user.email}"
        )
        count += 1
    modeladmin.message_user(
        request,
        ngettext("%(n)d message marked as bounced.", "%(n)d messages marked as bounced.", count)
        % {"n": count},
        messages.SUCCESS,
    )


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "status", "reason", "attempts", "sent_at")
    list_filter = (NeedsAttentionFilter, "status", "kind")
    search_fields = ("recipient", "subject", "idempotency_key")
    date_hierarchy = "created_at"
    actions = [resend, mark_bounced]
    readonly_fields = [f.name for f in Message._meta.fields]
    fieldsets = (
        (None, {"fields": ("kind", "recipient", "status", "reason", "last_error", "attempts")}),
        (_("When"), {"fields": ("created_at", "next_attempt_at", "sent_at", "updated_at")}),
        (
            _("Content"),
            {"fields": ("subject", "body_text", "from_email", "reply_to", "headers", "language")},
        ),
        (
            _("Bookkeeping"),
            {
                "classes": ("collapse",),
                "fields": (
                    "idempotency_key",
                    "about_type",
                    "about_id",
                    "template",
                    "renderer",
                    "render_params",
                    "after_key",
                    "claim",
                    "claimed_until",
                    "body_html",
                    "id",
                ),
            },
        ),
    )

    def has_add_permission(self, request):
        return False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import formatting

from .models import Fee


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = ("kind", "category", "amount", "effective_from", "effective_to", "due_days")
    list_filter = ("kind", "category")
    date_hierarchy = "effective_from"
    list_select_related = ("category",)

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, fee):
        return formatting.money(fee.amount_cents)

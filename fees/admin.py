from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import formatting

from .models import Allocation, Fee, Invoice, InvoiceLine, Payment


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = ("kind", "category", "amount", "effective_from", "effective_to", "due_days")
    list_filter = ("kind", "category")
    date_hierarchy = "effective_from"
    list_select_related = ("category",)

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, fee):
        return formatting.money(fee.amount_cents)


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "fee", "amount_cents")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read-only: invoices are raised by the workflow and settled through the payment pages,
    so the books always agree with their history."""

    list_display = (
        "number",
        "person",
        "reason",
        "category",
        "issued_on",
        "due_on",
        "total",
        "outstanding",
    )
    list_filter = ("reason", "category")
    search_fields = ("number", "person__email", "person__family_name")
    date_hierarchy = "issued_on"
    list_select_related = ("person", "category")
    inlines = [InvoiceLineInline]
    readonly_fields = [f.name for f in Invoice._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("total"), ordering="total_cents")
    def total(self, invoice):
        return formatting.money(invoice.total_cents)

    @admin.display(description=_("still to pay"))
    def outstanding(self, invoice):
        return formatting.money(invoice.outstanding_cents)


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    can_delete = False
    readonly_fields = ("invoice", "amount_cents", "receipt_file", "receipt_rendered_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-only: payments are recorded through the staff pages (which lock the invoices and
    tell the person); a mistake is put right with a refund, never by editing."""

    list_display = ("received_on", "kind", "method", "amount", "payer", "recorded_by")
    list_filter = ("kind", "method", "waiver_reason")
    search_fields = ("reference", "payer_name", "allocations__invoice__number")
    date_hierarchy = "received_on"
    list_select_related = ("payer_agency", "payer_organisation", "recorded_by")
    inlines = [AllocationInline]
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, payment):
        return formatting.money(payment.amount_cents)

    @admin.display(description=_("paid by"))
    def payer(self, payment):
        payer = payment.payer_organisation or payment.payer_agency
        return payer.name if payer else payment.payer_name

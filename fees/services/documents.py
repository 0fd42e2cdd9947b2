"""Invoice and receipt PDFs: rendered on the worker, stored whole, rendered once.

A document is written in its person's language under a stable name in the private storage
(`fees/invoice-<pk>.pdf`). Rendering claims the row with SKIP LOCKED, so the task and a second
delivery of it render once; a document already stored is left alone (safe to run twice).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone, translation

from core.files import store_atomically
from core.pdf import render_pdf

from ..models import Allocation, Invoice
from ..selectors import line_outstanding

INVOICE_TEMPLATE = "pdf/fees_invoice.html"
RECEIPT_TEMPLATE = "pdf/fees_receipt.html"


def private_storage():
    """Looked up per call so tests can swap the storage."""
    return storages["private"]


def document_language(person) -> str:
    language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def invoice_context(invoice: Invoice) -> dict:
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "association_code": settings.ASSOCIATION_CODE,
        "invoice": invoice,
        "person_name": invoice.person.full_name,
        "lines": line_outstanding(invoice),
        "site_url": settings.SITE_URL,
    }


def invoice_pdf_bytes(invoice: Invoice) -> bytes:
    with translation.override(document_language(invoice.person)):
        return render_pdf(INVOICE_TEMPLATE, invoice_context(invoice))


def invoice_pdf_render(*, invoice_id: int) -> bool:
    """Render and store one invoice's PDF; False when stored already or being rendered."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person", "category")
            .filter(pk=invoice_id)
            .first()
        )
        if invoice is None or invoice.pdf_file:
            return False
        name = store_atomically(
            private_storage(),
            f"fees/invoice-{invoice.pk}.pdf",
            invoice_pdf_bytes(invoice),
            replace=True,
        )
        Invoice.objects.filter(pk=invoice.pk).update(pdf_file=name, pdf_rendered_at=timezone.now())
    return True


def receipt_context(allocation: Allocation) -> dict:
    invoice = allocation.invoice
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "allocation": allocation,
        "payment": allocation.payment,
        "invoice": invoice,
        "person_name": invoice.person.full_name,
        "site_url": settings.SITE_URL,
    }


def receipt_pdf_bytes(allocation: Allocation) -> bytes:
    with translation.override(document_language(allocation.invoice.person)):
        return render_pdf(RECEIPT_TEMPLATE, receipt_context(allocation))


def receipt_pdf_render(*, allocation_id: int) -> bool:
    """Render and store one receipt (a payment's, refund's or waiver's share of one invoice);
    False when stored already or being rendered."""
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "invoice__person",
                "invoice__category",
                "payment__payer_agency",
                "payment__payer_organisation",
            )
            .filter(pk=allocation_id)
            .first()
        )
        if allocation is None or allocation.receipt_file:
            return False
        name = store_atomically(
            private_storage(),
            f"fees/receipt-{allocation.pk}.pdf",
            receipt_pdf_bytes(allocation),
            replace=True,
        )
        Allocation.objects.filter(pk=allocation.pk).update(
            receipt_file=name, receipt_rendered_at=timezone.now()
        )
    return True


def invoices_sweep_missing(limit: int = 200) -> int:
    """Render the PDFs a lost hand-over to the worker left behind (the beat runs it)."""
    done = 0
    for pk in Invoice.objects.filter(pdf_file="").values_list("pk", flat=True)[:limit]:
        done += invoice_pdf_render(invoice_id=pk)
    for pk in Allocation.objects.filter(receipt_file="").values_list("pk", flat=True)[:limit]:
        done += receipt_pdf_render(allocation_id=pk)
    return done

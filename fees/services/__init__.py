"""Writes of the fees app: invoices (raised by the workflow's changes), their documents, and
the payments, refunds and waivers staff record."""

from .documents import invoice_pdf_render, invoices_sweep_missing, receipt_pdf_render
from .invoices import invoice_raise
from .payments import (
    PaymentConflict,
    PaymentRefused,
    Share,
    invoice_cancel,
    invoice_payer_set,
    payment_record,
    refund_record,
    refundable_cents,
    waiver_record,
)

__all__ = [
    "PaymentConflict",
    "PaymentRefused",
    "Share",
    "invoice_cancel",
    "invoice_payer_set",
    "invoice_pdf_render",
    "invoice_raise",
    "invoices_sweep_missing",
    "payment_record",
    "receipt_pdf_render",
    "refund_record",
    "refundable_cents",
    "waiver_record",
]

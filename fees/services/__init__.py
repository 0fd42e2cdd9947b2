"""Writes of the fees app: invoices (raised by the workflow's changes), their documents, and
the payments staff record."""

from .documents import invoice_pdf_render, invoices_sweep_missing
from .invoices import invoice_raise

__all__ = ["invoice_pdf_render", "invoice_raise", "invoices_sweep_missing"]

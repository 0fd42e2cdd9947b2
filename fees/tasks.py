"""Worker tasks of the fees app: thin, safe to run twice (each service claims its row)."""

import logging

from celery import shared_task

from .services import documents

logger = logging.getLogger(__name__)


@shared_task(name="fees.invoice_pdf_render", acks_late=True, reject_on_worker_lost=True)
def invoice_pdf_render(*, invoice_id: int) -> bool:
    return documents.invoice_pdf_render(invoice_id=invoice_id)


@shared_task(name="fees.receipt_pdf_render", acks_late=True, reject_on_worker_lost=True)
def receipt_pdf_render(*, allocation_id: int) -> bool:
    return documents.receipt_pdf_render(allocation_id=allocation_id)


@shared_task(name="fees.documents_sweep_missing", acks_late=True)
def documents_sweep_missing() -> int:
    return documents.invoices_sweep_missing()

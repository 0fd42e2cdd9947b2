"""The invoice and the receipt in Spanish, checked as the certificate is
(core/tests/test_spanish_pdf.py): rendered for the same person in English and in Spanish, a
line of prose the same in both is English left on the Spanish document."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from accounts.tests.factories import applicant, coordinator
from core.tests import spanish
from endorsements.services.applications import application_open
from endorsements.tests.factories import category
from fees.models import Allocation, Invoice
from fees.services import Share, documents, payment_record
from fees.tests.factories import schedule

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def invoice():
    schedule()
    person = applicant(given_name="Lucía", family_name="Hernández")
    application = application_open(applicant=person, category=category("IFA"))
    return Invoice.objects.get(application=application)


def _in(language, person, render):
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return pdf_text(render())


def test_the_spanish_invoice_has_no_english_sentence(invoice):
    render = lambda: documents.invoice_pdf_bytes(invoice)  # noqa: E731

    english = _in("en", invoice.person, render)
    spanish_text = _in("es", invoice.person, render)

    assert "Lucía Hernández" in spanish_text and invoice.number in spanish_text
    assert "Factura" in spanish_text and "Factura" not in english
    left = spanish.untranslated_text(english, spanish_text, spanish.database_data())
    assert not left, "English on the Spanish invoice:\n" + "\n".join(left)


def test_the_spanish_receipt_has_no_english_sentence(invoice):
    payment_record(
        shares=[Share(invoice.pk, 500, invoice.outstanding_cents)],
        method="cheque",
        received_on=date(2026, 12, 1),
        actor=coordinator(),
        reference="Cheque 1041",
    )
    allocation = Allocation.objects.select_related("invoice__person", "payment").get()
    render = lambda: documents.receipt_pdf_bytes(allocation)  # noqa: E731

    english = _in("en", allocation.invoice.person, render)
    spanish_text = _in("es", allocation.invoice.person, render)

    assert "Lucía Hernández" in spanish_text and "Cheque 1041" in spanish_text
    assert "Recibo" in spanish_text and "Recibo" not in english
    left = spanish.untranslated_text(english, spanish_text, spanish.database_data())
    assert not left, "English on the Spanish receipt:\n" + "\n".join(left)

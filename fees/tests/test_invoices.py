"""Invoices raised when a fee falls due: lines, number, due date, PDF, email, once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import applicant
from core.transitions import announce
from endorsements.services.applications import application_open, application_submit
from endorsements.tests.factories import category, completed_reference, ifa_portfolio, signed
from fees.models import FeeKind, Invoice, InvoiceReason
from fees.services import documents
from fees.tests.factories import schedule

pytestmark = pytest.mark.django_db(transaction=False)


def _pdf_text(invoice) -> str:
    invoice.refresh_from_db()
    with documents.private_storage().open(invoice.pdf_file, "rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(handle).pages)


def _submit_ready(person):
    application = application_open(applicant=person, category=category("IFA"))
    ifa_portfolio(person)
    completed_reference(application, endorsed=True)
    completed_reference(application)
    completed_reference(application)
    signed(application)
    return application_submit(application=application, actor=person)


@pytest.fixture
def fees():
    return schedule()


def test_starting_an_application_invoices_registration(fees, django_capture_on_commit_callbacks):
    person = applicant(given_name="Rosa")

    with django_capture_on_commit_callbacks(execute=True):
        application = application_open(applicant=person, category=category("IFA"))

    invoice = Invoice.objects.get(application=application)
    assert invoice.reason == InvoiceReason.APPLICATION_STARTED
    assert [(line.kind, line.amount_cents) for line in invoice.lines.all()] == [
        (FeeKind.REGISTRATION, 2000)
    ]
    assert invoice.number == f"CT-AIMH-{invoice.issued_on.year}-{invoice.pk:06d}"
    assert invoice.due_on == timezone.localdate() + timedelta(days=30)
    text = _pdf_text(invoice)
    assert invoice.number in text and "$20.00" in text and "Registration" in text
    assert "Rosa" in text


def test_submitting_invoices_processing_and_emails_the_person(
    fees, django_capture_on_commit_callbacks
):
    person = applicant()
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit_ready(person)

    invoices = Invoice.objects.filter(application=application).order_by("pk")
    assert [i.reason for i in invoices] == [
        InvoiceReason.APPLICATION_STARTED,
        InvoiceReason.APPLICATION_SUBMITTED,
    ]
    processing = invoices[1]
    assert processing.total_cents == 12500
    sent = [m for m in mail.outbox if processing.number in m.subject]
    assert len(sent) == 1 and sent[0].to == [person.email]
    assert "$125.00" in sent[0].body
    assert f"/fees/invoices/{processing.pk}/" in sent[0].body


def test_an_event_announced_twice_invoices_once(fees):
    application = application_open(applicant=applicant(), category=category("IFA"))

    announce(application, from_status="", to_status="draft")

    assert Invoice.objects.filter(application=application).count() == 1


def test_a_fee_the_schedule_does_not_charge_makes_no_invoice():
    application = application_open(applicant=applicant(), category=category("IFA"))

    assert not Invoice.objects.filter(application=application).exists()


def test_the_amount_is_the_schedules_on_the_day_it_falls_due():
    import time_machine

    from fees.models import Fee

    Fee.objects.create(
        kind=FeeKind.REGISTRATION,
        amount_cents=1500,
        effective_from=date(2026, 1, 1),
        effective_to=date(2026, 6, 30),
    )
    Fee.objects.create(
        kind=FeeKind.REGISTRATION, amount_cents=2500, effective_from=date(2026, 7, 1)
    )
    with time_machine.travel("2026-06-30 12:00-04:00", tick=False):
        first = application_open(applicant=applicant(), category=category("IFA"))
    with time_machine.travel("2026-07-01 12:00-04:00", tick=False):
        second = application_open(applicant=applicant(), category=category("IFA"))

    assert Invoice.objects.get(application=first).total_cents == 1500
    assert Invoice.objects.get(application=second).total_cents == 2500


def test_the_pdf_is_rendered_once(fees):
    application = application_open(applicant=applicant(), category=category("IFA"))
    invoice = Invoice.objects.get(application=application)
    documents.invoice_pdf_render(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    first = invoice.pdf_rendered_at

    assert documents.invoice_pdf_render(invoice_id=invoice.pk) is False
    invoice.refresh_from_db()
    assert invoice.pdf_rendered_at == first


def test_the_pdf_is_in_the_persons_language(fees):
    person = applicant(preferred_language="es")
    application = application_open(applicant=person, category=category("IFA"))
    invoice = Invoice.objects.get(application=application)
    documents.invoice_pdf_render(invoice_id=invoice.pk)

    text = _pdf_text(invoice)
    assert "Factura" in text or "factura" in text
    assert "20,00" in text

"""Payments recorded by staff: part then the rest, a group payment, a refund, a waiver, never
twice, no card numbers, and each person's receipt."""

import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection
from pypdf import PdfReader

from accounts.tests.factories import applicant, coordinator, registry_admin
from applicants.tests.factories import AgencyFactory
from endorsements.services.applications import application_open
from endorsements.tests.factories import category
from fees.models import Allocation, Invoice, Payment
from fees.services import (
    PaymentConflict,
    PaymentRefused,
    Share,
    documents,
    payment_record,
    refund_record,
    waiver_record,
)
from fees.tests.factories import schedule

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fees():
    return schedule()


def invoice_for(person=None) -> Invoice:
    application = application_open(applicant=person or applicant(), category=category("IFA"))
    return Invoice.objects.get(application=application)


def sent(call):
    """Run `call`, then what the worker does after commit (send the outbox, render PDFs)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return call()


def pay(invoice, cents, *, actor, seen=None, **kwargs):
    invoice.refresh_from_db()
    return sent(
        lambda: payment_record(
            shares=[Share(invoice.pk, cents, invoice.outstanding_cents if seen is None else seen)],
            method=kwargs.pop("method", "cheque"),
            received_on=DAY,
            actor=actor,
            **kwargs,
        )
    )


def receipt_text(allocation) -> str:
    documents.receipt_pdf_render(allocation_id=allocation.pk)
    allocation.refresh_from_db()
    with documents.private_storage().open(allocation.receipt_file, "rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(handle).pages)


def test_a_part_payment_then_the_rest_settles_the_invoice():
    invoice = invoice_for()
    staff = coordinator()

    pay(invoice, 500, actor=staff, reference="Cheque 1041")
    invoice.refresh_from_db()
    assert (invoice.paid_cents, invoice.outstanding_cents, invoice.status_code) == (
        500,
        1500,
        "part_paid",
    )
    pay(invoice, 1500, actor=staff, method="card_phone", reference="AUTH 55K2")
    invoice.refresh_from_db()

    assert invoice.settled and invoice.status_code == "paid"
    receipts = [m for m in mail.outbox if invoice.number in m.subject]
    assert len(receipts) == 2 and receipts[0].to == [invoice.person.email]
    assert "$15.00 is still to pay" in receipts[0].body
    assert "Nothing is left to pay" in receipts[1].body
    first = Allocation.objects.filter(invoice=invoice).order_by("pk").first()
    text = receipt_text(first)
    assert "$5.00" in text and "Cheque 1041" in text and invoice.number in text


def test_more_than_is_left_is_refused():
    invoice = invoice_for()

    with pytest.raises(PaymentRefused, match="more than the \\$20.00 left"):
        pay(invoice, 2500, actor=coordinator())
    assert not Payment.objects.exists()


def test_an_agency_payment_is_spread_over_several_peoples_invoices():
    agency = AgencyFactory(name="Hartford Early Head Start")
    invoices = [invoice_for() for _ in range(3)]

    payment = sent(
        lambda: payment_record(
            shares=[Share(i.pk, i.outstanding_cents, i.outstanding_cents) for i in invoices],
            method="purchase_order",
            received_on=DAY,
            reference="PO 2026-118",
            payer_agency=agency,
            actor=registry_admin(),
        )
    )

    assert payment.amount_cents == 6000
    assert payment.allocations.count() == 3
    for invoice in invoices:
        invoice.refresh_from_db()
        assert invoice.settled
        mine = [m for m in mail.outbox if m.to == [invoice.person.email] and "Payment" in m.subject]
        assert len(mine) == 1
    text = receipt_text(payment.allocations.first())
    assert "Hartford Early Head Start" in text and "$20.00" in text


def test_a_refund_owes_the_amount_again_and_never_exceeds_what_was_paid():
    invoice = invoice_for()
    staff = coordinator()
    pay(invoice, 2000, actor=staff)
    allocation = Allocation.objects.get(invoice=invoice)

    sent(
        lambda: refund_record(
            allocation=allocation,
            cents=800,
            method="cheque",
            actor=staff,
            on=DAY,
            note="Paid twice",
        )
    )
    invoice.refresh_from_db()
    assert (invoice.paid_cents, invoice.outstanding_cents) == (1200, 800)
    assert any("Refund on invoice" in m.subject for m in mail.outbox)

    with pytest.raises(PaymentRefused, match="at most the \\$12.00"):
        refund_record(
            allocation=allocation, cents=1300, method="cheque", actor=staff, on=DAY, note="x"
        )


def test_a_waiver_settles_the_invoice_with_its_reason():
    invoice = invoice_for()

    waiver_record(
        invoice=invoice,
        cents=2000,
        seen_outstanding=2000,
        reason="scholarship",
        note="Board scholarship 2026",
        actor=coordinator(),
        on=DAY,
    )

    invoice.refresh_from_db()
    assert invoice.settled and invoice.status_code == "waived" and invoice.paid_cents == 0
    waiver = Payment.objects.get(kind="waiver")
    assert waiver.waiver_reason == "scholarship" and waiver.method == ""
    assert "Scholarship" in receipt_text(waiver.allocations.get())


def test_the_same_cheque_recorded_twice_is_refused_and_names_who_recorded_it():
    invoice = invoice_for()
    first = coordinator(given_name="Ana", family_name="Ruiz")
    seen = invoice.outstanding_cents  # both coordinators opened the page now
    pay(invoice, 2000, actor=first, seen=seen)

    with pytest.raises(PaymentConflict) as refused:
        pay(invoice, 2000, actor=coordinator(), seen=seen)

    assert "Ana Ruiz recorded payment of $20.00" in str(refused.value)
    assert "Nothing was recorded" in str(refused.value)
    assert Payment.objects.count() == 1


def test_the_database_refuses_settling_beyond_the_total():
    from django.db import IntegrityError, transaction

    invoice = invoice_for()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(paid_cents=1500, waived_cents=1000)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_recording_at_once_one_wins_the_other_is_told():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    schedule()
    invoice = invoice_for()
    staff = [coordinator(), coordinator()]
    barrier = threading.Barrier(2)
    outcomes = []

    def record(actor):
        try:
            barrier.wait()
            payment_record(
                shares=[Share(invoice.pk, 2000, 2000)],
                method="cheque",
                received_on=DAY,
                reference="Cheque 77",
                actor=actor,
            )
            outcomes.append("recorded")
        except PaymentConflict as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(person,)) for person in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[-1] == "recorded" and outcomes.count("recorded") == 1
    assert any("While you were typing" in o for o in outcomes)
    invoice.refresh_from_db()
    assert invoice.paid_cents == 2000 and Payment.objects.count() == 1


@pytest.mark.parametrize("reference", ["4111 1111 1111 1111", "5500-0000-0000-0004"])
def test_a_card_number_is_never_stored(reference):
    invoice = invoice_for()

    with pytest.raises(PaymentRefused, match="card number"):
        pay(invoice, 2000, actor=coordinator(), method="card_phone", reference=reference)
    assert not Payment.objects.exists()


def test_nobody_records_a_payment_on_their_own_invoice():
    staff = coordinator()
    invoice = invoice_for(person=staff)

    with pytest.raises(PaymentRefused, match="your own"):
        pay(invoice, 2000, actor=staff)


def test_only_staff_record_payments():
    invoice = invoice_for()

    with pytest.raises(PaymentRefused, match="Only coordinators"):
        pay(invoice, 2000, actor=applicant())

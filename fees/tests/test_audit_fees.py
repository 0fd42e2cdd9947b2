"""Money in the audit log: each payment, group payment, waiver, refund and cancellation writes
one row, which the audit page names in English and in Spanish; cancelling an invoice."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, registry_admin
from applicants.tests.factories import AgencyFactory
from conftest import otp_verify_session
from core.models import AuditEvent
from fees.models import Invoice
from fees.reports import fee_report
from fees.selectors import fee_dues_for_application, outstanding_totals
from fees.services import (
    PaymentRefused,
    Share,
    invoice_cancel,
    payment_record,
    refund_record,
    waiver_record,
)
from fees.tests.factories import schedule
from fees.tests.test_pages import invoice_for

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fees():
    return schedule()


def only_row(action):
    rows = list(AuditEvent.objects.filter(action=action))
    assert len(rows) == 1, rows
    return rows[0]


def cheque(invoice, staff, cents=2000, **extra):
    return payment_record(
        shares=[Share(invoice.pk, cents, invoice.outstanding_cents)],
        method="cheque",
        received_on=DAY,
        reference="Cheque 1041",
        actor=staff,
        **extra,
    )


def test_a_payment_is_audited_on_the_persons_case():
    invoice, staff = invoice_for(), coordinator()

    payment = cheque(invoice, staff)

    row = only_row("payment_recorded")
    assert row.actor == staff and row.target_id == str(payment.pk)
    assert row.subject == invoice.person and row.application_id == invoice.application_id
    assert row.details == {
        "amount_cents": 2000,
        "invoices": [invoice.number],
        "payment_method": "cheque",
    }


def test_a_group_payment_is_audited_once_naming_every_invoice():
    invoices, staff = [invoice_for(), invoice_for()], coordinator()
    agency = AgencyFactory(name="Hartford Early Head Start")

    payment_record(
        shares=[Share(i.pk, 2000, 2000) for i in invoices],
        method="bank_transfer",
        received_on=DAY,
        payer_agency=agency,
        actor=staff,
        group=True,
    )

    row = only_row("group_payment_recorded")
    assert row.details["invoices"] == [i.number for i in invoices]
    assert row.details["amount_cents"] == 4000
    assert row.details["payer"] == "Hartford Early Head Start"
    assert not AuditEvent.objects.filter(action="payment_recorded").exists()


def test_a_waiver_is_audited_with_its_reason():
    invoice, staff = invoice_for(), coordinator()

    waiver_record(
        invoice=invoice,
        cents=2000,
        seen_outstanding=2000,
        reason="scholarship",
        actor=staff,
        on=DAY,
    )

    assert only_row("waiver_recorded").details["waiver_reason"] == "scholarship"


def test_a_refund_is_audited():
    invoice, staff = invoice_for(), coordinator()
    payment = cheque(invoice, staff)

    refund_record(
        allocation=payment.allocations.get(), cents=500, method="cheque", actor=staff, on=DAY
    )

    row = only_row("refund_recorded")
    assert row.details["amount_cents"] == 500 and row.subject == invoice.person


def test_a_refused_payment_writes_no_audit_row():
    invoice = invoice_for()

    with pytest.raises(PaymentRefused):
        cheque(invoice, invoice.person)  # not fees staff

    assert not AuditEvent.objects.filter(action="payment_recorded").exists()


def test_cancelling_an_invoice_clears_what_is_owed_and_is_audited():
    invoice, staff = invoice_for(), coordinator()

    invoice_cancel(invoice=invoice, actor=staff, note="Raised twice")

    invoice.refresh_from_db()
    assert invoice.status_code == "cancelled" and invoice.outstanding_cents == 0
    assert outstanding_totals() == {"invoices": 0, "cents": 0}
    assert fee_report(year=invoice.issued_on.year).rows == []
    assert fee_dues_for_application(application=invoice.application) == ()
    row = only_row("invoice_cancelled")
    assert row.details == {"number": invoice.number, "amount_cents": 2000}
    assert row.subject == invoice.person
    with pytest.raises(PaymentRefused, match="cancelled"):
        cheque(invoice, staff)


def test_an_invoice_with_money_paid_on_it_is_refunded_before_it_is_cancelled():
    invoice, staff = invoice_for(), coordinator()
    payment = cheque(invoice, staff, cents=500)

    with pytest.raises(PaymentRefused, match="refund it first"):
        invoice_cancel(invoice=invoice, actor=staff, note="Withdrawn")
    refund_record(
        allocation=payment.allocations.get(), cents=500, method="cheque", actor=staff, on=DAY
    )
    invoice_cancel(invoice=invoice, actor=staff, note="Withdrawn")

    assert Invoice.objects.get(pk=invoice.pk).cancelled


def test_nobody_cancels_their_own_invoice_or_without_a_reason():
    staff = coordinator()
    own = invoice_for(staff)

    with pytest.raises(PaymentRefused, match="your own"):
        invoice_cancel(invoice=own, actor=staff, note="Mine")
    with pytest.raises(PaymentRefused, match="Say why"):
        invoice_cancel(invoice=invoice_for(), actor=staff, note="  ")
    assert not AuditEvent.objects.filter(action="invoice_cancelled").exists()


def test_the_cancel_page_is_for_fees_staff_and_cancels(client):
    invoice = invoice_for()
    url = reverse("fees:invoice_cancel", args=[invoice.pk])
    for visitor in (applicant(), invoice.person):
        client.force_login(visitor)
        assert client.get(url).status_code == 403
    staff = coordinator()
    client.force_login(staff)
    otp_verify_session(client, staff)

    empty = client.post(url, {"note": ""})
    done = client.post(url, {"note": "Raised in error"})

    assert "Say why the invoice is cancelled" in empty.content.decode()
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "Cancelled" in page and "Raised in error" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            [
                "Recorded a payment",
                "Waived a fee",
                "Recorded a refund",
                "Cancelled an invoice",
                "Recorded a group payment",
                "how it was paid: Cheque",
                "reason for the waiver: Scholarship",
                "amount: $20.00",
            ],
        ),
        (
            "es",
            [
                "Registró un pago",
                "Exoneró una cuota",
                "Registró un reembolso",
                "Anuló una factura",
                "Registró un pago de grupo",
                "cómo se pagó: Cheque",
                "motivo de la exoneración: Beca",
                "importe: 20,00",
            ],
        ),
    ],
)
def test_the_audit_page_names_money_events_in_both_languages(client, language, words):
    staff = coordinator()
    paid, waived, cancelled = invoice_for(), invoice_for(), invoice_for()
    payment = cheque(paid, staff)
    refund_record(
        allocation=payment.allocations.get(), cents=500, method="cheque", actor=staff, on=DAY
    )
    waiver_record(
        invoice=waived, cents=2000, seen_outstanding=2000, reason="scholarship", actor=staff, on=DAY
    )
    invoice_cancel(invoice=cancelled, actor=staff, note="Raised twice")
    group = [invoice_for(), invoice_for()]
    payment_record(
        shares=[Share(i.pk, 2000, 2000) for i in group],
        method="cheque",
        received_on=DAY,
        payer_name="Agency",
        actor=staff,
        group=True,
    )
    admin = registry_admin()
    client.force_login(admin)
    otp_verify_session(client, admin)

    body = client.get(reverse("core:audit_log"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    for word in words:
        assert word in body, word

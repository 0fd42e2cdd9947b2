"""The fees report: invoiced, paid, waived and outstanding by month, fee and category."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import applicant, coordinator
from conftest import otp_verify_session
from endorsements.tests.factories import category
from fees.models import FeeKind, InvoiceReason
from fees.reports import fee_report
from fees.services import Share, invoice_raise, payment_record, waiver_record
from fees.tests.factories import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    """March: a renewal with its late fee, paid in part; April: a processing fee waived."""
    schedule()
    staff = coordinator()
    march = invoice_raise(
        person=applicant(),
        reason=InvoiceReason.RENEWAL_SUBMITTED,
        event_key="test:march",
        kinds=[FeeKind.RENEWAL, FeeKind.LATE_RENEWAL],
        category=category("IFA"),
        on=date(2026, 3, 10),
    )
    payment_record(
        shares=[Share(march.pk, 4000, march.total_cents)],
        method="cheque",
        received_on=date(2026, 3, 20),
        actor=staff,
    )
    april = invoice_raise(
        person=applicant(),
        reason=InvoiceReason.APPLICATION_SUBMITTED,
        event_key="test:april",
        kinds=[FeeKind.PROCESSING],
        category=category("IMHS"),
        on=date(2026, 4, 2),
    )
    waiver_record(
        invoice=april,
        cents=12500,
        seen_outstanding=12500,
        reason="scholarship",
        actor=staff,
        on=date(2026, 4, 3),
    )
    return staff


def test_settled_amounts_count_against_the_lines_in_order(books):
    report = fee_report(year=2026)

    figures = [
        (r.month, r.kind, r.category, r.invoiced, r.paid, r.waived, r.outstanding)
        for r in report.rows
    ]
    assert figures == [
        (date(2026, 3, 1), "renewal", "IFA", 3000, 3000, 0, 0),
        (date(2026, 3, 1), "late_renewal", "IFA", 2500, 1000, 0, 1500),
        (date(2026, 4, 1), "processing", "IMHS", 12500, 0, 12500, 0),
    ]
    totals = report.totals
    assert (totals.invoiced, totals.paid, totals.waived, totals.outstanding) == (
        18000,
        4000,
        12500,
        1500,
    )
    assert fee_report(year=2025).rows == []


def test_the_report_page_and_its_files(client, books):
    client.force_login(books)
    otp_verify_session(client, books)

    page = client.get(reverse("fees:report"), {"year": 2026}).content.decode()
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("fees:report_csv"), {"year": 2026}).content.decode())
        )
    )
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("fees:report_xlsx"), {"year": 2026}).content)
    ).active

    assert "Outstanding today, all years: $15.00 on 1 invoice." in page
    assert "March 2026" in page and "Late renewal" in page
    assert rows[0] == ["Month", "Fee", "Category", "Invoiced", "Paid", "Waived", "Outstanding"]
    assert rows[2] == ["2026-03", "Late renewal", "IFA", "25.00", "10.00", "0.00", "15.00"]
    assert [c.value for c in sheet[4]] == [
        "2026-04",
        "Application processing",
        "IMHS",
        125,
        0,
        125,
        0,
    ]


def test_the_report_is_for_staff(client):
    client.force_login(applicant())
    for name in ("fees:report", "fees:report_csv", "fees:report_xlsx"):
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_report_queries(client, django_assert_num_queries, count):
    schedule()
    staff = coordinator()
    for n in range(count):
        invoice_raise(
            person=applicant(),
            reason=InvoiceReason.APPLICATION_STARTED,
            event_key=f"q:{n}",
            kinds=[FeeKind.REGISTRATION],
            category=category("IFA"),
            on=date(2026, 5, 1),
        )
    client.force_login(staff)
    otp_verify_session(client, staff)

    # session, user with roles, OTP device, invoices (with category), their lines, totals
    with django_assert_num_queries(6):
        client.get(reverse("fees:report"), {"year": 2026})

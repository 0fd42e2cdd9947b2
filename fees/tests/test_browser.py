"""The fees journey in Chromium: an applicant submits and gets the processing invoice, a
coordinator records the cheque, the applicant downloads the receipt and sees the checklist's
"fees paid or waived" item met; every page axe-clean."""

import io

import pytest
from pypdf import PdfReader

from accounts.tests.factories import applicant, coordinator
from conftest import browser_log_in, seed_data_ensure
from endorsements.services.applications import application_open
from endorsements.tests.factories import category, completed_reference, ifa_portfolio, signed
from fees.models import Invoice
from fees.tests.factories import require_fees, schedule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_invoice_on_submission_cheque_receipt_and_checklist_met(
    page, live_server, assert_accessible
):
    seed_data_ensure()
    schedule(registration=0)  # this association charges processing only
    person = applicant(email="dana@example.org", given_name="Dana", family_name="Okafor")
    coordinator(email="coord@example.org", given_name="Cora", family_name="Lee")
    application = application_open(applicant=person, category=category("IFA"))
    require_fees(application, before_decision=["processing"])
    ifa_portfolio(person)
    completed_reference(application, endorsed=True)
    completed_reference(application)
    completed_reference(application)
    signed(application)

    # The applicant submits and gets the processing invoice.
    browser_log_in(page, "dana@example.org")
    page.goto(f"/applications/{application.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("Your IFA application is submitted").first.wait_for()
    page.get_by_text("Not met yet:").first.wait_for()
    page.get_by_text("Fees paid or waived before the decision").wait_for()
    assert_accessible(page)
    invoice = Invoice.objects.get(application=application)
    page.get_by_role("link", name="See your invoices and how to pay").click()
    page.get_by_role("heading", name="My invoices").wait_for()
    page.get_by_text("Application submitted (IFA)").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=invoice.number).click()
    page.get_by_role("heading", name=f"Invoice {invoice.number}").wait_for()
    page.get_by_role("heading", name="How to pay").wait_for()
    assert_accessible(page)
    _log_out(page)

    # A coordinator records the cheque.
    browser_log_in(page, "coord@example.org")
    page.goto("/fees/staff/invoices/")
    page.get_by_role("heading", name="Invoices").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=invoice.number).click()
    page.get_by_role("link", name="Record a payment").click()
    page.get_by_role("heading", name="Record a payment").wait_for()
    assert_accessible(page)
    page.get_by_label("Amount received").fill("125.00")
    page.get_by_label("How it was paid").select_option(label="Cheque")
    page.get_by_label("Reference (optional)").fill("Cheque 1041")
    page.get_by_role("button", name="Record payment").click()
    page.get_by_text("The payment is recorded and the receipt is on its way.").wait_for()
    assert_accessible(page)
    _log_out(page)

    # The applicant downloads the receipt; the checklist item is met.
    browser_log_in(page, "dana@example.org")
    page.goto(f"/fees/invoices/{invoice.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the receipt").click()
    pdf = open(info.value.path(), "rb").read()  # noqa: SIM115 (a temp file Playwright owns)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "$125.00" in text and "Cheque 1041" in text and invoice.number in text
    page.goto(f"/applications/{application.pk}/")
    page.get_by_text("Every fee owed for this step is paid or waived.").wait_for()
    assert "Not met yet:" not in page.content()
    assert_accessible(page)

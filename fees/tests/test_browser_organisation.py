"""An organisation pays for its staff, in Chromium: a coordinator names the organisation that
pays two people's invoices, the organisation's staff member sees those invoices (and not a
third person's), and the coordinator records one group payment from the organisation that
settles both; every page axe-clean."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import applicant, coordinator
from accounts.tests.test_two_factor import current_code
from conftest import browser_log_in, seed_data_ensure
from fees.models import Invoice
from fees.tests.factories import schedule
from fees.tests.test_pages import invoice_for
from organisations.tests.factories import organisation, staff_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_organisation_sees_and_pays_its_staffs_invoices(page, assert_accessible):
    seed_data_ensure()
    schedule()
    harbor = organisation(name="Harbor Early Childhood")
    hana = staff_member(org=harbor, email="hana@harbor.example.org", given_name="Hana")
    device = TOTPDevice.objects.create(user=hana, name="phone", confirmed=True)
    coordinator(email="coord@example.org", given_name="Cora", family_name="Lee")
    ana = invoice_for(applicant(given_name="Ana", family_name="Muñoz"), "IFA")
    ben = invoice_for(applicant(given_name="Ben", family_name="Osei"), "IFS")
    other = invoice_for(applicant(given_name="Omar", family_name="Other"), "IFA")

    # The coordinator names Harbor as the payer of Ana's and Ben's invoices.
    browser_log_in(page, "coord@example.org")
    for invoice in (ana, ben):
        page.goto(f"/fees/invoices/{invoice.pk}/")
        page.get_by_role("link", name="Change who pays").click()
        page.get_by_role("heading", name="Who pays this invoice").wait_for()
        assert_accessible(page)
        page.get_by_label("Organisation that pays this invoice").select_option(
            label="Harbor Early Childhood"
        )
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Who pays the invoice is saved.").wait_for()
    page.get_by_role("button", name="Log out").click()

    # Harbor's staff member sees those two invoices and not Omar's.
    browser_log_in(page, "hana@harbor.example.org")
    page.goto("/organisations/")
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Invoices your organisation pays for its staff").click()
    page.get_by_role("heading", name="Invoices your organisation pays").wait_for()
    page.get_by_text("2 invoices are not paid in full: $40.00 outstanding.").wait_for()
    assert ana.number in page.content() and ben.number in page.content()
    assert other.number not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=ana.number).click()
    page.get_by_role("heading", name=f"Invoice {ana.number}").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()

    # One cheque from Harbor pays everything it owes.
    browser_log_in(page, "coord@example.org")
    page.goto("/fees/staff/group-payments/new/")
    page.get_by_label("Organisation that paid").select_option(label="Harbor Early Childhood")
    page.get_by_label("How it was paid").select_option(label="Cheque")
    page.get_by_label("Reference (optional)").fill("Cheque 77")
    page.get_by_role("button", name="Check the invoices").click()
    page.get_by_text("This payment comes to $40.00.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Record group payment").click()
    page.get_by_text("The group payment is recorded").wait_for()
    assert Invoice.objects.get(pk=ana.pk).settled and Invoice.objects.get(pk=ben.pk).settled
    assert not Invoice.objects.get(pk=other.pk).settled

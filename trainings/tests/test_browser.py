"""The catalog journey in Chromium: a provider submits a training, a coordinator approves it,
the provider uploads the attendance roster, and the attendee finds the verified training in
their checklist and downloads the certificate of attendance."""

import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from accounts.tests.factories import applicant, coordinator
from accounts.tests.test_two_factor import current_code
from conftest import browser_log_in
from endorsements.tests.factories import ApplicationFactory

from .factories import provider, provider_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def _provider_log_in(page, staff, device):
    """Organisation staff pass the second factor when they open their pages."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    browser_log_in(page, staff.email)
    page.goto("/trainings/provider/")
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your trainings").wait_for()


def test_provider_coordinator_and_attendee_journey(page, live_server, assert_accessible):
    staff = provider_staff(org=provider(name="Training Institute"), email="trainer@example.org")
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    coordinator(email="coord@example.org")
    attendee = applicant(email="ana@example.org", given_name="Ana", family_name="Reyes")
    application = ApplicationFactory(applicant=attendee)

    # The provider submits a training.
    _provider_log_in(page, staff, device)
    assert_accessible(page)
    page.get_by_role("link", name="Submit a training").click()
    page.get_by_label("Title").fill("Caring, Coping and Competence")
    page.get_by_label("Description").fill("Working with infants with special health care needs.")
    page.get_by_label("Learning objectives").fill("Apply infant mental health concepts")
    page.get_by_label("First day").fill("2026-01-05")
    page.get_by_label("Last day").fill("2026-01-06")
    page.get_by_label("Hours of learning").fill("12")
    page.get_by_label("Hours about diversity, equity and inclusion").fill("0")
    page.get_by_label("Hours about providing reflective supervision").fill("0")
    page.get_by_label("In person").check()
    page.get_by_label("Language").select_option(label="English")
    page.get_by_label("Pregnancy to 36 months").check()
    page.get_by_label("Theoretical Foundations", exact=True).check()
    page.get_by_label("Theoretical Foundations: Relationship-focused practice", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Submit training").click()
    page.get_by_text("The training is submitted.").wait_for()
    assert_accessible(page)
    _log_out(page)

    # A coordinator approves it.
    browser_log_in(page, "coord@example.org")
    page.get_by_role("link", name="Catalog trainings").first.click()
    page.get_by_role("link", name="Caring, Coping and Competence").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve training").click()
    page.get_by_text("The training is approved and in the catalog.").wait_for()
    _log_out(page)

    # It is in the public catalog.
    page.goto("/trainings/")
    page.get_by_role("link", name="Caring, Coping and Competence").click()
    page.get_by_role("heading", name="What it counts for").wait_for()
    assert_accessible(page)

    # The provider uploads the roster, sees the match and confirms.
    _provider_log_in(page, staff, device)
    page.get_by_role("link", name="Caring, Coping and Competence").click()
    page.get_by_role("link", name="Upload the attendance roster").click()
    page.get_by_label("Attendance roster (CSV or Excel)").set_input_files(
        files=[
            {
                "name": "attendance.csv",
                "mimeType": "text/csv",
                "buffer": b"Nombre,Correo,Horas\nAna Reyes,ANA@example.org,10\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", name="Attendance roster").wait_for()
    page.get_by_text("Matched by email: Ana Reyes").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm attendance").click()
    page.get_by_text("Attendance confirmed: 1 credited").wait_for()
    _log_out(page)

    # The attendee sees the verified hours in the checklist and downloads the certificate.
    browser_log_in(page, "ana@example.org")
    page.goto(f"/applications/{application.pk}/")
    page.get_by_text("10 hours verified by the provider").first.wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="My catalog trainings").first.click()
    page.get_by_role("cell", name="Verified by the provider").wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate of attendance").click()
    with open(download.value.path(), "rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Ana Reyes" in text and "10 hours of 12 hours" in text

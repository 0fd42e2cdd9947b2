"""The renewal journey in Chromium: the holder sees the gaps, logs the missing training,
attests and submits; the renewal falls in the audit sample, the holder sends evidence, a
coordinator approves it, the new certificate downloads and the public page shows the new date."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import coordinator
from applicants.tests.factories import ProfileFactory, TrainingFactory, pdf_bytes
from competencies.models import RenewalPolicy
from conftest import browser_log_in
from endorsements.models import Endorsement

from ..services import certificates
from .factories import endorsement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, email):
    browser_log_in(page, email)


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_holder_renews_coordinator_approves_certificate_and_verification_update(
    page, live_server, assert_accessible, shipped_rules
):
    today = timezone.localdate()
    # Endorsed last year: the renewal deadline is 31 December this year.
    e = endorsement(
        issued_on=date(today.year - 1, 3, 1),
        email="holder@example.org",
        given_name="Nadia",
        family_name="Haddad",
        printed_name="Nadia Haddad, IMH-E®",
    )
    certificates.certificate_render(endorsement=e, notify=False)
    e.refresh_from_db()
    old_deadline = e.valid_through
    ProfileFactory(user=e.holder)
    TrainingFactory(user=e.holder, date=today, hours=Decimal("9"), dei=True, title="Equity")
    RenewalPolicy.objects.filter(category__code="IFA").update(audit_sample_percent=Decimal(100))
    coordinator(email="coord@example.org", given_name="Cora", family_name="Lee")

    # The holder sees the endorsement and the way to renew.
    _log_in(page, "holder@example.org")
    page.goto("/my/endorsements/")
    page.get_by_role("heading", name="My endorsements").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Renew IFA").click()

    # The renewal page shows the gap in training hours and links to fill it.
    page.get_by_role("heading", name="Renew your Infant Family Associate endorsement").wait_for()
    page.get_by_text("9.0 of 15 training hours").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Add a training").first.click()
    page.get_by_label("Title of the training").fill("Infant mental health update")
    page.get_by_label("Who gave it").fill("CT-AIMH")
    page.get_by_label("Date (first day)").fill(today.isoformat())
    page.get_by_label(re.compile(r"^\s*Hours\*?\s*$")).fill("6")
    page.get_by_role("combobox", name="Format").select_option(index=1)
    page.locator("input[name=competencies]").first.check()  # untagged training does not count
    page.get_by_role("button", name="Save training").click()
    page.get_by_text("The training is saved.").wait_for()

    # Back on the renewal page the gap is filled; attest and submit.
    page.goto(f"/renewals/endorsement/{e.pk}/")
    page.get_by_text("15.0 of 15 training hours").wait_for()
    page.get_by_role("button", name="Submit renewal").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("I have re-read and continue to follow the Code of Ethics").check()
    page.get_by_label("No licensing board has sanctioned me").check()
    page.get_by_label("No", exact=True).check()  # does not provide RSC to others
    page.get_by_role("button", name="Submit renewal").click()
    page.get_by_text("Your renewal was selected for a random audit").wait_for()

    # Audited: upload the evidence.
    page.get_by_role("link", name="upload your audit evidence").click()
    page.get_by_role("heading", name="Send evidence for your renewal audit").wait_for()
    assert_accessible(page)
    page.get_by_label("Evidence of your training and reflective supervision").set_input_files(
        files=[{"name": "evidence.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Send evidence").click()
    page.get_by_text("Your evidence is sent.").wait_for()
    _log_out(page)

    # The coordinator finds it in the queue and approves.
    _log_in(page, "coord@example.org")
    page.goto("/renewals/")
    page.get_by_role("heading", name="Renewals to decide").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Nadia Haddad, IMH-E®").click()
    page.get_by_role("heading", name="Renewal of Nadia Haddad, IMH-E®").wait_for()
    page.get_by_role("link", name="Download the evidence").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Approve renewal").click()
    page.get_by_text("Renewal approved").wait_for()
    page.get_by_role("heading", name="Renewals to decide").wait_for()
    _log_out(page)

    e.refresh_from_db()
    new_deadline = e.valid_through
    assert new_deadline > old_deadline
    new_text = certificates.date_text(new_deadline)

    # The holder downloads the new certificate.
    _log_in(page, "holder@example.org")
    page.goto("/my/endorsements/")
    page.get_by_text(new_text.replace(" ", " ")).first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the certificate for IFA (PDF)").click()
    pdf = open(info.value.path(), "rb").read()  # noqa: SIM115 (a temp file Playwright owns)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert new_text in text and "Nadia Haddad, IMH-E®" in text
    assert Endorsement.objects.get(pk=e.pk).certificate_rendered_at is not None

    # The public page shows the new date.
    _log_out(page)
    page.goto(f"/verify/{e.verification_code}/")
    page.get_by_role("heading", name="Endorsement check").wait_for()
    page.get_by_text(new_text).wait_for()
    page.get_by_text("This endorsement is current.").wait_for()
    assert_accessible(page)

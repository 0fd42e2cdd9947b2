"""The membership journey in Chromium: an applicant's typed membership waits for
confirmation; a coordinator imports the association's member list, checks the preview and
confirms it; the applicant's checklist item turns met. Every page axe-clean."""

from datetime import date

import pytest

from accounts.tests.factories import applicant, coordinator
from conftest import browser_log_in, seed_data_ensure
from endorsements.services.applications import application_open
from endorsements.tests.factories import category, ifa_portfolio
from memberships.models import Membership
from memberships.tests.factories import ClaimFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_member_list_import_turns_the_checklist_item_met(
    page, live_server, assert_accessible, tmp_path
):
    seed_data_ensure()
    person = applicant(email="dana@example.org", given_name="Dana", family_name="Okafor")
    coordinator(email="coord@example.org", given_name="Cora", family_name="Lee")
    application = application_open(applicant=person, category=category("IFA"))
    ifa_portfolio(person)
    Membership.objects.filter(person=person).delete()  # only what Dana typed
    ClaimFactory(person=person, number="CT-4242", ends_on=date(2030, 6, 30))
    member_list = tmp_path / "members.csv"
    member_list.write_text(
        "Email,Membership number,Type,Start date,End date\n"
        "Dana@example.org,CT-4242,individual,07/01/2025,06/30/2030\n"
        "someone@example.org,CT-5,student,2026-01-01,2026-12-31\n"
    )

    # The applicant's checklist says the membership waits for a coordinator.
    browser_log_in(page, "dana@example.org")
    page.goto(f"/applications/{application.pk}/")
    page.get_by_text("is waiting for a coordinator to confirm it").first.wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="My membership").first.click()
    page.get_by_role("heading", name="My membership").wait_for()
    page.get_by_text("(number CT-4242, until 30 June 2030) is waiting").wait_for()
    assert_accessible(page)
    _log_out(page)

    # The coordinator imports the member list: a preview first, then the confirmation.
    browser_log_in(page, "coord@example.org")
    page.get_by_role("link", name="Memberships").first.click()
    page.get_by_role("heading", name="Membership claims to confirm").wait_for()
    page.get_by_role("link", name="Dana Okafor").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Import the member list").click()
    page.get_by_role("heading", name="Import the member list").wait_for()
    assert_accessible(page)
    page.get_by_label("Member list (CSV or Excel)").set_input_files(str(member_list))
    page.get_by_label("Month first, like 12/31/2026").check()
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Member list preview").wait_for()
    page.get_by_text("Added, confirming the member's claim").wait_for()
    page.get_by_text("No account has the email someone@example.org").wait_for()
    assert_accessible(page)
    assert not Membership.objects.filter(person=person, status="recorded").exists()
    page.get_by_role("button", name="Confirm the import").click()
    page.get_by_text("Member list imported: 1 added").wait_for()
    assert_accessible(page)
    _log_out(page)

    # The applicant's checklist item is met by the record.
    browser_log_in(page, "dana@example.org")
    page.goto(f"/applications/{application.pk}/")
    page.get_by_text("Membership current until 30 June 2030.").wait_for()
    assert_accessible(page)
    record = Membership.objects.get(person=person)
    assert (record.status, record.source, record.starts_on) == (
        "recorded",
        "import",
        date(2025, 7, 1),
    )

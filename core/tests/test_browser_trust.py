"""The pages this sprint added or changed, as people use them in Chromium, checked with axe:
correcting one's name, the coordinators' audit log, the diversity report's hidden counts."""

from datetime import date

import pytest

from accounts.tests.factories import applicant, coordinator
from conftest import browser_log_in
from core.audit import audit_record
from core.models import AuditAction

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_person_corrects_their_name(page, assert_accessible):
    applicant(email="sam@example.org", given_name="Sam", family_name="Smyth")
    browser_log_in(page, "sam@example.org")

    page.goto("/accounts/password_change/")
    page.get_by_role("link", name="Correct your name").click()
    page.get_by_role("heading", name="Your name").wait_for()
    assert_accessible(page)
    page.get_by_label("Legal last name").fill("")
    page.get_by_role("button", name="Save my name").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Legal last name").fill("Smith")
    page.get_by_role("button", name="Save my name").click()

    page.get_by_text("Your name is now Sam Smith.").wait_for()
    page.get_by_text("Sam Smyth until").wait_for()
    assert_accessible(page)
    page.screenshot(path="/tmp/wt15-name.png", full_page=True)


def test_a_coordinator_reads_and_filters_the_audit_log(page, assert_accessible):
    staff = coordinator(email="cora@example.org")
    someone = applicant()
    for n in range(3):
        audit_record(
            action=AuditAction.REVIEW_SUBMITTED,
            actor=staff,
            application_id=700 + n,
            subject=someone,
            details={"recommendation": "endorse", "round": 1},
        )
    browser_log_in(page, "cora@example.org")

    page.get_by_role("link", name="Audit log").first.click()
    page.get_by_role("heading", name="Audit log").wait_for()
    assert_accessible(page)
    page.get_by_label("Application number").fill("701")
    page.get_by_role("button", name="Show events").click()
    page.get_by_text("Application 701").wait_for()
    assert page.get_by_text("Application 700").count() == 0
    page.get_by_label("From").fill("not a date")
    page.get_by_role("button", name="Show events").click()
    page.get_by_text("Enter the date like 2026-03-31").first.wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_label("From").fill("")
        page.get_by_role("button", name="Show events").click()
        page.get_by_role("link", name="Download these events (CSV)").click()
    assert download.value.suggested_filename.startswith("audit-log-")
    page.screenshot(path="/tmp/wt15-audit.png", full_page=True)


def test_the_diversity_report_explains_its_hidden_counts(page, assert_accessible):
    from endorsements.reports.tests.factories import endorse, person

    for county, n in (("Hartford", 7), ("New London", 2)):
        for _ in range(n):
            endorse(person(county=county, gender="woman"), "IFA", on=date(2024, 1, 1))
    coordinator(email="cora@example.org")
    browser_log_in(page, "cora@example.org")

    page.goto("/reports/diversity/")
    page.get_by_role("heading", name="Workforce diversity").wait_for()

    assert "[c]" in page.content() and "can stand for any number" in page.content()
    assert_accessible(page)
    page.screenshot(path="/tmp/wt15-diversity.png", full_page=True)

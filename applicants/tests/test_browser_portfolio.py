"""A home visitor builds a portfolio in Chromium: profile, education with a transcript,
a training, a mistake corrected, and the dashboard totals. axe-core checks every page."""

import re

import pytest

from accounts.tests.factories import PASSWORD, applicant

from .factories import pdf_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_applicant_builds_a_portfolio(page, live_server, assert_accessible, tmp_path):
    # Labels are matched whole where one is a substring of another ("Format", "information");
    # crispy's hidden asterisk on required fields may end the accessible name.
    applicant(email="dana@example.org", given_name="Dana", family_name="Okafor")
    transcript = tmp_path / "Dana transcript.pdf"
    transcript.write_bytes(pdf_bytes())

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("dana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="My portfolio").first.click()

    page.get_by_role("heading", name="My portfolio").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Fill in your profile").click()

    page.get_by_role("heading", name="Your profile").wait_for()
    assert_accessible(page)
    assert page.get_by_label("Legal first name").input_value() == "Dana"
    page.get_by_label("Phone number").fill("860-555-0123")
    page.get_by_label("County where you work").select_option(label="Hartford")
    page.get_by_label("Employer or program not in the list").fill("Hartford Family Center")
    page.get_by_label("Kind of program").select_option(label="Home visiting")
    page.get_by_label("Role or job title").fill("Home visitor")
    page.get_by_label("Spanish").check()
    page.get_by_role("button", name="Save profile").click()

    page.get_by_text("Your profile is saved.").wait_for()
    assert "Membership number" in page.content()  # still missing, and said so
    page.get_by_role("link", name="Education").click()

    page.get_by_role("heading", name="Education").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Add a degree or qualification").click()
    page.get_by_label("Degree or qualification").select_option(label="Associate degree")
    page.get_by_label("Institution").fill("Capital Community College")
    page.get_by_label("Date completed").fill("2031-05-20")
    page.get_by_label("Transcript or diploma").set_input_files(str(transcript))
    page.get_by_role("button", name="Save degree or qualification").click()

    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    assert page.get_by_label("Institution").input_value() == "Capital Community College"
    assert "must be today or in the past" in page.content()
    page.get_by_label("Date completed").fill("2018-05-20")
    page.get_by_label("Transcript or diploma").set_input_files(str(transcript))
    page.get_by_role("button", name="Save degree or qualification").click()

    page.get_by_text("The degree or qualification is saved.").wait_for()
    assert_accessible(page)
    assert page.get_by_role("link", name="Dana transcript.pdf").is_visible()
    page.get_by_role("link", name="Back to my portfolio").click()
    page.get_by_role("link", name="In-service training").click()
    page.get_by_role("link", name="Add a training").click()

    page.get_by_role("heading", name="Add a training").wait_for()
    assert_accessible(page)
    page.get_by_label("Title of the training").fill("Attachment across cultures")
    page.get_by_label("Who gave it").fill("CT-AIMH")
    page.get_by_label("Date (first day)").fill("2024-03-14")
    page.get_by_label(re.compile(r"^\s*Hours\*?\s*$")).fill("6")
    page.get_by_label(re.compile(r"^\s*Format\*?\s*$")).select_option(label="In person")
    page.get_by_label("It was about diversity, equity and inclusion").check()
    page.locator("input[name=competencies]").first.check()
    page.get_by_role("button", name="Save training").click()

    page.get_by_text("The training is saved.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Back to my portfolio").click()

    page.get_by_role("heading", name="My portfolio").wait_for()
    content = page.content()
    assert "1 degree or qualification" in content
    assert "6 hours in total, of which 6 on diversity" in content

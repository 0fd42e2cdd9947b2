"""The RSC journey in Chromium: log sessions, import a spreadsheet with a bad row fixed in the
preview, the provider confirms some and disputes one through the emailed link, and the
applicant sees the result."""

import re

import pytest
from django.core import mail

from accounts.tests.factories import PASSWORD, applicant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CSV = (
    "Date,Hours,Format,Modality,Focus,Provider,Provider email\n"
    "1/14/2026,1,individual,virtual,own work,Mina Patel,mina@example.org\n"
    "2026-01-21,1:30,individual,in person,,Mina Patel,mina@example.org\n"
    "28/1/2026,1,individual,virtual,,Mina Patel,mina@example.org\n"
)


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Welcome back").wait_for()


def test_log_import_attest_and_see_the_result(page, live_server, assert_accessible):
    applicant(email="alma@example.org", given_name="Alma", family_name="Reyes")
    _log_in(page, "alma@example.org")

    # An empty log explains what RSC is and how to log it.
    page.goto("/rsc/")
    page.get_by_role("heading", name="You have not logged any RSC yet").wait_for()
    assert_accessible(page)

    # One session by hand, with a new provider.
    page.get_by_role("link", name="Add a session").first.click()
    page.get_by_role("heading", name="Add a session").wait_for()
    assert_accessible(page)
    page.get_by_label("Date of the session").fill("2026-01-07")
    page.get_by_label("Hours").fill("1")
    page.get_by_label("Minutes").fill("0")
    page.get_by_label("Individual").check()
    page.get_by_label("Virtual", exact=True).check()
    page.get_by_label("Pregnancy to 36 months").check()
    page.get_by_label("Who provided the RSC").select_option(
        label="Someone not in this list (enter below)"
    )
    page.get_by_label("New provider's full name").fill("Mina Patel")
    page.get_by_label("New provider's email address").fill("mina@example.org")
    page.get_by_role("button", name="Add session", exact=True).click()
    page.get_by_text("Session on 7 January 2026 added to your log.").wait_for()
    assert_accessible(page)

    # A spreadsheet with one row we cannot read, fixed in the preview.
    page.get_by_role("link", name="Import from a spreadsheet (CSV)").click()
    page.get_by_role("heading", name="Import sessions from a spreadsheet").wait_for()
    assert_accessible(page)
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "rsc-2026.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="1 row has a problem").wait_for()
    assert "We cannot read the date “28/1/2026”" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Fix row 4").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Date").fill("1/28/2026")
    page.get_by_role("button", name="Save this row").click()
    page.get_by_text("All 3 rows can be imported").wait_for()
    page.get_by_role("button", name="Import 3 sessions").click()
    page.get_by_text("3 sessions imported into your log.").wait_for()
    assert "4.5 hours in 4 sessions" in page.content()
    assert_accessible(page)

    # Ask the provider to confirm the four sessions.
    page.get_by_role("button", name="Ask Mina Patel to confirm 4 sessions").click()
    page.get_by_text("We emailed Mina Patel a link to confirm 4 sessions").wait_for()
    page.get_by_text("Waiting for Mina Patel to answer about 4 sessions").wait_for()
    assert_accessible(page)

    # The provider, with no account, opens the emailed link in another browser.
    request_email = mail.outbox[-1]
    assert request_email.to == ["mina@example.org"]
    link = re.search(r"(http://\S+/rsc/confirm/\S+/)", request_email.body).group(1)
    provider = page.context.browser.new_context(base_url=live_server.url)
    provider_page = provider.new_page()
    provider_page.goto(link)
    provider_page.get_by_role(
        "heading", name="Confirm the RSC sessions Alma Reyes logged with you"
    ).wait_for()
    assert_accessible(provider_page)
    for day in ("7 January 2026", "14 January 2026", "21 January 2026"):
        provider_page.get_by_label(f"Confirm the session on {day}").check()
    provider_page.get_by_label("Dispute the session on 28 January 2026").check()
    provider_page.get_by_role("button", name="Send my answers").click()
    provider_page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(provider_page)
    provider_page.get_by_label(
        "Comment (needed when you dispute) on the session on 28 January 2026"
    ).fill("We did not meet that week.")
    provider_page.get_by_role("button", name="Send my answers").click()
    provider_page.get_by_role("heading", name="Thank you, your answers are recorded").wait_for()
    assert_accessible(provider_page)
    # The link works once.
    provider_page.goto(link)
    provider_page.get_by_role("heading", name="These sessions are already answered").wait_for()
    provider.close()

    # The applicant sees each session's answer.
    assert "3 confirmed, 1 disputed" in mail.outbox[-1].body
    page.goto("/rsc/")
    sessions = page.get_by_role("table", name="Your sessions, newest first")
    assert sessions.get_by_text("Confirmed", exact=True).count() == 3
    assert sessions.get_by_text("Disputed", exact=True).count() == 1
    page.get_by_text("Mina Patel: “We did not meet that week.”").wait_for()
    assert_accessible(page)


def test_quick_entry_preview_delete_and_a_bad_link(page, live_server, assert_accessible):
    applicant(email="ben@example.org")
    _log_in(page, "ben@example.org")

    page.goto("/rsc/quick/")
    page.get_by_role("heading", name="Add regular sessions at once").wait_for()
    assert_accessible(page)
    page.get_by_label("Who provided the RSC").select_option(
        label="Peer supervision (no identified provider)"
    )
    page.get_by_label("Date of the first session").fill("2026-02-02")
    page.get_by_label("Every 2 weeks").check()
    page.get_by_label("Number of sessions").fill("3")
    page.get_by_label("Group", exact=True).check()
    page.get_by_label("How many people were in the group, you included").fill("4")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Both", exact=True).check()
    page.get_by_role("button", name="Preview the sessions").click()
    page.get_by_role("heading", name="Check the 3 sessions before saving").wait_for()
    assert "2 March 2026" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Save 3 sessions").click()
    page.get_by_text("3 sessions added to your log.").wait_for()

    page.get_by_role("link", name="Delete the session on 2 March 2026").click()
    page.get_by_role("heading", name="Delete the session on 2 March 2026?").wait_for()
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete this session").click()
    page.get_by_text("Session on 2 March 2026 deleted from your log.").wait_for()

    page.goto("/rsc/confirm/not-a-real-link/")
    page.get_by_role("heading", name="This link does not work").wait_for()
    assert_accessible(page)

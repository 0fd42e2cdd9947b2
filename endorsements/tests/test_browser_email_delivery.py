"""In Chromium: the applicant sees that a rater's email was not delivered (the mail server
refused the address), corrects the address, the new link goes out, and the rater completes
the rating from it. Mail goes through a real SMTP server in the test process."""

import re

import pytest

from accounts.tests.factories import applicant
from conftest import browser_log_in
from endorsements.services.references import reference_invite
from endorsements.tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = re.compile(r"https?://[^\s]+/reference/[^\s]+/")


def test_applicant_fixes_a_failed_rater_email_and_the_rater_completes(
    page, live_server, smtp_server, assert_accessible
):
    dana = applicant(email="dana@example.org", given_name="Dana", family_name="Okafor")
    application = ApplicationFactory(applicant=dana)
    reference_invite(
        application=application,
        rater_name="Maria Lopez",
        rater_email="maria.nosuch@example.org",  # a typo the mail server refuses (550)
        relationship="current_supervisor",
    )

    browser_log_in(page, "dana@example.org")
    page.goto(f"/applications/{application.pk}/")
    fix_first = page.get_by_role("region", name="Fix first: emails that did not arrive")
    fix_first.get_by_text("Our email to Maria Lopez at maria.nosuch@example.org").wait_for()
    assert_accessible(page)
    fix_first.get_by_role("link", name="Correct the address and send a new link").click()

    page.get_by_role("heading", name="Reference raters").wait_for()
    page.get_by_text("Not delivered").wait_for()
    assert "check it is spelled right" in page.content()
    page.get_by_role("link", name="Correct the email address of Maria Lopez").click()
    page.get_by_label("Correct email address").fill("maria@example.org")
    page.get_by_role("button", name="Send the link to this address").click()
    page.get_by_text("We sent a new link to maria@example.org").wait_for()
    page.get_by_text("emailed to maria@example.org on").wait_for()
    assert_accessible(page)

    # The rater opens the new link from the email the server received.
    message = next(m for m in smtp_server.received if m["To"] == "maria@example.org")
    link = LINK.search(message.get_body(("plain",)).get_content()).group(0)
    rater = page.context.browser.new_context(base_url=live_server.url).new_page()
    rater.goto(link)
    rater.get_by_role("heading", name="Reference rating for Dana Okafor").wait_for()
    ratings = rater.get_by_label("4 – Usually")
    for i in range(ratings.count()):
        ratings.nth(i).check()
    rater.get_by_role("button", name="Send my rating").click()
    rater.get_by_role("heading", name="Thank you, your rating is sent").wait_for()
    rater.context.close()

    page.reload()
    page.get_by_text("Completed").first.wait_for()
    assert "Not delivered" not in page.content()
    page.goto(f"/applications/{application.pk}/")
    assert "Fix first" not in page.content()

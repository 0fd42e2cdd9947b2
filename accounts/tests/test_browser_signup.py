"""The first journey: sign up, confirm the email address, log in (Chromium via Playwright)."""

import re

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_up_verify_email_and_log_in(page, live_server, assert_accessible):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Create an account").first.click()

    page.get_by_role("heading", name="Create an account").wait_for()
    assert_accessible(page)
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Email address").fill("dana.okafor@example.org")
    page.get_by_label("Create a password").fill("a-long-unusual-passphrase")
    page.get_by_label("Confirm the password").fill("a-different-passphrase")
    page.get_by_role("button", name="Create account").click()

    # A mistake is explained and nothing typed is lost.
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    assert page.get_by_label("Email address").input_value() == "dana.okafor@example.org"
    page.get_by_label("Create a password").fill("a-long-unusual-passphrase")
    page.get_by_label("Confirm the password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("heading", name="Check your email").wait_for()
    assert_accessible(page)
    assert "dana.okafor@example.org" in page.content()
    link = re.search(r"(http://\S+/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)

    page.goto(link)
    page.get_by_role("heading", name="Log in").wait_for()
    assert "is confirmed" in page.content()
    page.get_by_label("Email address").fill("dana.okafor@example.org")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Log in").click()

    page.get_by_text("Welcome back, Dana").wait_for()
    assert_accessible(page)


def test_log_in_before_confirming_explains_what_to_do(page, live_server, assert_accessible):
    from accounts.tests.factories import PASSWORD, UserFactory

    UserFactory(email="unconfirmed@example.org", email_verified_at=None)

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("unconfirmed@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_text("Confirm your email address first").first.wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Send the link again").first.click()
    page.get_by_role("heading", name="Send the confirmation link again").wait_for()

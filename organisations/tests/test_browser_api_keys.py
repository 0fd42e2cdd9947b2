"""An organisation's staff member makes an API key in Chromium, a program uses it, and the
staff member revokes it; each page checked with axe, and the API's docs page too."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.test_two_factor import current_code
from conftest import browser_log_in
from endorsements.credentials.tests.factories import endorsement

from .factories import staff_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_make_use_and_revoke_an_api_key(page, assert_accessible, live_server):
    user = staff_member(email="hana@harbor.example.org")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    ana = endorsement(given_name="Ana", family_name="Muñoz")
    browser_log_in(page, "hana@harbor.example.org")

    page.goto("/organisations/")
    page.get_by_label("Code").fill(current_code(device))  # their second factor, like staff
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="API keys for checking in bulk from your own programs").click()
    page.get_by_role("heading", name="API keys", exact=True).wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Make key").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Name of the key").fill("Payroll system")
    page.get_by_role("button", name="Make key").click()
    page.get_by_text("Copy the key now. It will not be shown again.").wait_for()
    assert_accessible(page)
    key = page.get_by_label("The key “Payroll system”").input_value()

    api = page.context.request
    answer = api.get(
        f"{live_server.url}/api/v1/credentials/{ana.number}",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.status == 200
    assert answer.json()["status"] == "active"

    page.get_by_role("link", name="I have copied the key").click()
    page.get_by_role("cell", name="Payroll system", exact=True).wait_for()
    assert key not in page.content()
    page.get_by_role("link", name="Revoke Payroll system").click()
    page.get_by_role("heading", name="Revoke the key “Payroll system”?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke key").click()
    page.get_by_text("is revoked: calls with it now fail").wait_for()
    assert_accessible(page)

    refused = api.get(
        f"{live_server.url}/api/v1/credentials/{ana.number}",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert refused.status == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")

    page.get_by_role("link", name="Read how to use the API").click()
    page.get_by_role("heading", name="Verification API").wait_for()
    assert_accessible(page)
    page.screenshot(path="/tmp/i17api-docs.png", full_page=True)

"""A visitor reads the requirements without an account (Chromium via Playwright)."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_finds_the_requirements_of_a_category(page, live_server, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Endorsement requirements").first.click()

    page.get_by_role("heading", name="Endorsement requirements", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("heading", name="Early childhood (3 up to 6 years)").wait_for()
    imhs = page.get_by_role("article", name="Infant Mental Health Specialist (IMHS)")
    assert "At least 50 hours of reflective supervision" in imhs.inner_text()

    imhs.get_by_role("link", name="Infant Mental Health Specialist (IMHS)").click()
    page.get_by_role("heading", name="Infant Mental Health Specialist (IMHS)", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("heading", name="Reflection").wait_for()
    assert page.get_by_text("Psychotherapeutic and behavioral theories of change").is_visible()

    page.get_by_role("link", name="Back to all endorsement requirements").click()
    page.get_by_role("heading", name="Endorsement requirements", level=1).wait_for()

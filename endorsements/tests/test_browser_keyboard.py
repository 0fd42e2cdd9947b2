"""The applicant journey with the keyboard alone: Tab to move, Enter and Space to act, typing
into fields. Locators only check where the focus is; nothing is clicked."""

import pytest

from accounts.models import Role
from accounts.tests.factories import PASSWORD, UserFactory
from applicants.models import Training
from endorsements.models import Application

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_TABS = 150


def tab_to(page, locator):
    """Press Tab until `locator` has the focus (fail if it never does: not reachable)."""
    target = locator.first
    for _ in range(MAX_TABS):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {locator} with the Tab key")


def test_applicant_journey_with_the_keyboard_alone(page, live_server, assert_accessible):
    UserFactory(email="kim@example.org", given_name="Kim", roles=[Role.APPLICANT])

    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type("kim@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Welcome back, Kim").wait_for()

    # The skip link is the first stop and takes the focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"

    tab_to(page, page.get_by_role("link", name="My portfolio"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="My portfolio").wait_for()
    tab_to(page, page.get_by_role("link", name="In-service training"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Add a training"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Add a training").wait_for()

    tab_to(page, page.get_by_label("Title of the training"))
    page.keyboard.type("Reflective practice basics")
    tab_to(page, page.get_by_label("Who gave it"))
    page.keyboard.type("CT-AIMH")
    tab_to(page, page.get_by_label("Date (first day)"))
    page.keyboard.type("03142024")
    tab_to(page, page.locator("#id_hours"))
    page.keyboard.type("6")
    tab_to(page, page.locator("#id_format"))
    page.keyboard.type("In person")
    tab_to(page, page.get_by_label("It was about diversity, equity and inclusion"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("input[name=competencies]"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save training"))
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.get_by_text("The training is saved.").wait_for()

    training = Training.objects.get(user__email="kim@example.org")
    assert training.title == "Reflective practice basics"
    assert training.dei and training.competencies.count() == 1

    tab_to(page, page.get_by_role("link", name="My applications"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Start a new application"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Apply for IFA Infant Family Associate"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="What your application needs").wait_for()
    assert_accessible(page)
    assert Application.objects.get(applicant__email="kim@example.org").category.code == "IFA"

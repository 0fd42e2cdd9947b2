"""Acceptance in Chromium: a coordinator assigns two reviewers (one conflicted assignment is
blocked until overridden), both review independently in their own browsers, the coordinator
reconciles and endorses, and the applicant sees "Endorsed" and gets the email. Second path:
defer, the applicant adds a training and resubmits, the same reviewers see what changed, and
the application is endorsed. axe-core checks every page.

Staff sign in by session cookie: their password + second-factor journey is tested in accounts;
the applicant signs in through the log-in page."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.tests.factories import PASSWORD, coordinator
from applicants.tests.factories import AgencyFactory
from endorsements.models import Application, ApplicationStatus
from endorsements.review.models import Assignment
from endorsements.review.snapshot import SECTIONS
from endorsements.services.applications import application_submit
from endorsements.tests.factories import ready_application, seed_data_ensure

from .factories import qualified_reviewer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def staff_page(browser, live_server, user):
    """A separate browser (context) signed in as `user`, second factor passed."""
    client = Client()
    client.force_login(user)  # conftest marks the session as having passed 2FA
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def world():
    seed_data_ensure()  # a browser test before this one may have flushed the seeded rows
    application = ready_application()
    application = application_submit(application=application, actor=application.applicant)
    agency = AgencyFactory(name="Hartford Family Center")
    applicant_profile = application.applicant.applicant_profile
    applicant_profile.agency = agency
    applicant_profile.save()
    ruth = qualified_reviewer(given_name="Ruth", family_name="Reviewer")
    rafael = qualified_reviewer(given_name="Rafael", family_name="Colleague")
    from applicants.tests.factories import ProfileFactory

    ProfileFactory(user=rafael, agency=agency)
    return application, ruth, rafael, coordinator(given_name="Cora", family_name="Coordinator")


def assign_with_override(page, application, assert_accessible):
    page.goto("/review/inbox/")
    page.get_by_role("heading", name="Review inbox").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=f"Assign reviewers for {application.applicant.full_name}").click()
    page.get_by_role("heading", name="Assign reviewers").wait_for()
    assert_accessible(page)
    assert "works at the applicant's agency" in page.content().replace("&#x27;", "'")
    page.get_by_label("Ruth Reviewer (0 open)").check()
    page.get_by_label("Rafael Colleague (0 open)").check()
    page.get_by_role("button", name="Assign reviewers").click()

    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    assert not Assignment.objects.exists()
    page.get_by_label("Assign despite the conflicts shown").check()
    page.get_by_label("Reason for the override").fill("Different site; no other reviewer free")
    page.get_by_role("button", name="Assign reviewers").click()
    page.get_by_text("Reviewers assigned.").wait_for()


def review_in_browser(page, recommendation, assert_accessible, *, expect_change=False, **extra):
    page.goto("/review/queue/")
    page.get_by_role("heading", name="My reviews").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Open review")).first.click()
    page.get_by_role("heading", name=re.compile("^Review of")).wait_for()
    assert_accessible(page)
    if expect_change:
        changes = page.get_by_role("region", name="What changed since the last round")
        assert "In-service training: changed" in changes.inner_text()
        assert "Education: unchanged" in changes.inner_text()
        assert "Infant development in the first year" in page.content()
    assert "appears here once you have both submitted" in page.content()
    for key, _ in SECTIONS:
        page.locator(f"input[name='{key}_met'][value='met']").check()
    page.get_by_label("Overall comments").fill(f"Comments by {recommendation}")
    page.get_by_label(recommendation, exact=True).check()
    for label, value in extra.items():
        if value is True:
            page.get_by_role("checkbox", name=label, exact=True).check()
        else:
            page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Submit review").click()
    page.get_by_text("Your review is submitted.").wait_for()


def decide_in_browser(page, application, outcome, assert_accessible, **fields):
    page.goto("/review/inbox/")
    page.get_by_role(
        "link", name=f"Reviews and decision for {application.applicant.full_name}"
    ).click()
    # The staff application page, named after the applicant and the category.
    page.get_by_role(
        "heading",
        name=f"Application of {application.applicant.full_name}, {application.category.code}",
    ).wait_for()
    assert_accessible(page)
    page.get_by_label(outcome, exact=True).check()
    for label, value in fields.items():
        if value is True:
            page.get_by_role("checkbox", name=label, exact=True).check()
        else:
            page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded").wait_for()
    assert_accessible(page)


def applicant_sees(page, application, status, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(application.applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="My applications").first.click()
    page.get_by_text(status, exact=True).first.wait_for()
    assert_accessible(page)


def test_two_reviewers_then_endorsed(page, browser, live_server, assert_accessible):
    application, ruth, rafael, cora = world()
    boss = staff_page(browser, live_server, cora)

    assign_with_override(boss, application, assert_accessible)
    review_in_browser(staff_page(browser, live_server, ruth), "Endorse", assert_accessible)
    second = staff_page(browser, live_server, rafael)
    review_in_browser(second, "Endorse", assert_accessible)
    second.get_by_role("link", name=re.compile(r"IFA, round 1")).click()
    second.get_by_text("Comments by Endorse").first.wait_for()  # both in: the other review shows
    decide_in_browser(boss, application, "Endorse", assert_accessible)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDORSED
    assert any(
        m.to == [application.applicant.email] and "You are endorsed" in m.subject
        for m in mail.outbox
    )
    applicant_sees(page, application, "Endorsed", assert_accessible)


def test_defer_amend_resubmit_then_endorsed(page, browser, live_server, assert_accessible):
    application, ruth, rafael, cora = world()
    boss = staff_page(browser, live_server, cora)
    ruth_page, rafael_page = (staff_page(browser, live_server, u) for u in (ruth, rafael))
    assign_with_override(boss, application, assert_accessible)
    defer = {
        "Feedback for the applicant": "Add a training on infant development.",
        "In-service training": True,
    }
    review_in_browser(ruth_page, "Defer with feedback", assert_accessible, **defer)
    review_in_browser(rafael_page, "Defer with feedback", assert_accessible, **defer)

    decide_in_browser(
        boss,
        application,
        "Defer: send back to the applicant",
        assert_accessible,
        **{
            "Feedback for the applicant": "Add a training on infant development.",
            "In-service training": True,
        },
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DEFERRED
    assert any("Changes requested" in m.subject for m in mail.outbox)

    # The applicant adds a training and resubmits through their own pages.
    applicant_sees(page, application, "Deferred: changes requested", assert_accessible)
    page.get_by_role("link", name="My portfolio").first.click()
    page.get_by_role("link", name="In-service training").click()
    page.get_by_role("link", name="Add a training").click()
    page.get_by_role("heading", name="Add a training").wait_for()
    page.get_by_label("Title of the training").fill("Infant development in the first year")
    page.get_by_label("Who gave it").fill("CT-AIMH")
    page.get_by_label("Date (first day)").fill("2026-01-14")
    page.get_by_label(re.compile(r"^\s*Hours\*?\s*$")).fill("6")
    page.get_by_label(re.compile(r"^\s*Format\*?\s*$")).select_option(label="In person")
    page.locator("input[name=competencies]").first.check()
    page.get_by_role("button", name="Save training").click()
    page.get_by_text("The training is saved.").wait_for()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/applications/{application.pk}/")
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    # A resubmission goes straight back to the same reviewers, as a new round.
    assert application.status == ApplicationStatus.IN_REVIEW

    review_in_browser(ruth_page, "Endorse", assert_accessible, expect_change=True)
    review_in_browser(rafael_page, "Endorse", assert_accessible, expect_change=True)
    decide_in_browser(boss, application, "Endorse", assert_accessible)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ENDORSED
    assert {a.round for a in Assignment.objects.filter(application=application)} == {1, 2}
    page.goto("/applications/")
    page.get_by_text("Endorsed", exact=True).first.wait_for()


def test_inbox_bulk_assigns_and_returns_a_resubmission(
    browser, live_server, assert_accessible, monkeypatch
):
    """The inbox's assignment form carries its CSRF token and "Return to the same reviewers"
    is a button of that form: both post from the inbox in a real browser, and the inbox
    shows the assignments on the next visit."""
    from endorsements.review import followers

    from .factories import SubmittedApplicationFactory
    from .test_resubmission_exam_reminders import deferred_application, resubmit

    seed_data_ensure()
    first, second = SubmittedApplicationFactory(), SubmittedApplicationFactory()
    ruth = qualified_reviewer(given_name="Ruth", family_name="Reviewer")
    rafael = qualified_reviewer(given_name="Rafael", family_name="Second")
    deferred, _ = deferred_application()

    def return_failed(**kwargs):
        raise RuntimeError("the automatic return failed")  # robust: the submission stands

    # As if the automatic return had failed: the coordinator returns it from the inbox.
    with monkeypatch.context() as patched:
        patched.setattr(followers, "application_resubmitted_assign_same_reviewers", return_failed)
        resubmit(deferred)
    boss = staff_page(browser, live_server, coordinator())

    boss.goto("/review/inbox/")
    boss.get_by_role("heading", name="Review inbox").wait_for()
    assert_accessible(boss)
    for application in (first, second):
        boss.get_by_label(f"Select {application.applicant.full_name}").check()
    boss.get_by_label("First reviewer").select_option(str(ruth.pk))
    boss.get_by_label("Second reviewer (optional)").select_option(str(rafael.pk))
    boss.get_by_role("button", name="Assign ticked applications").click()

    boss.get_by_text("Assigned 2 applications to Ruth Reviewer and Rafael Second.").wait_for()
    assert Assignment.objects.filter(application__in=[first, second]).count() == 4
    # Back on the inbox, both now show their reviewers.
    assert (
        boss.get_by_role("row", name=re.compile(first.applicant.full_name))
        .get_by_text("Ruth Reviewer, Rafael Second")
        .is_visible()
    )

    boss.get_by_role(
        "button", name=f"Return to the same reviewers for {deferred.applicant.full_name}"
    ).click()
    boss.get_by_text("The resubmitted application is back with the same reviewers.").wait_for()
    deferred.refresh_from_db()
    assert deferred.status == ApplicationStatus.IN_REVIEW
    assert_accessible(boss)

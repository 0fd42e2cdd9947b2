"""The life of an endorsement in Chromium, by visible labels, axe-core on every page:
endorsed as emerging then completed; lapsed then reinstated; an overdue reviewer replaced;
two decisions held and released together; a category archived and taken back.

Staff sign in by session cookie (their two-factor journey is tested in accounts); holders
through the log-in page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import coordinator
from applicants.tests.factories import ProfileFactory, TrainingFactory
from competencies.models import RequirementSet
from conftest import browser_log_in
from endorsements.credentials.services.reminders import reminders_and_lapses_run
from endorsements.credentials.tests.factories import endorsement
from endorsements.models import ApplicationStatus, Endorsement, EndorsementStatus
from endorsements.review.models import Recommendation
from endorsements.review.tests.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    qualified_reviewer,
    review_submitted,
)
from endorsements.review.tests.test_browser import staff_page
from endorsements.tests.factories import category, seed_data_ensure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
S = ApplicationStatus
E = EndorsementStatus


@pytest.fixture(autouse=True)
def _seeded():
    seed_data_ensure()  # a browser test before this one may have flushed the seeded rows


def reviewed(code="IFA", recommendation=Recommendation.ENDORSE, **applicant):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW, category=category(code))
    if applicant:
        type(application.applicant).objects.filter(pk=application.applicant_id).update(**applicant)
        application.refresh_from_db()
    for _ in range(2):
        review_submitted(
            AssignmentFactory(application=application, reviewer=qualified_reviewer()),
            recommendation,
        )
    return application


def open_application_page(page, application, assert_accessible):
    page.goto("/review/inbox/")
    page.get_by_role(
        "link", name=f"Reviews and decision for {application.applicant.full_name}"
    ).click()
    page.get_by_role(
        "heading",
        name=f"Application of {application.applicant.full_name}, {application.category.code}",
    ).wait_for()
    assert_accessible(page)


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_endorsed_as_emerging_then_completed(page, browser, live_server, assert_accessible):
    application = reviewed(
        "IFRS", Recommendation.EMERGING, given_name="Emma", family_name="Emerging"
    )
    holder = application.applicant
    boss = staff_page(browser, live_server, coordinator(given_name="Cora"))

    open_application_page(boss, application, assert_accessible)
    boss.get_by_label("Endorse as emerging", exact=True).check()
    boss.get_by_role("button", name="Record decision").click()
    boss.get_by_text("Decision recorded").wait_for()
    credential = Endorsement.objects.get(application=application)
    assert credential.status == E.EMERGING

    # The holder sees what is left; she then finishes it (here: the association's rules for
    # what is left are met by her portfolio, as data).
    browser_log_in(page, holder.email)
    page.goto("/my/endorsements/")
    page.get_by_text("Active (emerging)").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="See what is left").click()
    page.get_by_role(
        "heading", name=f"Complete your {category('IFRS').name} endorsement"
    ).wait_for()
    page.get_by_text("Not met yet:").first.wait_for()
    assert_accessible(page)
    RequirementSet.objects.filter(pk=application.requirement_set_id).update(
        min_education_level="none",
        work_years=0,
        leadership_years=0,
        training_hours=0,
        training_dei_hours=0,
        training_rsc_provision_hours=0,
        training_must_cover_domains=False,
        rsc_hours=0,
        references_required=0,
        references_endorsed_required=0,
        membership_required=False,
        ethics_required=False,
        reference_relationships=[],
        rsc_span_min_months=None,
        rsc_span_max_months=None,
        rsc_main_provider_share_percent=None,
    )
    page.reload()
    page.get_by_label("Anything the coordinator should know").fill("My leadership year is done.")
    page.get_by_role("button", name="Ask to complete my endorsement").click()
    page.get_by_text("You have asked to complete your endorsement").wait_for()
    assert_accessible(page)

    # The coordinator approves from the queue.
    boss.goto("/renewals/")
    boss.get_by_role("heading", name="Renewals to decide").wait_for()
    assert_accessible(boss)
    boss.get_by_role("link", name=credential.printed_name).click()
    boss.get_by_role(
        "heading", name=f"Complete an emerging endorsement: {credential.printed_name}"
    ).wait_for()
    assert_accessible(boss)
    boss.get_by_role("button", name="Approve request").click()
    boss.get_by_text("Request approved").wait_for()

    credential.refresh_from_db()
    application.refresh_from_db()
    assert (credential.status, application.status) == (E.ACTIVE, S.ENDORSED)
    page.goto("/my/endorsements/")
    page.get_by_text("Active", exact=True).wait_for()
    assert any("is complete" in m.subject for m in mail.outbox)


def test_lapsed_then_reinstated(page, browser, live_server, assert_accessible):
    today = timezone.localdate()
    # Endorsed two years ago: the deadline and its grace period have passed.
    e = endorsement(
        issued_on=dt.date(today.year - 2, 3, 1),
        email="leo@example.org",
        given_name="Leo",
        family_name="Lapsed",
    )
    ProfileFactory(user=e.holder)
    TrainingFactory(user=e.holder, date=today, hours=Decimal("15"), dei=True, title="Equity")
    reminders_and_lapses_run(today=today)  # the daily job
    e.refresh_from_db()
    assert e.status == E.LAPSED
    boss = staff_page(browser, live_server, coordinator(given_name="Cora"))

    browser_log_in(page, "leo@example.org")
    page.goto("/my/endorsements/")
    page.get_by_text("You can ask to reinstate this endorsement until").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="See what reinstating needs").click()
    page.get_by_role("heading", name="What reinstating needs now").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ask to reinstate").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("I have re-read and follow the Code of Ethics").check()
    page.get_by_label("No licensing board has sanctioned me").check()
    page.get_by_role("button", name="Ask to reinstate").click()
    page.get_by_text("You have asked to reinstate your endorsement").wait_for()

    boss.goto("/renewals/")
    boss.get_by_role("link", name=e.printed_name).click()
    boss.get_by_role("heading", name=f"Reinstate a lapsed endorsement: {e.printed_name}").wait_for()
    assert_accessible(boss)
    boss.get_by_label("Note to the holder").fill("Welcome back.")
    boss.get_by_role("button", name="Approve request").click()
    boss.get_by_text("Request approved").wait_for()

    e.refresh_from_db()
    assert e.status == E.ACTIVE and e.valid_through >= today
    page.goto(f"/verify/{e.verification_code}/")
    page.get_by_text("This endorsement is current.").wait_for()
    assert_accessible(page)


def test_replace_an_overdue_reviewer(browser, live_server, assert_accessible):
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    late = AssignmentFactory(
        application=application,
        reviewer=qualified_reviewer(given_name="Lara", family_name="Late"),
        due_on=timezone.localdate() - dt.timedelta(days=4),
    )
    AssignmentFactory(application=application, reviewer=qualified_reviewer())
    fresh = qualified_reviewer(given_name="Nina", family_name="New")
    boss = staff_page(browser, live_server, coordinator(given_name="Cora"))

    boss.goto("/review/inbox/")
    boss.get_by_text("Overdue").first.wait_for()
    open_application_page(boss, application, assert_accessible)
    boss.get_by_role("link", name="Replace Lara Late").click()
    boss.get_by_role("heading", name="Replace Lara Late").wait_for()
    assert_accessible(boss)
    boss.get_by_label("New reviewer").select_option(label="Nina New (0 open)")
    boss.get_by_label("Why replace this reviewer").fill("Four days late, no answer to emails.")
    boss.get_by_role("button", name="Replace reviewer").click()
    boss.get_by_text("Nina New now reviews this application").wait_for()
    assert_accessible(boss)

    assert list(application.assignments.values_list("reviewer", flat=True)).count(fresh.pk) == 1
    assert not application.assignments.filter(pk=late.pk).exists()
    assert any(m.to == [fresh.email] for m in mail.outbox)
    assert "Four days late" in boss.content()


def test_hold_two_decisions_and_release_them_together(browser, live_server, assert_accessible):
    first = reviewed(given_name="Hana", family_name="First")
    second = reviewed(given_name="Omar", family_name="Second")
    boss = staff_page(browser, live_server, coordinator(given_name="Cora"))

    for application in (first, second):
        open_application_page(boss, application, assert_accessible)
        boss.get_by_label("Endorse", exact=True).check()
        boss.get_by_label("Hold this decision and release it later with others").check()
        boss.get_by_role("button", name="Record decision").click()
        boss.get_by_text("Decision held.").wait_for()
        assert_accessible(boss)
    first.refresh_from_db()
    assert first.status == S.IN_REVIEW and not mail.outbox

    boss.goto("/review/inbox/")
    boss.get_by_role("link", name="Held decisions waiting for release").click()
    boss.get_by_role("heading", name="Held decisions").wait_for()
    assert_accessible(boss)
    boss.get_by_label("Release the decision on Hana First, IFA").check()
    boss.get_by_label("Release the decision on Omar Second, IFA").check()
    boss.get_by_role("button", name="Release ticked decisions").click()
    boss.get_by_text("2 decisions released").wait_for()
    assert_accessible(boss)

    for application in (first, second):
        application.refresh_from_db()
        assert application.status == S.ENDORSED
        assert any(
            m.to == [application.applicant.email] and "You are endorsed" in m.subject
            for m in mail.outbox
        )


def test_archive_and_take_back_by_the_holder(page, assert_accessible):
    e = endorsement(
        issued_on=dt.date(timezone.localdate().year, 1, 2),
        email="ari@example.org",
        given_name="Ari",
        family_name="Archive",
    )

    browser_log_in(page, "ari@example.org")
    page.goto("/my/endorsements/")
    page.get_by_role("link", name="Archive IFA (you no longer want it)").click()
    page.get_by_role("heading", name="Archive your Infant Family Associate endorsement").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Archive IFA").click()
    page.get_by_text("IFA is archived").wait_for()
    assert_accessible(page)
    e.refresh_from_db()
    assert e.status == E.ARCHIVED
    page.goto(f"/verify/{e.verification_code}/")
    page.get_by_text("Archived by the holder").wait_for()

    page.goto("/my/endorsements/")
    page.get_by_role("button", name="Take IFA back from the archive").click()
    page.get_by_text("IFA is back from the archive").wait_for()
    assert_accessible(page)
    e.refresh_from_db()
    assert e.status == E.ACTIVE

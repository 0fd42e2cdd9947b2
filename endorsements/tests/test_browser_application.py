"""The acceptance journey of the portfolio issue, in Chromium: a home visitor logs in, fills the
profile, adds education with a transcript, work and training, opens an IFA application, invites
three raters who each answer from the emailed link, signs the Code of Ethics and submits.
axe-core checks every page on the way."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import PASSWORD, applicant
from applicants.tests.factories import pdf_bytes
from endorsements.models import Application, ApplicationStatus
from endorsements.tests.factories import rater_endorsement, seed_data_ensure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RATERS = [
    ("Maria Lopez", "maria@example.org", "My current or most recent supervisor", True),
    ("Dan Whitfield", "dan@example.org", "A colleague or another supervisor", False),
    ("Grace Owusu", "grace@example.org", "Someone else who knows my work", False),
]
LINK = re.compile(r"https?://[^\s]+/reference/[^\s]+/")


def test_applicant_applies_for_ifa_from_scratch(page, live_server, assert_accessible, tmp_path):
    seed_data_ensure()
    applicant(email="dana@example.org", given_name="Dana", family_name="Okafor")
    # Maria is endorsed in this registry: her number and name make the claim count at once.
    maria = rater_endorsement(given_name="Maria", family_name="Lopez")
    transcript = tmp_path / "Dana transcript.pdf"
    transcript.write_bytes(pdf_bytes())
    today = timezone.localdate()

    # Log in and fill the profile.
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("dana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="My portfolio").first.click()
    page.get_by_role("heading", name="My portfolio").wait_for()
    assert "You have not applied for an endorsement yet" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Fill in your profile").click()
    page.get_by_role("heading", name="Your profile").wait_for()
    page.get_by_label("Phone number").fill("860-555-0123")
    page.get_by_label("County where you work").select_option(label="Hartford")
    page.get_by_label("Employer or program not in the list").fill("Hartford Family Center")
    page.get_by_label("Kind of program").select_option(label="Home visiting")
    page.get_by_label("Role or job title").fill("Home visitor")
    page.get_by_label("English").check()
    page.get_by_label("Association membership number").fill("CT-4242")
    page.get_by_label("Membership expiry date").fill((today + timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()

    # Education with a transcript.
    page.get_by_role("link", name="Education").click()
    page.get_by_role("link", name="Add a degree or qualification").click()
    page.get_by_label("Degree or qualification").select_option(label="Associate degree")
    page.get_by_label("Institution").fill("Capital Community College")
    page.get_by_label("Date completed").fill(date(today.year - 6, 5, 20).isoformat())
    page.get_by_label("Transcript or diploma").set_input_files(str(transcript))
    page.get_by_role("button", name="Save degree or qualification").click()
    page.get_by_text("The degree or qualification is saved.").wait_for()
    page.get_by_role("link", name="Back to my portfolio").click()

    # Three years of home visiting.
    page.get_by_role("link", name="Work experience").click()
    page.get_by_role("link", name="Add a job or post").click()
    page.get_by_label(re.compile(r"^\s*Employer\*?\s*$")).fill("Hartford Family Center")
    page.get_by_label(re.compile(r"^\s*Role or job title\*?\s*$")).fill("Home visitor")
    page.get_by_label("Kind of work").select_option(
        label="Direct work with infants, young children and families"
    )
    page.get_by_label("Start date").fill((today - timedelta(days=3 * 365)).isoformat())
    page.get_by_label("Hours per week").fill("37.5")
    page.get_by_label("Number of families served").fill("30")
    page.get_by_label("Ages served").select_option(label="Pregnancy to 36 months")
    page.get_by_role("button", name="Save job or post").click()
    page.get_by_text("is saved.").first.wait_for()
    page.get_by_role("link", name="Back to my portfolio").click()

    # Training entries that together make 30 hours across every domain.
    for title, hours in (
        ("Foundations of infant mental health", "18"),
        ("Working with families", "12"),
    ):
        page.get_by_role("link", name="In-service training").click()
        page.get_by_role("link", name="Add a training").click()
        page.get_by_label("Title of the training").fill(title)
        page.get_by_label("Who gave it").fill("CT-AIMH")
        page.get_by_label("Date (first day)").fill((today - timedelta(days=40)).isoformat())
        page.get_by_label(re.compile(r"^\s*Hours\*?\s*$")).fill(hours)
        page.get_by_label(re.compile(r"^\s*Format\*?\s*$")).select_option(label="In person")
        for box in page.locator("input[name=competencies]").all():
            box.check()
        page.get_by_role("button", name="Save training").click()
        page.get_by_text("The training is saved.").wait_for()
        page.get_by_role("link", name="Back to my portfolio").click()

    # Open an IFA application: the checklist shows what is still missing.
    page.get_by_role("link", name="My applications").first.click()
    page.get_by_role("heading", name="My applications").wait_for()
    assert "You have no applications yet" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Start a new application").click()
    page.get_by_role("heading", name="Start an application").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Apply for IFA Infant Family Associate").click()
    page.get_by_role("heading", name="What your application needs").wait_for()
    assert_accessible(page)
    content = page.content()
    assert "0 of 3 reference ratings count" in content
    assert "Not met yet:</span> Code of Ethics" in content
    assert "Submit application" not in content
    application = Application.objects.get(applicant__email="dana@example.org")

    # Invite three raters.
    page.get_by_role("link", name="Invite or follow up your raters").first.click()
    page.get_by_role("heading", name="Reference raters").wait_for()
    assert_accessible(page)
    for name, email, relationship, endorsed in RATERS:
        page.get_by_role("link", name="Invite a rater").click()
        page.get_by_role("heading", name="Invite a rater").wait_for()
        assert_accessible(page)
        page.get_by_label("Rater's full name").fill(name)
        page.get_by_label("Rater's email address").fill(email)
        page.get_by_label(relationship).check()
        if endorsed:
            page.get_by_label("The rater holds an endorsement").check()
            page.get_by_label("Rater's endorsement number").fill(maria.number)
        page.get_by_role("button", name="Invite rater").click()
        page.get_by_text(f"We emailed {name} a link").wait_for()
    assert page.content().count("<strong>Sent</strong>") == 3
    assert f"Holds an endorsement ({maria.number}), checked in this registry." in page.content()
    assert_accessible(page)

    # Each rater answers from the emailed link (no account).
    context = page.context
    for name, email, _, _ in RATERS:
        message = next(m for m in mail.outbox if m.to == [email])
        link = LINK.search(message.body).group(0)
        rater = context.browser.new_context(base_url=live_server.url).new_page()
        rater.goto(link)
        rater.get_by_role("heading", name="Reference rating for Dana Okafor").wait_for()
        assert_accessible(rater)
        ratings = rater.get_by_label("4 – Usually")
        for i in range(ratings.count()):
            ratings.nth(i).check()
        rater.get_by_label("Anything else reviewers should know").fill(f"{name}: reliable.")
        rater.get_by_role("button", name="Send my rating").click()
        rater.get_by_role("heading", name="Thank you, your rating is sent").wait_for()
        assert_accessible(rater)
        rater.context.close()

    # Sign the Code of Ethics.
    page.goto(f"/applications/{application.pk}/")
    assert "3 of 3 reference ratings count" in page.content()
    page.get_by_role("link", name="Sign the Code of Ethics").first.click()
    page.get_by_role("heading", name="Code of Ethics and Endorsement Agreement").wait_for()
    assert_accessible(page)
    page.get_by_label("I have read the Code of Ethics").check()
    page.get_by_label("Type your full name to sign").fill("dana okafor")
    page.get_by_role("button", name="Sign the Code of Ethics").click()
    page.get_by_text("Thank you: you have signed the Code of Ethics.").wait_for()

    # The membership she typed is a claim until a coordinator checks it against the
    # association's list (memberships/tests/test_browser.py walks that page).
    assert "waiting for a coordinator to confirm it" in page.content()
    from accounts.tests.factories import coordinator
    from memberships.models import Membership
    from memberships.services import membership_claim_confirm

    membership_claim_confirm(
        claim=Membership.objects.get(person=application.applicant, status="claimed"),
        actor=coordinator(),
        starts_on=today - timedelta(days=65),
        ends_on=today + timedelta(days=300),
        membership_type="individual",
    )
    page.reload()

    # Everything is met: submit (the page asks first).
    assert "Not met yet" not in page.content()
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("Your IFA application is submitted").first.wait_for()
    assert_accessible(page)
    assert "Draft → Submitted" in page.content()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.snapshot["checklist"]["complete"] is True
    assert application.snapshot["education"][0]["transcript"]["name"] == "Dana transcript.pdf"
    assert mail.outbox[-1].to == ["dana@example.org"]
    assert mail.outbox[-1].subject == "Your IFA application is submitted"

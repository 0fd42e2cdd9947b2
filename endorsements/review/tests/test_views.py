"""What the review pages show and do: independence of reviews, the snapshot with waived
references, drafts and submission, assignment with override, the decision page."""

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator
from applicants.tests.factories import AgencyFactory, ProfileFactory
from endorsements.models import ApplicationStatus
from endorsements.review.models import Assignment, Recommendation, Review
from endorsements.review.snapshot import SECTIONS

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    review_submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def review_post(action="submit", recommendation="endorse", comment="Solid portfolio"):
    data = {f"{key}_met": "met" for key, _ in SECTIONS}
    data.update(
        {
            "action": action,
            "recommendation": recommendation,
            "comments": comment,
            "training_comment": "Good",
        }
    )
    return data


@pytest.fixture
def pair():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    first = AssignmentFactory(application=application, reviewer=qualified_reviewer())
    second = AssignmentFactory(application=application, reviewer=qualified_reviewer())
    return application, first, second


def test_review_page_shows_the_snapshot_with_waived_references(client, pair):
    _, first, _ = pair
    client.force_login(first.reviewer)

    page = client.get(reverse("review:review", args=[first.pk])).content.decode()

    assert "Confidential comment from rater 1" in page  # rater 1 is waived
    # The statement is named from its row (item 1), as the rating form words it today.
    assert "Reflection – Thinks about how their own feelings and experiences affect" in page
    assert "Not enough information" in page
    # RSC attestation status, written from its code ("confirmed"), not the stored label.
    assert "Attestation status</dt>" in page and ">Confirmed</dd>" in page
    assert "3 of 3" in page  # the checklist


def test_reviews_are_independent_until_both_are_submitted(client, pair):
    _, first, second = pair
    client.force_login(second.reviewer)
    client.post(reverse("review:review", args=[second.pk]), review_post(comment="SECOND-SECRET"))
    client.force_login(first.reviewer)

    before = client.get(reverse("review:review", args=[first.pk])).content.decode()
    client.post(reverse("review:review", args=[first.pk]), review_post(comment="FIRST-VIEW"))
    after = client.get(reverse("review:review", args=[first.pk])).content.decode()

    assert "SECOND-SECRET" not in before
    assert "appears here once you have both submitted" in before
    assert "SECOND-SECRET" in after


def test_review_draft_keeps_everything_and_submit_needs_every_section(client, pair):
    _, first, _ = pair
    client.force_login(first.reviewer)
    url = reverse("review:review", args=[first.pk])

    response = client.post(url, {"action": "draft", "education_met": "met", "comments": "Half way"})
    assert response.status_code == 302
    review = Review.objects.get(assignment=first)
    assert review.submitted_at is None and review.sections["education"]["met"] is True

    response = client.post(
        url, {"action": "submit", "education_met": "met", "comments": "Half way"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Half way" in page  # what was typed is kept
    review.refresh_from_db()
    assert review.submitted_at is None


def test_review_defer_recommendation_needs_feedback_and_sections(client, pair):
    _, first, _ = pair
    client.force_login(first.reviewer)

    response = client.post(
        reverse("review:review", args=[first.pk]), review_post(recommendation="defer")
    )

    page = response.content.decode()
    assert "Enter the feedback for the applicant." in page
    assert "Choose at least one section to reopen." in page


def test_review_offers_emerging_only_where_the_category_allows(client):
    ifa = AssignmentFactory()
    ifrs = AssignmentFactory(
        application=SubmittedApplicationFactory(status=S.IN_REVIEW, category=category("IFRS"))
    )
    client.force_login(ifa.reviewer)
    assert (
        "Endorse as emerging"
        not in client.get(reverse("review:review", args=[ifa.pk])).content.decode()
    )
    client.force_login(ifrs.reviewer)
    assert (
        "Endorse as emerging"
        in client.get(reverse("review:review", args=[ifrs.pk])).content.decode()
    )


def test_assign_page_blocks_a_conflicted_reviewer_until_overridden(client):
    agency = AgencyFactory()
    application = SubmittedApplicationFactory()
    ProfileFactory(user=application.applicant, agency=agency)
    clean, colleague = qualified_reviewer(), qualified_reviewer()
    ProfileFactory(user=colleague, agency=agency)
    client.force_login(coordinator())
    url = reverse("review:assign", args=[application.pk])

    page = client.get(url).content.decode()
    assert "works at the applicant&#x27;s agency" in page

    blocked = client.post(url, {"reviewers": [clean.pk, colleague.pk]})
    assert "There is a problem" in blocked.content.decode()
    assert not Assignment.objects.exists()

    missing_reason = client.post(url, {"reviewers": [clean.pk, colleague.pk], "override": "on"})
    assert "Enter the reason for the override." in missing_reason.content.decode()

    done = client.post(
        url,
        {"reviewers": [clean.pk, colleague.pk], "override": "on", "override_reason": "Other site"},
    )
    assert done.status_code == 302
    assert Assignment.objects.get(reviewer=colleague).override_reason == "Other site"


def test_decide_page_highlights_disagreements_and_shows_the_audit_trail(client, pair):
    application, first, second = pair
    review_submitted(first, Recommendation.ENDORSE)
    review_submitted(second, Recommendation.DEFER, met=False)
    Assignment.objects.filter(pk=first.pk).update(
        conflict_flags=[{"kind": "same_agency", "detail": "Hartford"}],
        override_reason="No one else",
    )
    client.force_login(coordinator())

    page = client.get(reverse("review:decide", args=[application.pk])).content.decode()

    assert "Differs" in page
    assert "Defer with feedback" in page and "Endorse" in page
    assert "Reason: No one else" in page
    assert "Tie-break reason" in page


def test_decide_page_records_the_decision(client, pair):
    application, first, second = pair
    review_submitted(first)
    review_submitted(second)
    client.force_login(coordinator())

    response = client.post(
        reverse("review:decide", args=[application.pk]), {"outcome": "endorse"}, follow=True
    )

    application.refresh_from_db()
    assert application.status == S.ENDORSED
    assert "the application is now endorsed" in response.content.decode()
    from core.models import AuditAction, AuditEvent

    event = AuditEvent.objects.get(action=AuditAction.DECISION_RECORDED)
    assert event.target_id == str(application.pk) and event.details["outcome"] == "endorse"


def test_decision_stands_with_no_error_page_when_the_mail_server_is_down(client, pair, monkeypatch):
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPConnectError(421, "mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    application, first, second = pair
    review_submitted(first)
    review_submitted(second)
    client.force_login(coordinator())

    response = client.post(reverse("review:decide", args=[application.pk]), {"outcome": "endorse"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.ENDORSED


def test_inbox_filters_by_category_and_status(client):
    ifa = SubmittedApplicationFactory()
    ifs = SubmittedApplicationFactory(category=category("IFS"))
    client.force_login(coordinator())

    page = client.get(reverse("review:inbox"), {"category": category("IFS").pk}).content.decode()

    assert ifs.applicant.full_name in page
    assert ifa.applicant.full_name not in page
    assert "3 of 3 met" in page


def test_inbox_bulk_assigns_the_same_pair(client):
    first_app, second_app = SubmittedApplicationFactory(), SubmittedApplicationFactory()
    first, second = qualified_reviewer(), qualified_reviewer()
    client.force_login(coordinator())

    response = client.post(
        reverse("review:inbox_assign"),
        {
            "applications": [first_app.pk, second_app.pk],
            "first_reviewer": first.pk,
            "second_reviewer": second.pk,
        },
        follow=True,
    )

    assert "Assigned 2 applications" in response.content.decode()
    assert Assignment.objects.filter(reviewer=first).count() == 2


def test_conflict_declaration_page_records_an_agency(client):
    reviewer = qualified_reviewer()
    agency = AgencyFactory(name="New Haven Early Start")
    client.force_login(reviewer)

    response = client.post(
        reverse("review:conflicts"),
        {"agency": agency.pk, "note": "I sit on its board"},
        follow=True,
    )

    assert "New Haven Early Start" in response.content.decode()
    assert reviewer.declared_conflicts.get().agency == agency


def test_conflict_declaration_needs_exactly_one_of_agency_or_person(client):
    client.force_login(qualified_reviewer())

    response = client.post(reverse("review:conflicts"), {"note": "?"})

    assert "Choose an agency or enter a person" in response.content.decode()

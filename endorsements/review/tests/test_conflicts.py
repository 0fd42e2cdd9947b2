"""Conflict-of-interest flags, one test per rule."""

import pytest

from accounts.tests.factories import reviewer as plain_reviewer
from applicants.tests.factories import AgencyFactory, ProfileFactory
from endorsements.review.conflicts import conflicts_for
from endorsements.review.models import ConflictKind, ReviewerConflict
from reflective_supervision.tests.factories import ProviderFactory, SessionFactory

from .factories import SubmittedApplicationFactory, category, qualified_reviewer, snapshot_for

pytestmark = pytest.mark.django_db


def kinds(application, reviewer):
    return [
        f.kind for f in conflicts_for(application=application, reviewers=[reviewer])[reviewer.pk]
    ]


def test_conflicts_none_for_an_unrelated_qualified_reviewer():
    application = SubmittedApplicationFactory()
    reviewer = qualified_reviewer()

    assert kinds(application, reviewer) == []


def test_conflicts_flag_the_applicants_rsc_provider_by_account():
    application = SubmittedApplicationFactory()
    reviewer = qualified_reviewer()
    SessionFactory(supervisee=application.applicant, provider=ProviderFactory(user=reviewer))

    assert kinds(application, reviewer) == [ConflictKind.RSC_PROVIDER]


def test_conflicts_flag_the_applicants_rsc_provider_by_email():
    application = SubmittedApplicationFactory()
    reviewer = qualified_reviewer(email="ruth@example.org")
    ProviderFactory(email="Ruth@Example.org", supervisees=[application.applicant])

    assert kinds(application, reviewer) == [ConflictKind.RSC_PROVIDER]


def test_conflicts_flag_a_reference_rater_on_this_application():
    reviewer = qualified_reviewer(email="rater@example.org")
    application = SubmittedApplicationFactory()
    application.snapshot = snapshot_for(application.applicant, rater_emails=["RATER@example.org"])

    assert kinds(application, reviewer) == [ConflictKind.REFERENCE_RATER]


def test_conflicts_flag_the_applicants_supervisee():
    application = SubmittedApplicationFactory()
    reviewer = qualified_reviewer()
    SessionFactory(supervisee=reviewer, provider=ProviderFactory(user=application.applicant))

    assert kinds(application, reviewer) == [ConflictKind.SUPERVISEE]


def test_conflicts_flag_the_same_agency():
    agency = AgencyFactory()
    application = SubmittedApplicationFactory()
    ProfileFactory(user=application.applicant, agency=agency)
    reviewer = qualified_reviewer()
    ProfileFactory(user=reviewer, agency=agency)

    assert kinds(application, reviewer) == [ConflictKind.SAME_AGENCY]


def test_conflicts_flag_a_declared_conflict_with_the_agency_or_the_person():
    application = SubmittedApplicationFactory()
    profile = ProfileFactory(user=application.applicant)
    by_agency, by_person = qualified_reviewer(), qualified_reviewer()
    ReviewerConflict.objects.create(reviewer=by_agency, agency=profile.agency, note="Board member")
    ReviewerConflict.objects.create(reviewer=by_person, person=application.applicant)

    flags = conflicts_for(application=application, reviewers=[by_agency, by_person])

    assert [f.kind for f in flags[by_agency.pk]] == [ConflictKind.DECLARED]
    assert "Board member" in str(flags[by_agency.pk][0])
    assert [f.kind for f in flags[by_person.pk]] == [ConflictKind.DECLARED]


def test_conflicts_flag_a_reviewer_without_a_qualifying_endorsement():
    # Reviewers hold an endorsement at the category's level or higher (domain notes, the
    # associations' review rules): an IFA holder is below IFS.
    application = SubmittedApplicationFactory(category=category("IFS"))
    unendorsed = plain_reviewer()
    holds_ifa_only = qualified_reviewer(code="IFA")

    flags = conflicts_for(application=application, reviewers=[unendorsed, holds_ifa_only])

    assert [f.kind for f in flags[unendorsed.pk]] == [ConflictKind.NOT_QUALIFIED]
    assert [f.kind for f in flags[holds_ifa_only.pk]] == [ConflictKind.NOT_QUALIFIED]
    assert "IMHS" in flags[unendorsed.pk][0].detail


def test_conflicts_let_a_holder_review_their_own_level_in_either_track():
    # The same level or higher, in the same track or the other one: ECFA and IFA holders
    # may review IFA, which the shipped sets used to refuse.
    application = SubmittedApplicationFactory()
    holds_ifa, holds_ecfa = qualified_reviewer(code="IFA"), qualified_reviewer(code="ECFA")

    flags = conflicts_for(application=application, reviewers=[holds_ifa, holds_ecfa])

    assert flags[holds_ifa.pk] == [] and flags[holds_ecfa.pk] == []


def test_conflicts_judge_many_reviewers_in_constant_queries(django_assert_num_queries):
    application = SubmittedApplicationFactory()
    reviewers = [qualified_reviewer() for _ in range(8)]
    application = (
        type(application)
        .objects.select_related("applicant", "requirement_set")
        .get(pk=application.pk)
    )
    list(application.requirement_set.reviewer_categories.all())

    # Profiles, RSC provider links, declared conflicts, reviewer categories, endorsements,
    # their events.
    with django_assert_num_queries(6):
        flags = conflicts_for(application=application, reviewers=reviewers)

    assert all(found == [] for found in flags.values())

"""Facts gathered for the engine: RSC providers' eligibility by date, and the checklist on top."""

import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from competencies import rules
from competencies.selectors import requirement_spec_for
from endorsements.facts import portfolio_facts
from endorsements.models import ApplicationStatus
from endorsements.services.credentials import endorsement_issue
from endorsements.services.transitions import endorsement_transition
from endorsements.tests.factories import ApplicationFactory, category
from reflective_supervision.tests.factories import ProviderFactory, SessionFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 30)


def endorse(user, code, on):
    application = ApplicationFactory(
        applicant=user, category=category(code), status=ApplicationStatus.IN_REVIEW
    )
    return endorsement_issue(application=application, issued_on=on)


def test_provider_endorsed_halfway_counts_only_from_that_day():
    supervisee = UserFactory()
    provider_user = UserFactory()
    provider = ProviderFactory(user=provider_user, name="Pat Provider")
    before = SessionFactory(supervisee=supervisee, provider=provider, date=dt.date(2025, 6, 1))
    after = SessionFactory(supervisee=supervisee, provider=provider, date=dt.date(2025, 9, 1))
    endorse(provider_user, "IMHS", dt.date(2025, 7, 15))

    facts = portfolio_facts(user=supervisee, on=ON)

    by_id = {s.id: s for s in facts.rsc_sessions}
    assert by_id[before.pk].provider_categories_on_date == frozenset()
    assert by_id[after.pk].provider_categories_on_date == frozenset({"IMHS"})
    spec = requirement_spec_for(category=category("IMHS"), on=ON)
    breakdown = rules.rsc_breakdown(facts.rsc_sessions, spec, on=ON)
    assert breakdown.counted_hours == 1


def test_lapsed_provider_stops_counting_from_the_lapse():
    supervisee, provider_user = UserFactory(), UserFactory()
    provider = ProviderFactory(user=provider_user)
    endorsement = endorse(provider_user, "IFRS", dt.date(2024, 1, 10))
    endorsement_transition(endorsement=endorsement, to="lapsed", effective_on=dt.date(2025, 3, 1))
    while_endorsed = SessionFactory(
        supervisee=supervisee, provider=provider, date=dt.date(2025, 2, 28)
    )
    after_lapse = SessionFactory(supervisee=supervisee, provider=provider, date=dt.date(2025, 3, 1))

    facts = portfolio_facts(user=supervisee, on=ON)

    by_id = {s.id: s for s in facts.rsc_sessions}
    assert by_id[while_endorsed.pk].provider_categories_on_date == frozenset({"IFRS"})
    assert by_id[after_lapse.pk].provider_categories_on_date == frozenset()


def test_outside_provider_counts_once_vetted():
    from competencies.models import EndorsementCategory

    supervisee = UserFactory()
    unvetted = ProviderFactory(vetted=False)
    vetted = ProviderFactory(vetted=True, vetted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for p in (unvetted, vetted):
        p.claimed_categories.add(EndorsementCategory.objects.get(code="IMHS"))
    a = SessionFactory(supervisee=supervisee, provider=unvetted, date=dt.date(2026, 1, 5))
    b = SessionFactory(supervisee=supervisee, provider=vetted, date=dt.date(2026, 1, 5))

    facts = portfolio_facts(user=supervisee, on=ON)

    by_id = {s.id: s for s in facts.rsc_sessions}
    assert by_id[a.pk].provider_categories_on_date == frozenset()
    assert by_id[b.pk].provider_categories_on_date == frozenset({"IMHS"})


def test_sessions_after_the_evaluation_date_are_left_out():
    supervisee = UserFactory()
    SessionFactory(supervisee=supervisee, date=ON + dt.timedelta(days=1))

    assert portfolio_facts(user=supervisee, on=ON).rsc_sessions == ()


def test_facts_cost_a_constant_number_of_queries(django_assert_max_num_queries):
    supervisee = UserFactory()
    for i in range(5):
        provider_user = UserFactory()
        endorse(provider_user, "IMHS", dt.date(2024, 1, 1))
        SessionFactory(
            supervisee=supervisee,
            provider=ProviderFactory(user=provider_user),
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )

    with django_assert_max_num_queries(12):
        portfolio_facts(user=supervisee, on=ON)


def test_evidence_vocabularies_match_the_rules_engine():
    from applicants.models import AgeBand, LeadershipKind
    from competencies import rules
    from endorsements.models import ReferenceRelationship

    assert tuple(AgeBand.values) == rules.AGE_BANDS
    assert tuple(LeadershipKind.values) == rules.LEADERSHIP_ACTIVITY_KINDS
    assert tuple(ReferenceRelationship.values) == rules.REFERENCE_RELATIONSHIPS


@pytest.mark.parametrize(
    ("kind", "met"), [("research", True), ("faculty", True), ("policy", False)]
)
def test_leadership_activity_kind_reaches_the_engine(kind, met):
    # Mentor–Research/Faculty counts university teaching and research leadership (the
    # associations' Mentor requirements, domain notes "Mentor tracks").
    from applicants.tests.factories import LeadershipFactory

    person = UserFactory()
    LeadershipFactory(user=person, kind=kind, start_date=dt.date(2022, 1, 1), end_date=None)

    facts = portfolio_facts(user=person, on=ON)
    spec = requirement_spec_for(category=category("IMHM-R"), on=ON)

    assert rules.evaluate_application(facts, spec, on=ON).item("leadership_years").met is met


def test_degree_completion_and_session_ages_reach_the_engine():
    from applicants.tests.factories import EducationFactory

    person = UserFactory()
    EducationFactory(
        user=person, degree_level="master", year=2021, completed_on=dt.date(2021, 5, 14)
    )
    session = SessionFactory(supervisee=person, age_band="early_childhood", duration_minutes=50)

    facts = portfolio_facts(user=person, on=ON)

    assert facts.degrees[0].completed_on == dt.date(2021, 5, 14)
    (fact,) = facts.rsc_sessions
    assert (fact.id, fact.minutes, fact.age_band) == (session.pk, 50, "early_childhood")

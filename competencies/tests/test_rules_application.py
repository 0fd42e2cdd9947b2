"""The rules engine on applications: pure functions, no database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from competencies import rules
from competencies.rules import (
    Attestations,
    Degree,
    MembershipPeriod,
    PortfolioFacts,
    RequirementSpec,
    WorkPeriod,
    evaluate_application,
)

from .factories import reference, session, training

ON = date(2026, 3, 15)
D = Decimal


def member_until(day):
    """A record of the association's membership from 2000 to `day`."""
    return (MembershipPeriod(date(2000, 1, 1), day),)


def evaluate(spec, **facts):
    return evaluate_application(PortfolioFacts(**facts), spec, on=ON)


# --- Education -----------------------------------------------------------------------------


def test_education_master_meets_master_requirement():
    spec = RequirementSpec(min_education_level="master")

    item = evaluate(spec, degrees=(Degree("master", "Social work", 2015, id=7),)).item("education")

    assert item.met
    assert item.contributing_ids == (7,)
    assert item.section == "education"


def test_education_lower_degree_is_not_enough_and_says_so():
    spec = RequirementSpec(min_education_level="master")

    item = evaluate(spec, degrees=(Degree("bachelor", "Psychology", 2010, id=1),)).item("education")

    assert not item.met
    assert (
        item.explanation == "A master's degree or higher is required; you have a bachelor's degree."
    )


def test_education_degree_not_yet_awarded_does_not_count():
    spec = RequirementSpec(min_education_level="bachelor")
    degrees = (Degree("bachelor", "ECE", None, id=1), Degree("master", "SW", 2027, id=2))

    assert not evaluate(spec, degrees=degrees).item("education").met


def test_education_alternative_two_years_paid_work_instead_of_a_degree():
    spec = RequirementSpec(min_education_level="cda", education_alternative_work_years=D("2"))
    two_years = WorkPeriod(start=date(2023, 1, 1), end=date(2024, 12, 31), paid=True, id=3)
    one_year = WorkPeriod(start=date(2024, 1, 1), end=date(2024, 12, 31), paid=True, id=4)

    met = evaluate(spec, work=(two_years,)).item("education")
    missing = evaluate(spec, work=(one_year,)).item("education")

    assert met.met and met.contributing_ids == (3,)
    assert not missing.met
    assert "1.0 years of paid work" in missing.explanation


def test_education_none_required_makes_no_item():
    checklist = evaluate(RequirementSpec(min_education_level="none"))

    assert [i.key for i in checklist.items] == []
    assert checklist.complete


# --- Work ----------------------------------------------------------------------------------


def test_work_two_years_met_on_day_730_and_not_on_day_729():
    spec = RequirementSpec(work_years=D("2"))
    start = date(2024, 3, 16)  # to ON inclusive: 730 days
    exact = WorkPeriod(start=start, end=None, paid=True, id=1)
    short = WorkPeriod(start=date(2024, 3, 17), end=None, paid=True, id=1)

    assert evaluate(spec, work=(exact,)).item("work_years").met
    item = evaluate(spec, work=(short,)).item("work_years")
    assert not item.met
    assert item.explanation == "1.9 of 2 years of paid specialized work."


def test_work_overlapping_periods_do_not_count_twice():
    spec = RequirementSpec(work_years=D("2"))
    a = WorkPeriod(start=date(2024, 1, 1), end=date(2024, 12, 31), paid=True, id=1)
    b = WorkPeriod(start=date(2024, 6, 1), end=date(2025, 5, 31), paid=True, id=2)

    item = evaluate(spec, work=(a, b)).item("work_years")

    assert item.actual == D("1.4")
    assert not item.met


def test_work_unpaid_does_not_count_when_paid_work_is_required():
    spec = RequirementSpec(work_years=D("2"), work_must_be_paid=True)
    volunteer = WorkPeriod(
        start=date(2020, 1, 1), end=None, paid=False, kind="supervised_volunteer", id=1
    )

    assert not evaluate(spec, work=(volunteer,)).item("work_years").met


def test_work_supervised_volunteer_counts_when_paid_is_not_required():
    spec = RequirementSpec(work_years=D("2"), work_must_be_paid=False)
    volunteer = WorkPeriod(
        start=date(2020, 1, 1), end=None, paid=False, kind="supervised_volunteer", id=1
    )
    unsupervised = WorkPeriod(start=date(2020, 1, 1), end=None, paid=False, kind="direct", id=2)

    assert evaluate(spec, work=(volunteer,)).item("work_years").met
    assert not evaluate(spec, work=(unsupervised,)).item("work_years").met


def test_work_post_graduate_only_counts_post_graduate_periods():
    # Post-graduate work counts from the qualifying degree's completion [mi-aimh.org].
    spec = RequirementSpec(min_education_level="master", work_years=D("2"), work_post_graduate=True)
    master = Degree("master", "SW", 2024, id=9, completed_on=date(2024, 12, 20))
    before = WorkPeriod(start=date(2015, 1, 1), end=date(2019, 12, 31), paid=True, id=1)
    after = WorkPeriod(start=date(2025, 1, 1), end=None, paid=True, id=2)

    item = evaluate(spec, degrees=(master,), work=(before, after)).item("work_years")

    assert not item.met
    assert item.contributing_ids == (2,)
    assert "post-graduate" in item.explanation


def test_work_future_periods_do_not_count():
    spec = RequirementSpec(work_years=D("1"))
    future = WorkPeriod(start=date(2026, 4, 1), end=None, paid=True, id=1)

    assert evaluate(spec, work=(future,)).item("work_years").actual == D("0.0")


def test_families_served_sums_qualifying_work():
    spec = RequirementSpec(min_families_served=10)
    a = WorkPeriod(start=date(2022, 1, 1), end=date(2022, 12, 31), families_served=6, id=1)
    b = WorkPeriod(start=date(2023, 1, 1), end=None, families_served=3, id=2)
    leadership = WorkPeriod(
        start=date(2023, 1, 1), end=None, families_served=5, kind="leadership", id=3
    )

    item = evaluate(spec, work=(a, b, leadership)).item("families_served")

    assert not item.met
    assert item.explanation == "9 of 10 families served in qualifying work."


def test_leadership_years_count_policy_and_faculty_work():
    spec = RequirementSpec(leadership_years=D("3"))
    policy = WorkPeriod(start=date(2020, 1, 1), end=date(2021, 12, 31), kind="policy", id=1)
    faculty = WorkPeriod(start=date(2022, 1, 1), end=None, kind="faculty_research", id=2)

    item = evaluate(spec, work=(policy, faculty)).item("leadership_years")

    assert item.met
    assert set(item.contributing_ids) == {1, 2}


def test_rsc_provision_years_count_only_rsc_provision_work():
    spec = RequirementSpec(rsc_provision_years=D("3"))
    direct = WorkPeriod(start=date(2010, 1, 1), end=None, kind="direct", id=1)
    providing = WorkPeriod(start=date(2024, 1, 1), end=None, kind="rsc_provision", id=2)

    item = evaluate(spec, work=(direct, providing)).item("rsc_provision_years")

    assert not item.met
    assert item.explanation.startswith("2.2 of 3 years of providing reflective supervision")


# --- Training ------------------------------------------------------------------------------


def test_training_hours_and_sub_minimums():
    spec = RequirementSpec(
        training_hours=D("48"), training_dei_hours=D("3"), training_rsc_provision_hours=D("15")
    )
    trainings = (
        training(date(2025, 1, 1), "30", id=1),
        training(date(2025, 2, 1), "2.5", dei=True, id=2),
        training(date(2025, 3, 1), "15", rsc_provision=True, id=3),
        training(date(2026, 3, 16), "10", id=4),  # after the evaluation date
    )

    checklist = evaluate(spec, trainings=trainings)

    assert checklist.item("training_hours").actual == D("47.5")
    assert not checklist.item("training_hours").met
    assert checklist.item("training_dei").explanation == (
        "2.5 of 3 training hours on diversity, equity and inclusion."
    )
    assert checklist.item("training_rsc_provision").met
    assert checklist.item("training_rsc_provision").contributing_ids == (3,)


def test_training_must_cover_domains_names_the_missing_ones():
    spec = RequirementSpec(
        training_must_cover_domains=True,
        required_domain_ids=frozenset({1, 2, 3}),
        competency_domain={10: 1, 11: 1, 20: 2, 30: 3},
        domain_names={1: "Thinking", 2: "Reflection", 3: "Communicating"},
    )
    trainings = (training(date(2025, 1, 1), "3", competency_ids=frozenset({10, 11}), id=1),)

    item = evaluate(spec, trainings=trainings).item("training_domains")

    assert not item.met
    assert item.explanation == (
        "Your training covers 1 of 3 competency domains; "
        "not yet covered: Communicating, Reflection."
    )


def test_training_covering_every_domain_meets_coverage():
    spec = RequirementSpec(
        training_must_cover_domains=True,
        required_domain_ids=frozenset({1, 2}),
        competency_domain={10: 1, 20: 2, 90: 9},
    )
    trainings = (
        training(date(2025, 1, 1), "3", competency_ids=frozenset({10, 90}), id=1),
        training(date(2025, 1, 2), "3", competency_ids=frozenset({20}), id=2),
    )

    item = evaluate(spec, trainings=trainings).item("training_domains")

    assert item.met
    assert item.actual == 2


# --- RSC -----------------------------------------------------------------------------------

RSC_SPEC = RequirementSpec(
    rsc_hours=D("24"),
    rsc_window_months=24,
    rsc_provider_codes=frozenset({"IFRS", "IMHS", "IMHM-C"}),
)


def test_rsc_window_first_day_counts_and_the_day_before_does_not():
    first_day = date(2024, 3, 15)  # exactly 24 months before ON
    sessions = (
        session(first_day, "2", id=1),
        session(date(2024, 3, 14), "4", id=2),
    )

    breakdown = rules.rsc_breakdown(sessions, RSC_SPEC, ON)

    assert breakdown.window_start == first_day
    assert [v.session.id for v in breakdown.counted] == [1]
    assert breakdown.not_counted[0].reason_code == "outside_window"


def test_rsc_window_last_day_counts_and_the_day_after_does_not():
    sessions = (session(ON, "2", id=1), session(date(2026, 3, 16), "4", id=2))

    breakdown = rules.rsc_breakdown(sessions, RSC_SPEC, ON)

    assert [v.session.id for v in breakdown.counted] == [1]
    assert breakdown.not_counted[0].reason_code == "after_evaluation"


def test_rsc_window_clamps_to_the_end_of_a_shorter_month():
    assert rules.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert rules.months_before(date(2026, 2, 28), 24) == date(2024, 2, 28)


def test_rsc_ineligible_provider_hours_do_not_count_and_are_explained():
    sessions = (
        session(date(2025, 6, 1), "12.5", provider="IMHS", id=1),
        session(date(2025, 7, 1), "3", provider="IFS", provider_key="p2", id=2),
    )

    item = evaluate(RSC_SPEC, rsc_sessions=sessions).item("rsc_hours")

    assert not item.met
    assert item.actual == D("12.5")
    assert item.contributing_ids == (1,)
    assert item.explanation == (
        "12.5 of 24 RSC hours within the last 24 months; "
        "3 hours from an ineligible provider do not count."
    )


def test_rsc_provider_eligibility_is_judged_on_the_session_date():
    # Not yet endorsed on the first date, endorsed as IMHS on the second.
    before = session(date(2025, 1, 10), "2", provider="", id=1)
    after = session(date(2025, 2, 10), "2", provider="IMHS", id=2)

    breakdown = rules.rsc_breakdown((before, after), RSC_SPEC, ON)

    assert [v.session.id for v in breakdown.counted] == [2]
    assert "held no endorsement" in breakdown.not_counted[0].reason


def test_rsc_vetted_provider_counts_without_an_endorsement():
    vetted = session(date(2025, 1, 10), "2", provider="", provider_vetted=True, id=1)

    assert rules.rsc_breakdown((vetted,), RSC_SPEC, ON).counted_hours == D("2")


def test_rsc_peer_and_disputed_sessions_never_count():
    sessions = (
        session(date(2025, 1, 10), "2", peer=True, id=1),
        session(date(2025, 1, 11), "2", confirmed="disputed", id=2),
        session(date(2025, 1, 12), "2", confirmed="confirmed", id=3),
    )

    breakdown = rules.rsc_breakdown(sessions, RSC_SPEC, ON)

    assert [v.session.id for v in breakdown.counted] == [3]
    assert [v.reason_code for v in breakdown.not_counted] == ["peer", "disputed"]


def test_rsc_unconfirmed_hours_count_unless_the_rules_say_otherwise():
    unconfirmed = (session(date(2025, 1, 10), "2", confirmed="unconfirmed", id=1),)
    strict = RequirementSpec(rsc_hours=D("1"), count_unconfirmed_rsc=False)

    assert rules.rsc_breakdown(unconfirmed, RSC_SPEC, ON).counted_hours == D("2")
    assert rules.rsc_breakdown(unconfirmed, strict, ON).not_counted[0].reason_code == "unconfirmed"


def test_rsc_without_window_counts_sessions_of_any_date():
    spec = RequirementSpec(rsc_hours=D("24"), rsc_provider_codes=frozenset({"IMHS"}))

    item = evaluate(spec, rsc_sessions=(session(date(2001, 1, 1), "24", id=1),)).item("rsc_hours")

    assert item.met
    assert item.explanation == "24.0 of 24 RSC hours received."


def test_rsc_breakdown_totals_by_provider_most_hours_first():
    sessions = (
        session(date(2025, 1, 1), "2", provider_key="a", provider_name="Ann", id=1),
        session(date(2025, 1, 2), "5", provider_key="b", provider_name="Bo", id=2),
        session(date(2025, 1, 3), "1", provider_key="a", provider_name="Ann", provider="", id=3),
    )

    totals = rules.rsc_breakdown(sessions, RSC_SPEC, ON).by_provider

    assert [
        (p.provider_name, p.counted_hours, p.not_counted_hours, p.sessions) for p in totals
    ] == [
        ("Bo", D("5"), D("0"), 1),
        ("Ann", D("2"), D("1"), 2),
    ]


def test_mentor_clinical_sub_minimum_about_rsc_provided():
    spec = RequirementSpec(
        rsc_hours=D("50"),
        rsc_window_months=24,
        rsc_focus_provided_hours=D("25"),
        rsc_provider_codes=frozenset({"IMHM-C"}),
    )
    sessions = (
        session(date(2025, 1, 1), "30", provider="IMHM-C", id=1),
        session(date(2025, 2, 1), "20", provider="IMHM-C", focus="rsc_provided", id=2),
    )

    checklist = evaluate(spec, rsc_sessions=sessions)

    assert checklist.item("rsc_hours").met
    focus = checklist.item("rsc_focus_provided")
    assert not focus.met
    assert focus.contributing_ids == (2,)
    assert focus.explanation == (
        "20.0 of 25 counted RSC hours are about the reflective supervision you provide."
    )
    assert not checklist.complete


# --- References ----------------------------------------------------------------------------


def test_reference_with_threshold_not_enough_information_answers_does_not_count():
    spec = RequirementSpec(references_required=3, reference_not_enough_info_threshold=6)
    refs = (
        reference(1, not_enough_info_count=5),
        reference(2, not_enough_info_count=6),
        reference(3),
        reference(4, completed=False),
    )

    item = evaluate(spec, references=refs).item("references")

    assert not item.met
    assert item.contributing_ids == (1, 3)
    assert item.explanation == (
        "2 of 3 reference ratings count; 1 rating has 6 or more 'not enough information' "
        "answers and does not count; 1 is not yet completed."
    )


def test_reference_from_an_endorsed_or_vetted_rater_is_required():
    spec = RequirementSpec(references_endorsed_required=1)
    none_endorsed = (reference(1), reference(2))
    invalid_endorsed = (reference(1, rater_endorsed=True, not_enough_info_count=9),)
    vetted = (reference(1, rater_vetted=True),)

    assert not evaluate(spec, references=none_endorsed).item("references_endorsed").met
    assert not evaluate(spec, references=invalid_endorsed).item("references_endorsed").met
    assert evaluate(spec, references=vetted).item("references_endorsed").met


# --- Attestations and membership -----------------------------------------------------------


def test_membership_must_be_current_on_the_evaluation_date():
    spec = RequirementSpec(membership_required=True)

    current = evaluate(spec, attestations=Attestations(memberships=member_until(ON))).item(
        "membership"
    )
    lapsed = evaluate(
        spec,
        attestations=Attestations(memberships=member_until(date(2026, 3, 14))),
    ).item("membership")
    missing = evaluate(spec).item("membership")

    assert current.met
    assert not lapsed.met
    assert lapsed.explanation == "Membership ended on 14 March 2026; renew it to continue."
    assert not missing.met
    assert missing.section == "membership"


# Membership is an initial requirement of every category; "some associations accept membership
# in another association of the Alliance" (Alliance for the Advancement of Infant Mental
# Health, endorsement requirements): the requirement set says whether this one does.


def test_membership_counts_through_its_last_day_and_not_the_day_after():
    spec = RequirementSpec(membership_required=True)
    ends_on_the_day = Attestations(memberships=(MembershipPeriod(date(2025, 3, 16), ON),))
    ended_the_day_before = Attestations(
        memberships=(MembershipPeriod(date(2025, 3, 15), ON - timedelta(days=1)),)
    )
    starts_on_the_day = Attestations(memberships=(MembershipPeriod(ON, date(2027, 3, 14)),))
    starts_the_day_after = Attestations(
        memberships=(MembershipPeriod(ON + timedelta(days=1), date(2027, 3, 15)),)
    )

    assert evaluate(spec, attestations=ends_on_the_day).item("membership").met
    ended = evaluate(spec, attestations=ended_the_day_before).item("membership")
    assert not ended.met
    assert ended.params["expires"] == date(2026, 3, 14)
    assert evaluate(spec, attestations=starts_on_the_day).item("membership").met
    assert not evaluate(spec, attestations=starts_the_day_after).item("membership").met


def test_membership_claim_never_meets_the_item_and_says_it_waits():
    spec = RequirementSpec(membership_required=True)
    claim = MembershipPeriod(None, date(2027, 6, 30), claimed=True, number="CT-1")

    item = evaluate(spec, attestations=Attestations(memberships=(claim,))).item("membership")

    assert not item.met
    assert item.code == "membership_claim_pending"
    assert item.params["number"] == "CT-1"
    assert "waiting for a coordinator" in item.explanation


def test_membership_of_another_association_counts_only_where_the_set_accepts_it():
    other = Attestations(
        memberships=(MembershipPeriod(date(2026, 1, 1), date(2026, 12, 31), "MI-AIMH"),)
    )
    refusing = RequirementSpec(membership_required=True)
    accepting = RequirementSpec(
        membership_required=True, other_association_membership_accepted=True
    )

    refused = evaluate(refusing, attestations=other).item("membership")
    accepted = evaluate(accepting, attestations=other).item("membership")

    assert not refused.met
    assert refused.code == "membership_not_accepted"
    assert "MI-AIMH is not accepted" in refused.explanation
    assert accepted.met
    assert accepted.params["association"] == "MI-AIMH"


def test_ethics_must_be_signed():
    spec = RequirementSpec(ethics_required=True)

    assert not evaluate(spec).item("ethics").met
    assert evaluate(spec, attestations=Attestations(ethics_signed=True)).item("ethics").met


# --- The whole checklist -------------------------------------------------------------------

IMHS_LIKE = RequirementSpec(
    category_code="IMHS",
    min_education_level="master",
    work_years=D("2"),
    work_post_graduate=True,
    training_hours=D("30"),
    rsc_hours=D("50"),
    rsc_window_months=24,
    rsc_provider_codes=frozenset({"IMHS", "IMHM-C"}),
    references_required=3,
    references_endorsed_required=1,
    exam_required=True,
    membership_required=True,
    ethics_required=True,
)


def complete_portfolio() -> PortfolioFacts:
    return PortfolioFacts(
        degrees=(Degree("master", "Social work", 2018, id=1),),
        work=(WorkPeriod(start=date(2019, 1, 1), end=None, id=1),),
        trainings=(training(date(2025, 1, 1), "30", id=1),),
        rsc_sessions=(session(date(2025, 1, 1), "50", confirmed="confirmed", id=1),),
        references=(reference(1, rater_endorsed=True), reference(2), reference(3)),
        attestations=Attestations(
            ethics_signed=True,
            memberships=member_until(date(2026, 12, 31)),
        ),
    )


def test_complete_portfolio_meets_every_item_in_portfolio_order():
    checklist = evaluate_application(complete_portfolio(), IMHS_LIKE, on=ON)

    assert checklist.complete
    assert checklist.missing == ()
    assert [i.key for i in checklist.items] == [
        "education",
        "work_years",
        "training_hours",
        "rsc_hours",
        "references",
        "references_endorsed",
        "ethics",
        "membership",
    ]
    assert list(checklist.sections()) == [
        "education",
        "work",
        "training",
        "rsc",
        "references",
        "attestation",
        "membership",
    ]


def test_same_portfolio_later_loses_rsc_that_slid_out_of_the_window():
    later = date(2027, 1, 2)  # the January 2025 session is now 24 months and a day old

    checklist = evaluate_application(complete_portfolio(), IMHS_LIKE, on=later)

    assert checklist.missing[0].key == "rsc_hours"
    assert not checklist.complete


@pytest.mark.parametrize("value", [D("12.5"), D("0")])
def test_hours_are_decimals_never_floats(value):
    item = evaluate(RSC_SPEC, rsc_sessions=(session(date(2025, 1, 1), str(value), id=1),)).item(
        "rsc_hours"
    )

    assert isinstance(item.actual, Decimal)
    assert isinstance(item.required, Decimal)


def test_education_alternative_does_not_count_leadership_activities():
    spec = RequirementSpec(min_education_level="cda", education_alternative_work_years=D("2"))
    leadership = WorkPeriod(start=date(2020, 1, 1), end=None, kind="leadership", id=-1)

    assert not evaluate(spec, work=(leadership,)).item("education").met

"""The rules published after the December 2026 review, each at its boundary: one side met, the
other not. Pure engine tests, table-driven; the comment on each table names the association that
publishes the rule (the facts are in ../shared/domain.md, "Facts added after the December 2026
review")."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from competencies import rules
from competencies.rules import (
    Attestations,
    Degree,
    PortfolioFacts,
    Reference,
    RenewalSpec,
    RequirementSpec,
    WorkPeriod,
    evaluate_application,
    evaluate_renewal,
)

from .factories import reference, session, training

ON = date(2026, 3, 15)
D = Decimal


def evaluate(spec, **facts):
    return evaluate_application(PortfolioFacts(**facts), spec, on=ON)


def sessions_of(minutes_each: list[int], *, start=date(2025, 1, 6), **kwargs):
    return tuple(
        replace(session(start + timedelta(weeks=i), "1", id=i + 1, **kwargs), minutes=m)
        for i, m in enumerate(minutes_each)
    )


# --- Hours are summed in minutes and turned into hours once --------------------------------
# The RSC hours required [mi-aimh.org] are met by the minutes logged: 12 sessions of 50 minutes
# are exactly 10 hours (rounding each to 0.83 hours made 9.96).


@pytest.mark.parametrize(
    ("minutes", "met", "shown"),
    [([50] * 12, True, "10.0"), ([50] * 11 + [49], False, "9.9")],
)
def test_rsc_hours_are_summed_in_minutes(minutes, met, shown):
    spec = RequirementSpec(rsc_hours=D("10"))

    item = evaluate(spec, rsc_sessions=sessions_of(minutes)).item("rsc_hours")

    assert item.met is met
    assert item.explanation.startswith(f"{shown} of 10 RSC hours")
    assert item.params["actual_minutes"] == sum(minutes)


@pytest.mark.parametrize(("minutes", "met"), [([50] * 12, True), ([50] * 11 + [49], False)])
def test_training_hours_are_summed_in_minutes(minutes, met):
    spec = RequirementSpec(training_hours=D("10"))
    trainings = tuple(
        replace(training(date(2025, 1, 1 + i), "1", id=i + 1), minutes=m)
        for i, m in enumerate(minutes)
    )

    assert evaluate(spec, trainings=trainings).item("training_hours").met is met


def test_breakdown_totals_are_exact_sums_of_minutes():
    breakdown = rules.rsc_breakdown(sessions_of([50] * 12), RequirementSpec(rsc_hours=D("1")), ON)

    assert breakdown.counted_hours == D("10")
    assert breakdown.by_provider[0].counted_hours == D("10")


# --- Training must cover a competency --------------------------------------------------------
# "A training counts only if it addresses at least one competency" [mi-aimh.org].

TAGGED = frozenset({10})


@pytest.mark.parametrize(
    ("tagged_hours", "untagged_hours", "flag", "met"),
    [
        ("30", "0", True, True),  # every hour tagged
        ("29", "1", True, False),  # the untagged hour does not count
        ("29", "1", False, True),  # the association turned the rule off
    ],
)
def test_training_without_a_competency_does_not_count(tagged_hours, untagged_hours, flag, met):
    spec = RequirementSpec(training_hours=D("30"), training_requires_competency=flag)
    trainings = (
        training(date(2025, 1, 1), tagged_hours, competency_ids=TAGGED, id=1),
        training(date(2025, 1, 2), untagged_hours, id=2),
    )

    item = evaluate(spec, trainings=trainings).item("training_hours")

    assert item.met is met
    if flag and untagged_hours != "0":
        assert "1 hour of training tagged with no competency area do" in item.explanation
        assert item.params["left_out_no_competency_minutes"] == 60


# --- Mentor tracks: the kinds of leadership each counts --------------------------------------
# Mentor–Policy needs policy leadership; Mentor–Research/Faculty university teaching or research
# leadership (the associations' Mentor requirements, domain notes "Mentor tracks").

POLICY = RequirementSpec(leadership_years=D("3"), leadership_kinds=frozenset({"policy"}))
FACULTY_RESEARCH = RequirementSpec(
    leadership_years=D("3"), leadership_kinds=frozenset({"faculty", "research"})
)
THREE_YEARS = (date(2023, 3, 17), None)  # to ON inclusive: 1095 days, three years


@pytest.mark.parametrize(
    ("spec", "kind", "met"),
    [
        (POLICY, "policy", True),
        (POLICY, "faculty", False),
        (POLICY, "administration", False),
        (FACULTY_RESEARCH, "faculty", True),
        (FACULTY_RESEARCH, "research", True),
        (FACULTY_RESEARCH, "faculty_research", True),  # a work-history row of that kind
        (FACULTY_RESEARCH, "policy", False),
        (RequirementSpec(leadership_years=D("3")), "administration", True),  # any kind
    ],
)
def test_leadership_counts_only_the_kinds_of_the_category(spec, kind, met):
    start, end = THREE_YEARS
    work = (WorkPeriod(start=start, end=end, kind=kind, id=-1),)

    item = evaluate(spec, work=work).item("leadership_years")

    assert item.met is met
    assert item.params["kinds"] == sorted(
        spec.leadership_kinds, key=rules.LEADERSHIP_ACTIVITY_KINDS.index
    )


def test_leadership_three_years_boundary_of_the_right_kind():
    short = (WorkPeriod(start=date(2023, 3, 18), end=None, kind="policy", id=-1),)
    exact = (WorkPeriod(start=date(2023, 3, 17), end=None, kind="policy", id=-1),)

    assert not evaluate(POLICY, work=short).item("leadership_years").met
    assert evaluate(POLICY, work=exact).item("leadership_years").met


# --- Post-graduate work counts from the qualifying degree's completion ----------------------
# '"Post-graduate" counts from the qualifying degree's completion' (the associations' MHS and
# Mentor–Clinical requirements, domain notes "Mentor tracks").

POST_GRADUATE = RequirementSpec(
    min_education_level="master", work_years=D("2"), work_post_graduate=True
)
JOB = WorkPeriod(start=date(2020, 1, 1), end=None, paid=True, id=1)


@pytest.mark.parametrize(
    ("degrees", "met"),
    [
        # completed 16 Mar 2024: 730 days to 15 Mar 2026 inclusive, two years
        ((Degree("master", year=2024, completed_on=date(2024, 3, 16), id=1),), True),
        ((Degree("master", year=2024, completed_on=date(2024, 3, 17), id=1),), False),
        # a bachelor's does not qualify for a master's-level category
        ((Degree("bachelor", year=2015, completed_on=date(2015, 6, 1), id=1),), False),
        # no degree at all: no work is post-graduate
        ((), False),
    ],
)
def test_post_graduate_work_counts_from_the_completion_date(degrees, met):
    item = evaluate(POST_GRADUATE, degrees=degrees, work=(JOB,)).item("work_years")

    assert item.met is met


def test_post_graduate_from_the_earliest_qualifying_degree_and_only_the_year_is_assumed_late():
    doctorate = Degree("doctorate", year=2022, completed_on=date(2022, 5, 1), id=2)
    master = Degree("master", year=2019, id=1)  # an older row: only the year is known

    found = rules.post_graduate_from((doctorate, master), POST_GRADUATE, ON)
    item = evaluate(POST_GRADUATE, degrees=(master,), work=(JOB,)).item("work_years")

    assert found == (date(2019, 12, 31), True)
    assert item.params["completion_date_assumed"] is True
    assert "add the day you completed it" in item.explanation


# --- Age bands -------------------------------------------------------------------------------
# Infant categories concern pregnancy to 36 months, early-childhood ones children 3 up to 6;
# work spanning both counts for both (the associations' category definitions, domain notes
# "Age bands").

INFANT = frozenset({"infant", "both"})
EARLY = frozenset({"early_childhood", "both"})
TWO_YEARS = date(2024, 3, 16)  # to ON inclusive: 730 days


@pytest.mark.parametrize(
    ("bands", "band", "met"),
    [
        (INFANT, "infant", True),
        (INFANT, "both", True),
        (INFANT, "early_childhood", False),
        (EARLY, "early_childhood", True),
        (EARLY, "both", True),
        (EARLY, "infant", False),
        (frozenset({"infant"}), "both", False),  # configurable: "both" not listed
        (frozenset(), "early_childhood", True),  # no age rule
    ],
)
def test_work_counts_only_about_the_category_ages(bands, band, met):
    spec = RequirementSpec(work_years=D("2"), age_bands=bands)
    work = (WorkPeriod(start=TWO_YEARS, end=None, age_band=band, id=1),)

    assert evaluate(spec, work=work).item("work_years").met is met


@pytest.mark.parametrize(
    ("bands", "band", "reason"),
    [
        (INFANT, "infant", "counted"),
        (INFANT, "both", "counted"),
        (INFANT, "early_childhood", "wrong_age_band"),
        (EARLY, "infant", "wrong_age_band"),
        (EARLY, "", "age_band_missing"),
        (frozenset(), "", "counted"),
    ],
)
def test_rsc_counts_only_about_the_category_ages(bands, band, reason):
    spec = RequirementSpec(rsc_hours=D("1"), age_bands=bands)

    breakdown = rules.rsc_breakdown(sessions_of([60], age_band=band), spec, ON)

    assert breakdown.verdicts[0].reason_code == reason


# --- RSC span: no less than one year and no more than two --------------------------------------
# The required RSC hours are received "in no less than one year and no more than a two-year
# time frame" [mi-aimh.org].

SPAN = RequirementSpec(rsc_hours=D("24"), rsc_span_min_months=12, rsc_span_max_months=24)


def _spread(first: date, last: date, count: int = 24):
    """`count` one-hour sessions from `first` to `last`, evenly."""
    days = (last - first).days
    return tuple(
        session(first + timedelta(days=days * i // (count - 1)), "1", id=i + 1)
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("first", "last", "met", "problem"),
    [
        (date(2024, 3, 15), date(2025, 3, 15), True, ""),  # exactly 12 months
        (date(2024, 3, 15), date(2025, 3, 14), False, "too_short"),  # a day short
        (date(2026, 1, 1), date(2026, 1, 21), False, "too_short"),  # 24 hours in three weeks
        (date(2023, 3, 15), date(2025, 3, 15), True, ""),  # exactly 24 months
    ],
)
def test_rsc_span_minimum_and_maximum(first, last, met, problem):
    item = evaluate(SPAN, rsc_sessions=_spread(first, last)).item("rsc_span")

    assert item.met is met
    assert item.params["problem"] == problem


def test_rsc_span_hours_spread_over_more_than_two_years_do_not_meet_it():
    # 24 monthly hours from 15 Mar 2023, the last on 16 Mar 2025: no 24 months hold them all.
    days = [rules.months_after(date(2023, 3, 15), n) for n in range(23)] + [date(2025, 3, 16)]
    sessions = tuple(session(day, "1", id=i + 1) for i, day in enumerate(days))

    item = evaluate(SPAN, rsc_sessions=sessions).item("rsc_span")

    assert not item.met
    assert item.params["problem"] == "too_few_hours_in_frame"
    assert item.params["frame_minutes"] == 23 * 60


def test_rsc_span_extra_hours_in_a_short_burst_still_meet_it_over_a_year():
    burst = sessions_of([24 * 60 // 12] * 12, start=date(2025, 1, 1))
    later = (session(date(2026, 1, 1), "1", id=99),)

    item = evaluate(SPAN, rsc_sessions=burst + later).item("rsc_span")

    assert item.met
    assert (item.params["first"], item.params["last"]) == (date(2025, 1, 1), date(2026, 1, 1))


# --- RSC concentration: most hours from one provider, the rest from at most one other ---------
# "The majority of RSC hours from one provider, the balance from no more than one other"
# [mi-aimh.org, ct-aimh.org].

CONCENTRATED = RequirementSpec(
    rsc_hours=D("24"), rsc_main_provider_share_percent=D("50"), rsc_other_providers_max=1
)


def _from(*minutes_by_provider: tuple[str, int]):
    return tuple(
        replace(
            session(date(2025, 6, 1) + timedelta(days=i), "1", id=i + 1),
            minutes=m,
            provider_key=name,
            provider_name=name,
        )
        for i, (name, m) in enumerate(minutes_by_provider)
    )


@pytest.mark.parametrize(
    ("sessions", "met", "problem"),
    [
        (_from(("Ann", 721), ("Bo", 719)), True, ""),  # 12 h 1 min of 24 h: a majority
        (_from(("Ann", 720), ("Bo", 720)), False, "no_majority"),  # half is not most
        (_from(("Ann", 800), ("Bo", 400), ("Cy", 240)), False, "too_many_providers"),
        # Hours beyond the requirement from a third provider do not spoil it.
        (_from(("Ann", 900), ("Bo", 540), ("Cy", 600)), True, ""),
        (_from(("Ann", 1440)), True, ""),  # all from one provider
    ],
)
def test_rsc_concentration(sessions, met, problem):
    item = evaluate(CONCENTRATED, rsc_sessions=sessions).item("rsc_concentration")

    assert item.met is met
    assert item.params["problem"] == problem
    assert item.params["main_provider"] == "Ann"
    assert item.explanation.startswith("Ann provided")


def test_rsc_concentration_names_the_provider_with_the_most_hours():
    item = evaluate(CONCENTRATED, rsc_sessions=_from(("Ann", 600), ("Bo", 840))).item(
        "rsc_concentration"
    )

    assert item.met
    assert item.params["main_provider"] == "Bo"
    assert item.params["other_providers"] == ["Ann"]


# --- Reference relationships -----------------------------------------------------------------
# Raters are typically the current supervisor and the RSC provider; Mentor–Clinical someone who
# receives RSC from the applicant (the associations' reference requirements, domain notes
# "References").

NEEDS = RequirementSpec(reference_relationships=("current_supervisor", "rsc_provider"))


SUPERVISOR, PROVIDER, COLLEAGUE = "current_supervisor", "rsc_provider", "colleague"


@pytest.mark.parametrize(
    ("references", "missing"),
    [
        ((reference(1, relationship=SUPERVISOR), reference(2, relationship=PROVIDER)), []),
        ((reference(1, relationship=SUPERVISOR), reference(2, relationship=COLLEAGUE)), [PROVIDER]),
        # A supervisor's rating that does not count (6 "not enough information") is missing.
        (
            (
                reference(1, relationship=SUPERVISOR, not_enough_info_count=6),
                reference(2, relationship=PROVIDER),
            ),
            [SUPERVISOR],
        ),
    ],
)
def test_reference_relationships_the_category_names(references, missing):
    spec = replace(NEEDS, references_required=2)

    item = evaluate(spec, references=references).item("reference_relationships")

    assert item.met is (not missing)
    assert item.params["missing"] == missing
    if missing == ["rsc_provider"]:
        assert "your reflective supervision/consultation (RSC) provider" in item.explanation


def test_reference_relationship_asked_but_not_completed_is_named_as_pending():
    refs = (
        Reference(id=1, relationship="current_supervisor", completed=True),
        Reference(id=2, relationship="rsc_provider", completed=False),
    )

    item = evaluate(NEEDS, references=refs).item("reference_relationships")

    assert not item.met
    assert item.params["pending"] == ["rsc_provider"]
    assert "asked, not yet completed" in item.explanation


# --- Annual renewal: hours on providing RSC for every provider of RSC ----------------------
# The hours on providing RSC apply "if you are a provider of RSC" [mi-aimh.org], whatever the
# category held.

ANNUAL = RenewalSpec(cycle_years=1, training_hours=D("15"), training_rsc_provision_hours=D("3"))
CYCLE = {"cycle_start": date(2026, 1, 1), "cycle_end": date(2026, 12, 31)}


@pytest.mark.parametrize(
    ("implied", "provides", "owed"),
    [
        (False, True, "holder"),  # an IMHS holder who supervises
        (False, False, None),  # says they do not: nothing on providing RSC
        (True, False, "category"),  # IFRS/IMHM-C: every holder provides RSC
        (False, None, "unknown"),  # not asked yet: shown as owed if they provide RSC
    ],
)
def test_renewal_rsc_provision_hours_for_every_provider(implied, provides, owed):
    policy = replace(ANNUAL, rsc_provision_implied=implied)
    facts = PortfolioFacts(attestations=Attestations(provides_rsc=provides))

    checklist = evaluate_renewal(facts, policy, endorsed_on=date(2015, 1, 1), **CYCLE)

    keys = [i.key for i in checklist.items]
    if owed is None:
        assert "training_rsc_provision" not in keys
    else:
        item = checklist.item("training_rsc_provision")
        assert item.params["applies"] == owed and item.required == D("3")


def test_renewal_rsc_provision_boundary_for_a_provider():
    policy = replace(ANNUAL, training_hours=D("0"))
    provider = Attestations(provides_rsc=True)

    def met(hours):
        facts = PortfolioFacts(
            trainings=(training(date(2026, 5, 1), hours, rsc_provision=True, id=1),),
            attestations=provider,
        )
        checklist = evaluate_renewal(facts, policy, endorsed_on=date(2015, 1, 1), **CYCLE)
        return checklist.item("training_rsc_provision").met

    assert met("3") and not met("2.75")

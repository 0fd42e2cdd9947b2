"""Rules as data: effective ranges, the overlap guard, specs and the shipped defaults."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from competencies import defaults, rules, selectors, services
from competencies.models import (
    EducationLevel,
    EndorsementCategory,
    RenewalPolicy,
    RequirementSet,
)
from competencies.rules import PortfolioFacts, evaluate_application

from .factories import (
    EndorsementCategoryFactory,
    RenewalPolicyFactory,
    RequirementSetFactory,
    session,
)

D = Decimal


def test_rules_package_imports_nothing_but_the_standard_library():
    allowed = {"__future__", "calendar", "collections", "dataclasses", "datetime", "decimal"}
    package = Path(rules.__file__).parent

    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_education_choices_match_the_engine_order():
    assert tuple(EducationLevel.values) == rules.EDUCATION_ORDER


@pytest.mark.django_db
def test_defaults_ship_fourteen_categories_with_twins():
    categories = {c.code: c for c in EndorsementCategory.objects.select_related("twin")}

    assert set(categories) == {
        "IFA", "IFS", "IFRS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R",
        "ECFA", "ECFS", "ECFRS", "ECMHS", "ECMHM-C", "ECMHM-P", "ECMHM-R",
    }  # fmt: skip
    assert categories["IFS"].twin.code == "ECFS"
    assert categories["ECMHM-C"].twin.code == "IMHM-C"
    assert categories["IFRS"].allows_emerging


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "figures"),
    [
        ("IFA", {"min_education_level": "cda", "education_alternative_work_years": D("2"),
                 "work_must_be_paid": False, "training_hours": D("30"), "rsc_hours": D("0")}),
        ("ECFS", {"min_education_level": "bachelor", "min_families_served": 10,
                  "rsc_hours": D("24"), "rsc_window_months": 24}),
        ("IFRS", {"leadership_years": D("1"), "training_hours": D("48"),
                  "training_rsc_provision_hours": D("15"), "training_dei_hours": D("3"),
                  "rsc_window_months": None}),
        ("IMHS", {"min_education_level": "master", "work_post_graduate": True,
                  "rsc_hours": D("50"), "exam_required": True}),
        ("IMHM-C", {"rsc_provision_years": D("3"), "rsc_focus_provided_hours": D("25"),
                    "rsc_hours": D("50")}),
        ("IMHM-P", {"leadership_years": D("3"), "training_hours": D("33"), "rsc_hours": D("0"),
                    "exam_required": True}),
    ],
)  # fmt: skip
def test_defaults_requirement_figures(code, figures):
    rs = selectors.requirement_set_in_effect(
        category=EndorsementCategory.objects.get(code=code), on=date(2026, 1, 1)
    )

    assert {name: getattr(rs, name) for name in figures} == figures
    assert rs.references_required == 3
    assert rs.reference_not_enough_info_threshold == 6


@pytest.mark.django_db
def test_defaults_qualifying_rsc_providers():
    def providers(code):
        rs = selectors.requirement_set_in_effect(
            category=EndorsementCategory.objects.get(code=code), on=date(2026, 1, 1)
        )
        return {c.code for c in rs.rsc_provider_categories.all()}

    assert providers("IFS") == {"IFRS", "IMHS", "IMHM-C", "ECFRS", "ECMHS", "ECMHM-C"}
    assert providers("IMHS") == {"IMHS", "IMHM-C", "ECMHS", "ECMHM-C"}
    assert providers("IMHM-C") == {"IMHM-C", "ECMHM-C"}


@pytest.mark.django_db
def test_defaults_renewal_moves_to_three_year_cycles_on_31_december_2027():
    imhs = EndorsementCategory.objects.get(code="IMHS")
    ifa = EndorsementCategory.objects.get(code="IFA")

    annual = selectors.renewal_policy_in_effect(category=imhs, on=date(2027, 12, 30))
    three = selectors.renewal_policy_in_effect(category=imhs, on=date(2027, 12, 31))

    assert (annual.cycle_years, annual.training_hours, annual.rsc_hours) == (1, D("15"), D("12"))
    assert annual.first_renewal_skip and annual.reminder_offsets == [90, 60, 30, 7]
    assert (three.cycle_years, three.training_hours, three.rsc_hours) == (3, D("45"), D("36"))
    assert three.pro_rate and three.audit_sample_percent == D("10")
    assert selectors.renewal_policy_in_effect(category=ifa, on=date(2026, 1, 1)).rsc_hours == 0


@pytest.mark.django_db
def test_defaults_install_again_adds_nothing():
    before = (RequirementSet.objects.count(), RenewalPolicy.objects.count())

    defaults.defaults_install()

    assert (RequirementSet.objects.count(), RenewalPolicy.objects.count()) == before
    assert EndorsementCategory.objects.count() == 14


@pytest.mark.django_db
def test_spec_lists_the_domains_of_the_category_level():
    mentor = selectors.requirement_spec_for(
        category=EndorsementCategory.objects.get(code="IMHM-C"), on=date(2026, 1, 1)
    )
    associate = selectors.requirement_spec_for(
        category=EndorsementCategory.objects.get(code="IFA"), on=date(2026, 1, 1)
    )

    assert len(mentor.required_domain_ids) == 9  # eight domains + Administration
    assert len(associate.required_domain_ids) == 8
    assert "Administration" not in {
        associate.domain_names[d] for d in associate.required_domain_ids
    }
    assert mentor.rsc_provider_codes == frozenset({"IMHM-C", "ECMHM-C"})
    assert mentor.rsc_focus_provided_hours == D("25")


# --- The overlap guard ---------------------------------------------------------------------


@pytest.mark.django_db
def test_overlapping_requirement_set_is_rejected_with_a_clear_message():
    category = EndorsementCategoryFactory(code="ZZ")
    RequirementSetFactory(category=category, effective_from=date(2020, 1, 1))
    clash = RequirementSet(category=category, effective_from=date(2025, 1, 1))

    with pytest.raises(ValidationError) as error:
        services.requirement_set_save(requirement_set=clash)

    assert "Only one requirement set may be in effect for ZZ on any date" in str(error.value)
    assert "from 1 January 2020 with no end date" in str(error.value)
    assert RequirementSet.objects.filter(category=category).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (date(2019, 1, 1), date(2019, 12, 31), False),  # ends the day before
        (date(2019, 1, 1), date(2020, 1, 1), True),  # ends on the first day
        (date(2020, 12, 31), None, True),  # starts on the last day
        (date(2021, 1, 1), None, False),  # starts the day after
    ],
)
def test_overlap_boundaries_are_inclusive(start, end, overlaps):
    category = EndorsementCategoryFactory(code="ZZ")
    RenewalPolicyFactory(
        category=category, effective_from=date(2020, 1, 1), effective_to=date(2020, 12, 31)
    )
    policy = RenewalPolicy(category=category, effective_from=start, effective_to=end)

    if overlaps:
        with pytest.raises(ValidationError, match="Only one renewal policy may be in effect"):
            services.renewal_policy_save(renewal_policy=policy)
    else:
        services.renewal_policy_save(renewal_policy=policy)
        assert RenewalPolicy.objects.filter(category=category).count() == 2


@pytest.mark.django_db
def test_editing_a_row_does_not_clash_with_itself():
    rs = RequirementSetFactory(category=EndorsementCategoryFactory(code="ZZ"))
    rs.training_hours = D("40")

    services.requirement_set_save(requirement_set=rs)

    rs.refresh_from_db()
    assert rs.training_hours == D("40")


@pytest.mark.django_db
def test_end_before_start_is_rejected_by_clean_and_by_the_database():
    rs = RequirementSet(
        category=EndorsementCategoryFactory(code="ZZ"),
        effective_from=date(2020, 1, 1),
        effective_to=date(2019, 1, 1),
    )

    with pytest.raises(ValidationError, match="on or after the first day"):
        services.requirement_set_save(requirement_set=rs)
    with pytest.raises(IntegrityError), transaction.atomic():
        rs.save()


# --- A change of rules on an effective date -------------------------------------------------


@pytest.mark.django_db
def test_supersede_changes_the_checklist_from_its_effective_date_only():
    imhs = EndorsementCategory.objects.get(code="IMHS")
    current = selectors.requirement_set_in_effect(category=imhs, on=date(2026, 1, 1))
    facts = PortfolioFacts(rsc_sessions=(session(date(2025, 6, 1), "40", provider="IMHM-C", id=1),))

    successor = services.requirement_set_supersede(
        current=current, effective_from=date(2026, 7, 1), rsc_hours=D("40")
    )

    before = selectors.requirement_spec_for(category=imhs, on=date(2026, 6, 30))
    after = selectors.requirement_spec_for(category=imhs, on=date(2026, 7, 1))
    assert not evaluate_application(facts, before, on=date(2026, 6, 30)).item("rsc_hours").met
    assert evaluate_application(facts, after, on=date(2026, 7, 1)).item("rsc_hours").met
    current.refresh_from_db()
    assert current.effective_to == date(2026, 6, 30)
    assert {c.code for c in successor.rsc_provider_categories.all()} == {
        "IMHS", "IMHM-C", "ECMHS", "ECMHM-C",
    }  # fmt: skip


@pytest.mark.django_db
def test_categories_with_current_requirements_attach_the_rows_in_effect():
    categories = selectors.categories_with_current_requirements(on=date(2028, 1, 1))

    assert len(categories) == 14
    assert categories[0].code == "IFA"
    assert all(c.current_requirements is not None for c in categories)
    assert {c.current_renewal_policy.cycle_years for c in categories} == {3}


# --- The rules published after the December 2026 review, as shipped -----------------------


def _set(code, on=date(2026, 1, 1)):
    return selectors.requirement_set_in_effect(
        category=EndorsementCategory.objects.get(code=code), on=on
    )


def _reviewers(code) -> set[str]:
    return {c.code for c in _set(code).reviewer_categories.all()}


@pytest.mark.django_db
def test_defaults_reviewer_ladder_is_the_level_or_higher_in_either_track():
    # Reviewers are endorsed at the category's level or higher (domain notes, "Reviewers").
    mentors = {"IMHM-C", "IMHM-P", "IMHM-R", "ECMHM-C", "ECMHM-P", "ECMHM-R"}
    mhs_up = {"IMHS", "ECMHS", *mentors}
    frs_up = {"IFRS", "ECFRS", *mhs_up}

    assert _reviewers("IFA") == {"IFA", "ECFA", "IFS", "ECFS", *frs_up}
    assert _reviewers("ECFS") == {"IFS", "ECFS", *frs_up}
    assert _reviewers("IMHS") == mhs_up
    assert _reviewers("IMHM-P") == mentors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "figures"),
    [
        # RSC span [mi-aimh.org]; concentration [mi-aimh.org, ct-aimh.org]; raters and ages
        # (domain notes, "References" and "Age bands").
        ("IFS", {"rsc_span_min_months": 12, "rsc_span_max_months": 24,
                 "rsc_main_provider_share_percent": D("50"), "rsc_other_providers_max": 1,
                 "reference_relationships": ["current_supervisor", "rsc_provider"],
                 "age_bands": ["infant", "both"]}),
        ("ECMHS", {"rsc_span_min_months": 12, "age_bands": ["early_childhood", "both"]}),
        ("IFRS", {"rsc_span_min_months": None, "rsc_other_providers_max": 1}),
        ("IMHM-C", {"reference_relationships": ["current_supervisor", "rsc_provider",
                                                "supervisee"]}),
        ("IMHM-P", {"leadership_kinds": ["policy"], "rsc_main_provider_share_percent": None,
                    "reference_relationships": ["current_supervisor"]}),
        ("ECMHM-R", {"leadership_kinds": ["faculty", "research"]}),
        ("IFA", {"reference_relationships": [], "training_requires_competency": True}),
    ],
)  # fmt: skip
def test_defaults_december_2026_figures(code, figures):
    rs = _set(code)

    assert {name: getattr(rs, name) for name in figures} == figures


@pytest.mark.django_db
def test_defaults_renewal_calendar_and_rsc_provision():
    # The 3-year grid from 31 Dec 2027 with the move of 2024-2026 renewals onto it [Florida,
    # Pennsylvania and First3Years]; RSC-provision hours "if you are a provider" [mi-aimh.org].
    def policy(code, on):
        return selectors.renewal_policy_in_effect(
            category=EndorsementCategory.objects.get(code=code), on=on
        )

    annual, three = policy("IMHS", date(2026, 1, 1)), policy("IMHS", date(2028, 1, 1))

    assert annual.training_rsc_provision_hours == D("3") and not annual.rsc_provision_implied
    assert policy("IFRS", date(2026, 1, 1)).rsc_provision_implied
    assert (three.cycle_anchor, three.transition_from) == (date(2027, 12, 31), date(2024, 1, 1))
    assert three.training_rsc_provision_hours == D("9") and three.pro_rate_by == "days"


@pytest.mark.django_db
def test_data_migration_updates_shipped_rows_and_keeps_an_associations_edits():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("competencies.migrations.0005_shipped_rules_december_2026")
    by_code = {c.code: c for c in EndorsementCategory.objects.all()}
    ifa, ifs = _set("IFA"), _set("IFS")
    # As a deployment migrated before this change has them: the old shipped reviewers for
    # IFA, an association's own choice for IFS, none of the new figures.
    ifa.reviewer_categories.set(
        [by_code[c] for s in migration.OLD_REVIEWERS["FA"] for c in defaults.category_codes(s)]
    )
    ifs.reviewer_categories.set([by_code["IMHS"]])
    RequirementSet.objects.filter(pk__in=[ifa.pk, ifs.pk]).update(
        age_bands=[], reference_relationships=[], rsc_span_min_months=None
    )
    RenewalPolicy.objects.filter(category__code="IMHS").update(training_rsc_provision_hours=0)

    migration.forwards(apps, None)

    assert "IFA" in _reviewers("IFA")
    assert _reviewers("IFS") == {"IMHS"}
    assert _set("IFS").rsc_span_min_months == 12
    assert _set("IFA").age_bands == ["infant", "both"]
    assert set(
        RenewalPolicy.objects.filter(category__code="IMHS").values_list(
            "training_rsc_provision_hours", flat=True
        )
    ) == {D("3"), D("9")}

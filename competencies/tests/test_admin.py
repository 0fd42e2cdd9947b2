"""The rules are edited in the Django admin: numbers flow to the pages and the checklist."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from competencies import selectors
from competencies.models import EndorsementCategory, RequirementSet
from competencies.rules import PortfolioFacts, evaluate_application

from .factories import session

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _form_data(rs: RequirementSet, **changes) -> dict:
    """The admin change form's fields for `rs`, as the browser would post them."""
    data = {
        "category": rs.category_id,
        "effective_from": rs.effective_from.isoformat(),
        "effective_to": rs.effective_to.isoformat() if rs.effective_to else "",
        "min_education_level": rs.min_education_level,
        "education_alternative_work_years": rs.education_alternative_work_years or "",
        "rsc_provider_categories": [c.pk for c in rs.rsc_provider_categories.all()],
        "reviewer_categories": [c.pk for c in rs.reviewer_categories.all()],
        "rsc_window_months": rs.rsc_window_months or "",
        "age_bands": list(rs.age_bands),
        "leadership_kinds": list(rs.leadership_kinds),
        "reference_relationships": list(rs.reference_relationships),
        "fees_before_submission": list(rs.fees_before_submission),
        "fees_before_decision": list(rs.fees_before_decision),
    }
    for name in (
        "rsc_span_min_months", "rsc_span_max_months", "rsc_main_provider_share_percent",
        "rsc_other_providers_max",
    ):  # fmt: skip
        value = getattr(rs, name)
        data[name] = "" if value is None else value
    for name in (
        "work_years", "min_families_served", "leadership_years", "rsc_provision_years",
        "training_hours", "training_dei_hours", "training_rsc_provision_hours", "rsc_hours",
        "rsc_focus_provided_hours", "references_required", "references_endorsed_required",
        "reference_not_enough_info_threshold", "exam_pass_mark_percent", "reviewers_required",
        "training_verified_share_percent",
    ):  # fmt: skip
        data[name] = getattr(rs, name)
    for name in (
        "work_must_be_paid", "work_post_graduate", "training_must_cover_domains",
        "count_unconfirmed_rsc", "exam_required", "membership_required", "ethics_required",
        "training_requires_competency",
    ):  # fmt: skip
        if getattr(rs, name):
            data[name] = "on"
    data.update(changes)
    return data


def test_admin_rejects_an_overlapping_requirement_set_with_a_clear_error(superuser_client):
    imhs = EndorsementCategory.objects.get(code="IMHS")
    current = selectors.requirement_set_in_effect(category=imhs, on=date(2026, 1, 1))
    data = _form_data(current, effective_from="2026-01-01")

    response = superuser_client.post(reverse("admin:competencies_requirementset_add"), data)

    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "Only one requirement set may be in effect for IMHS on any date." in html
    assert "from 1 January 2000 with no end date" in html
    assert RequirementSet.objects.filter(category=imhs).count() == 1


def test_admin_accepts_a_new_set_once_the_old_one_ends(superuser_client):
    imhs = EndorsementCategory.objects.get(code="IMHS")
    current = selectors.requirement_set_in_effect(category=imhs, on=date(2026, 1, 1))
    superuser_client.post(
        reverse("admin:competencies_requirementset_change", args=[current.pk]),
        _form_data(current, effective_to="2026-06-30"),
    )

    response = superuser_client.post(
        reverse("admin:competencies_requirementset_add"),
        _form_data(current, effective_from="2026-07-01", rsc_hours="40"),
    )

    assert response.status_code == 302
    after = selectors.requirement_set_in_effect(category=imhs, on=date(2026, 7, 1))
    assert after.rsc_hours == Decimal("40")
    assert after.rsc_provider_categories.count() == 4


def test_changing_a_number_in_the_admin_changes_the_page_and_the_checklist(superuser_client):
    imhs = EndorsementCategory.objects.get(code="IMHS")
    today = date.today()
    current = selectors.requirement_set_in_effect(category=imhs, on=today)
    facts = PortfolioFacts(rsc_sessions=(session(today, "40", provider="IMHS", id=1),))
    spec = selectors.requirement_spec_for(category=imhs, on=today)
    assert not evaluate_application(facts, spec, on=today).item("rsc_hours").met

    response = superuser_client.post(
        reverse("admin:competencies_requirementset_change", args=[current.pk]),
        _form_data(current, rsc_hours="40"),
    )

    assert response.status_code == 302
    spec = selectors.requirement_spec_for(category=imhs, on=today)
    assert evaluate_application(facts, spec, on=today).item("rsc_hours").met
    page = superuser_client.get(reverse("competencies:list")).content.decode()
    assert "At least 40 hours of reflective supervision" in page.split('id="category-IMHS"')[1]


@pytest.mark.parametrize(
    "name",
    [
        "endorsementcategory",
        "guidelinesedition",
        "competencydomain",
        "competency",
        "requirementset",
        "renewalpolicy",
    ],
)
def test_admin_lists_render(superuser_client, name):
    response = superuser_client.get(reverse(f"admin:competencies_{name}_changelist"))

    assert response.status_code == 200
    assert "result_list" in response.content.decode()


def test_admin_in_effect_filter(superuser_client):
    response = superuser_client.get(
        reverse("admin:competencies_renewalpolicy_changelist"), {"in_effect": "future"}
    )

    assert response.context["cl"].result_count == 14


def test_admin_rejects_an_overlapping_renewal_policy(superuser_client):
    imhs = EndorsementCategory.objects.get(code="IMHS")
    data = {
        "category": imhs.pk,
        "effective_from": "2027-01-01",
        "effective_to": "2027-12-31",
        "cycle_years": 1,
        "training_hours": "15",
        "training_dei_hours": "1",
        "training_rsc_provision_hours": "0",
        "rsc_hours": "12",
        "grace_period_days": 30,
        "audit_sample_percent": "0",
        "reminder_offsets_days": "90,60,30,7",
        "cycle_anchor": "2027-12-31",
        "pro_rate_by": "days",
    }

    response = superuser_client.post(reverse("admin:competencies_renewalpolicy_add"), data)

    html = response.content.decode()
    assert "Only one renewal policy may be in effect for IMHS on any date." in html
    assert "from 1 January 2000 to 30 December 2027" in html


def test_admin_rejects_reminder_offsets_that_are_not_a_number_list(superuser_client):
    imhs = EndorsementCategory.objects.get(code="IMHS")
    data = {
        "category": imhs.pk,
        "effective_from": "2040-01-01",
        "cycle_years": 1,
        "training_hours": "15",
        "training_dei_hours": "1",
        "training_rsc_provision_hours": "0",
        "rsc_hours": "12",
        "grace_period_days": 30,
        "audit_sample_percent": "0",
        "reminder_offsets_days": "ninety",
        "cycle_anchor": "2027-12-31",
        "pro_rate_by": "days",
    }

    response = superuser_client.post(reverse("admin:competencies_renewalpolicy_add"), data)

    assert "Enter only digits separated by commas." in response.content.decode()

"""Submitting under a category's emerging rules: reflective-supervisor categories may be
endorsed as emerging, counting as endorsed while the applicant finishes (domain notes,
"Review and decision"); which items may still be in progress is data on the requirement set."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import applicant
from competencies.models import RequirementSet
from endorsements.models import ApplicationStatus
from endorsements.services.applications import (
    ApplicationIncomplete,
    application_open,
    application_submit,
)
from endorsements.tests.factories import category

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def asking_only(code: str, **numbers) -> RequirementSet:
    """The category's requirement set asking for `numbers` and nothing else."""
    qs = RequirementSet.objects.in_effect(date(2026, 11, 2)).filter(category__code=code)
    nothing = {
        "min_education_level": "none",
        "work_years": 0,
        "leadership_years": 0,
        "rsc_provision_years": 0,
        "training_hours": 0,
        "training_dei_hours": 0,
        "training_rsc_provision_hours": 0,
        "training_must_cover_domains": False,
        "rsc_hours": 0,
        "rsc_focus_provided_hours": 0,
        "references_required": 0,
        "references_endorsed_required": 0,
        "membership_required": False,
        "ethics_required": False,
        # The rules added after the December 2026 review, asking nothing either.
        "reference_relationships": [],
        "rsc_span_min_months": None,
        "rsc_span_max_months": None,
        "rsc_main_provider_share_percent": None,
    }
    qs.update(**{**nothing, **numbers})
    return qs.get()


def test_the_shipped_emerging_items_are_the_leadership_year_and_rsc_provision_training():
    rs = RequirementSet.objects.in_effect(date(2026, 11, 2)).get(category__code="IFRS")
    assert rs.emerging_item_keys == {"leadership_years", "training_rsc_provision"}
    ifa = RequirementSet.objects.in_effect(date(2026, 11, 2)).get(category__code="IFA")
    assert ifa.emerging_item_keys == frozenset()  # IFA has no emerging route


def test_with_only_an_emerging_item_unmet_the_application_may_be_submitted_as_emerging(client):
    asking_only("IFRS", leadership_years=1)
    application = application_open(applicant=applicant(), category=category("IFRS"))
    client.force_login(application.applicant)
    page = client.get(reverse("endorsements:application_detail", args=[application.pk]))
    assert "Submit as emerging" in page.content.decode()

    with pytest.raises(ApplicationIncomplete):
        application_submit(application=application, actor=application.applicant)
    application_submit(application=application, actor=application.applicant, emerging=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.emerging_requested
    assert application.events.get().code == "submitted_emerging"
    unmet = [i["key"] for i in application.snapshot["checklist"]["items"] if not i["met"]]
    assert unmet == ["leadership_years"]


def test_an_item_outside_the_emerging_rules_still_blocks_the_submission():
    asking_only("IFRS", leadership_years=1, training_hours=30)
    application = application_open(applicant=applicant(), category=category("IFRS"))

    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(application=application, actor=application.applicant, emerging=True)

    assert [item.key for item in refused.value.missing] == ["training_hours"]


def test_a_category_without_the_emerging_route_is_never_submitted_as_emerging():
    asking_only("IFA", work_years=1)
    application = application_open(applicant=applicant(), category=category("IFA"))

    with pytest.raises(ApplicationIncomplete):
        application_submit(application=application, actor=application.applicant, emerging=True)

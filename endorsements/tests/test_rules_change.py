"""A rule changed in the admin changes an open draft's checklist at once and never the frozen
snapshot of a submitted application (reviewers judge the application against what it met when
it was submitted)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from competencies import checklist_text
from competencies import selectors as competency_selectors
from competencies.tests.test_admin import _form_data
from endorsements.models import Application, ApplicationStatus
from endorsements.selectors import application_evaluation
from endorsements.services.applications import application_submit

from .factories import category, ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _change_ifa(admin_client, **changes):
    ifa = category("IFA")
    current = competency_selectors.requirement_set_in_effect(category=ifa, on=timezone.localdate())
    response = admin_client.post(
        reverse("admin:competencies_requirementset_change", args=[current.pk]),
        _form_data(current, **changes),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _training_item(checklist_items):
    return next(i for i in checklist_items if i["key"] == "training_hours")


def test_a_number_changed_in_the_admin_changes_an_open_draft_at_once(admin_client, client):
    draft = ready_application()
    assert application_evaluation(application=draft).complete  # 36 of 30 training hours

    _change_ifa(admin_client, training_hours="40")

    evaluation = application_evaluation(application=draft)
    item = evaluation.checklist.item("training_hours")
    assert not item.met and item.required == Decimal("40")
    client.force_login(draft.applicant)
    page = client.get(reverse("endorsements:application_detail", args=[draft.pk]))
    assert "36.0 of 40 training hours." in page.content.decode()
    assert "You can submit once every item above is met." in page.content.decode()


def test_a_number_changed_in_the_admin_never_changes_a_submitted_snapshot(admin_client):
    submitted = ready_application()
    application_submit(application=submitted, actor=submitted.applicant)
    before = Application.objects.get(pk=submitted.pk).snapshot

    _change_ifa(admin_client, training_hours="40")

    after = Application.objects.get(pk=submitted.pk)
    assert after.status == ApplicationStatus.SUBMITTED
    assert after.snapshot == before
    assert after.snapshot["checklist"]["complete"] is True
    item = _training_item(after.snapshot["checklist"]["items"])
    assert item["met"] is True and item["required"] == "30.0"
    # The snapshot keeps codes and values; the sentence is written when read.
    assert "explanation" not in item
    assert checklist_text.item_explanation(item) == "36.0 of 30 training hours."
    assert item["code"] == "training_hours" and item["params"]["actual_minutes"] == 36 * 60

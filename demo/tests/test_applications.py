"""The demo applicant's IFA application: a draft with 2 of 3 references completed."""

import pytest
from django.core import mail

from accounts.tests.factories import applicant
from demo.applications import demo_applicant_application
from endorsements.models import ApplicationStatus
from endorsements.selectors import application_evaluation

pytestmark = pytest.mark.django_db


def test_demo_application_is_a_draft_with_two_of_three_references():
    user = applicant()

    application = demo_applicant_application(user=user)

    assert application.status == ApplicationStatus.DRAFT
    assert application.category.code == "IFA"
    item = application_evaluation(application=application).checklist.item("references")
    assert (item.actual, item.required, item.met) == (2, 3, False)
    assert "1 is not yet completed" in item.explanation
    assert mail.outbox == []


def test_demo_application_is_idempotent():
    user = applicant()
    demo_applicant_application(user=user)

    assert demo_applicant_application(user=user) is None
    assert user.applications.count() == 1

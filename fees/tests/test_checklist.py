"""The checklist's "fees paid or waived" item blocks and unblocks as each requirement set says."""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant
from endorsements.models import ApplicationStatus
from endorsements.review.models import Outcome
from endorsements.review.services.decisions import unmet_items
from endorsements.selectors import application_evaluation
from endorsements.services.applications import (
    ApplicationIncomplete,
    application_open,
    application_submit,
)
from endorsements.tests.factories import category, completed_reference, ifa_portfolio, signed
from fees.models import Invoice
from fees.tests.factories import require_fees, schedule

pytestmark = pytest.mark.django_db


def settle(invoice, *, paid: int = 0, waived: int = 0):
    Invoice.objects.filter(pk=invoice.pk).update(paid_cents=paid, waived_cents=waived)


def ready(person, **fees):
    application = application_open(applicant=person, category=category("IFA"))
    require_fees(application, **fees)
    ifa_portfolio(person)
    completed_reference(application, endorsed=True)
    completed_reference(application)
    completed_reference(application)
    signed(application)
    return application


@pytest.fixture(autouse=True)
def fees():
    return schedule()


def test_an_unpaid_registration_blocks_submission_until_paid():
    person = applicant()
    application = ready(person, before_submission=["registration"])
    registration = Invoice.objects.get(application=application)

    item = application_evaluation(application=application).checklist.item("fees")
    assert not item.met
    assert registration.number in item.explanation and "$20.00" in item.explanation
    with pytest.raises(ApplicationIncomplete):
        application_submit(application=application, actor=person)

    settle(registration, paid=2000)
    assert application_evaluation(application=application).checklist.item("fees").met
    submitted = application_submit(application=application, actor=person)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_a_waiver_unblocks_submission_too():
    person = applicant()
    application = ready(person, before_submission=["registration"])
    settle(Invoice.objects.get(application=application), waived=2000)

    assert application_submit(application=application, actor=person).status == "submitted"


def test_a_fee_not_named_blocks_nothing():
    person = applicant()
    application = ready(person)  # the requirement set names no fee

    evaluation = application_evaluation(application=application)
    assert "fees" not in [i.key for i in evaluation.checklist.items]
    assert application_submit(application=application, actor=person).status == "submitted"


def test_processing_unpaid_needs_a_reason_to_endorse_until_paid():
    person = applicant()
    application = ready(person, before_decision=["processing"])
    application = application_submit(application=application, actor=person)
    processing = Invoice.objects.get(application=application, reason="application_submitted")

    unmet = unmet_items(application, outcome=Outcome.ENDORSE)
    assert [u["key"] for u in unmet] == ["fees"]
    assert unmet[0]["params"]["outstanding_cents"] == 12500

    settle(processing, paid=12500)
    assert unmet_items(application, outcome=Outcome.ENDORSE) == []


def test_the_application_page_links_the_unmet_fees_item_to_my_invoices(client):
    person = applicant()
    application = ready(person, before_submission=["registration"])
    client.force_login(person)

    response = client.get(reverse("endorsements:application_detail", args=[application.pk]))

    body = response.content.decode()
    assert "Fees paid or waived before submission" in body
    assert reverse("fees:my_invoices") in body

"""The annual renewal's hours on providing RSC apply "if you are a provider of RSC"
[mi-aimh.org], whatever category is held: the holder says so when renewing, or holds a category
whose holders all provide RSC (IFRS, IMHM-C)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ..models import RenewalSubmission
from ..services import renewals
from .factories import endorsement, evidence_for_renewal

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
DECLARATIONS = {"ethics": "on", "no_sanctions": "on"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(("answer", "status"), [("no", "approved"), ("yes", "submitted")])
def test_an_ifa_holder_who_provides_rsc_owes_the_hours_on_providing_it(client, answer, status):
    e = endorsement(issued_on=date(2025, 3, 1))  # IFA, due 31 Dec 2026
    evidence_for_renewal(user=e.holder)  # 15 hours, none on providing RSC
    client.force_login(e.holder)
    url = reverse("credentials:renew", args=[e.pk])

    page = client.get(url).content.decode()
    client.post(url, {**DECLARATIONS, "provides_rsc": answer})

    assert "Do you provide reflective supervision/consultation (RSC) to others?" in page
    assert "Training on providing reflective supervision (if you provide RSC)" in page
    submission = RenewalSubmission.objects.get(endorsement=e)
    assert submission.provides_rsc is (answer == "yes")
    assert submission.status == status
    if answer == "yes":
        item = next(i for i in submission.checklist if i["key"] == "training_rsc_provision")
        assert not item["met"] and item["params"]["applies"] == "holder"


def test_a_holder_of_a_category_of_rsc_providers_owes_them_without_being_asked(client):
    e = endorsement(code="IMHS", issued_on=date(2025, 3, 1))
    endorsement(holder=e.holder, code="IFRS", issued_on=date(2024, 2, 1))
    client.force_login(e.holder)

    cycle = renewals.renewal_cycle_for(endorsement=e)
    checklist = renewals.renewal_checklist(cycle=cycle)
    page = client.get(reverse("credentials:renew", args=[e.pk])).content.decode()

    assert cycle.rsc_provision_implied_by == "IFRS"
    assert checklist.item("training_rsc_provision").params["applies"] == "holder"
    assert "Do you provide reflective supervision/consultation" not in page
    assert "You hold IFRS, whose holders provide reflective supervision/consultation" in page


def test_the_category_being_renewed_implies_it_for_ifrs():
    e = endorsement(code="IFRS", issued_on=date(2025, 3, 1))

    checklist = renewals.renewal_checklist(cycle=renewals.renewal_cycle_for(endorsement=e))

    assert checklist.item("training_rsc_provision").params["applies"] == "category"
    assert checklist.item("training_rsc_provision").required == 3

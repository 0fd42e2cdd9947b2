"""A renewal whose hours are all verified trainings is not audited: the providers' rosters are
the evidence. Self-reported hours drawn for audit still wait for evidence."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applicants import services as applicant_services
from applicants.tests.factories import ProfileFactory, TrainingFactory
from competencies.models import Competency, RenewalPolicy
from endorsements.credentials.models import RenewalStatus
from endorsements.credentials.services import renewals
from endorsements.credentials.tests.factories import endorsement

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _today_and_everyone_drawn():
    with time_machine.travel(NOW, tick=False):
        RenewalPolicy.objects.filter(category__code="IFA").update(audit_sample_percent=Decimal(100))
        yield


def _verified(user, hours):
    applicant_services.training_record_verified(
        user=user,
        data={
            "title": "Caring, Coping and Competence",
            "provider": "Training Institute",
            "date": date(2026, 5, 1),
            "minutes": int(hours * 60),
            "format": "in_person",
            "dei": True,
        },
        competency_ids=[Competency.objects.order_by("pk").first().pk],
    )


def test_all_hours_verified_skips_the_audit():
    e = endorsement()
    ProfileFactory(user=e.holder)
    _verified(e.holder, 15)

    s = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)

    assert s.status == RenewalStatus.APPROVED


def test_self_reported_hours_are_still_audited():
    e = endorsement()
    ProfileFactory(user=e.holder)
    _verified(e.holder, 5)
    TrainingFactory(user=e.holder, date=date(2026, 5, 1), hours=Decimal(10), dei=True)

    s = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)

    assert s.status == RenewalStatus.AUDIT
    item = next(i for i in s.checklist if i["key"] == "training_hours")
    assert item["params"]["verified_minutes"] == 300  # frozen with the verified part apart

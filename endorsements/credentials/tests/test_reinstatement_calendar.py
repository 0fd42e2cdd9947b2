"""Reinstatement follows the renewal calendar: the credential comes back on the category's grid,
the hours owed are one whole cycle counted back from today, and hours counted to reinstate
never count again for the next renewal, which is pro-rated like any part cycle.

The 3-year model: deadlines on a grid anchored on 31 December 2027 and every three years after;
mid-cycle holders owe a pro-rated share [Florida, Pennsylvania and First3Years associations].
Reinstatement needs current hours (domain notes, "After endorsement"); hours counted for one
cycle never count for the next (issue 13, "Three-year renewal calendar").
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import coordinator
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.services.transitions import endorsement_transition

from ..services import renewals, requests
from .factories import endorsement, evidence_for_renewal

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/New_York")
E = EndorsementStatus


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=TZ), tick=False)


def training(user, *, on: date, hours: str) -> None:
    from applicants.tests.factories import TrainingFactory

    TrainingFactory(user=user, date=on, hours=Decimal(hours))


def lapsed_after_2027() -> Endorsement:
    """An IFA credential due 31 Dec 2027 (the first 3-year deadline), lapsed after its grace."""
    with at(date(2012, 5, 1)):
        e = endorsement(issued_on=date(2012, 5, 1))
    Endorsement.objects.filter(pk=e.pk).update(valid_through=date(2027, 12, 31))
    e.refresh_from_db()
    return endorsement_transition(endorsement=e, to=E.LAPSED, effective_on=date(2028, 1, 31))


@pytest.mark.parametrize(
    ("today", "valid_through"),
    [
        (date(2028, 4, 1), date(2030, 12, 31)),  # inside the 2028-2030 cycle of the grid
        (date(2028, 12, 30), date(2030, 12, 31)),
        # On a deadline of the grid (31 Dec 2030 is one), a credential due the same day would
        # be late at once: it comes back to the next one.
        (date(2030, 12, 31), date(2033, 12, 31)),
    ],
)
def test_reinstatement_brings_the_credential_back_on_the_three_year_grid(today, valid_through):
    e = lapsed_after_2027()

    terms = requests.reinstatement_terms(endorsement=e, today=today)

    assert terms.valid_through == valid_through
    assert terms.policy.cycle_years == 3


def test_reinstatement_owes_a_whole_cycle_counted_back_from_today_not_a_pro_rated_share():
    e = lapsed_after_2027()
    today = date(2028, 4, 1)
    with at(today):
        # 44.5 hours in the three years up to today: half an hour short of the 45 a cycle asks.
        evidence_for_renewal(user=e.holder, on=date(2025, 4, 2), hours="44.5")
        short = requests.reinstatement_terms(endorsement=e)
        # The day before the window opens does not count at all.
        training(e.holder, on=date(2025, 4, 1), hours="10")
        still_short = requests.reinstatement_terms(endorsement=e)
        training(e.holder, on=date(2028, 3, 1), hours="0.5")
        met = requests.reinstatement_terms(endorsement=e)

    assert "training_hours" in {g.key for g in short.gaps}
    assert "training_hours" in {g.key for g in still_short.gaps}
    assert not met.gaps
    hours = next(i for i in met.checklist.items if i.key == "training_hours")
    assert hours.required == Decimal("45")  # the whole cycle: nothing pro-rated


def test_hours_counted_to_reinstate_never_count_again_and_the_next_cycle_is_pro_rated():
    e = lapsed_after_2027()
    asked_on = date(2028, 4, 1)
    with at(asked_on):
        evidence_for_renewal(user=e.holder, on=asked_on - timedelta(days=30), hours="45")
        request = requests.reinstatement_request(endorsement=e, actor=e.holder)
    with at(asked_on + timedelta(days=3)):
        requests.credential_request_approve(request=request, actor=coordinator())
    e.refresh_from_db()

    with at(date(2030, 6, 1)):
        cycle = renewals.renewal_cycle_for(endorsement=e)
        checklist = renewals.renewal_checklist(cycle=cycle, ethics=True, no_sanctions=True)

    assert (e.status, e.valid_through) == (E.ACTIVE, date(2030, 12, 31))
    assert cycle.start == date(2028, 1, 1)
    assert cycle.counts_from == asked_on + timedelta(days=1)
    assert cycle.counts_from_reason == "reinstated"
    assert cycle.pro_rated
    # 1004 of the cycle's 1096 days are left after the reinstatement: 45 x 0.916 = 41.2, rounded
    # up to the half hour; the 45 hours counted to reinstate are not among them.
    hours = next(i for i in checklist.items if i.key == "training_hours")
    assert (hours.required, hours.met) == (Decimal("41.5"), False)


def test_the_renewal_page_says_the_reinstatement_counted_the_hours(client):
    e = lapsed_after_2027()
    asked_on = date(2028, 4, 1)
    with at(asked_on):
        evidence_for_renewal(user=e.holder, on=asked_on - timedelta(days=30), hours="45")
        request = requests.reinstatement_request(endorsement=e, actor=e.holder)
        requests.credential_request_approve(request=request, actor=coordinator())

    with at(date(2030, 6, 1)):
        client.force_login(e.holder)
        page = client.get(reverse("credentials:renew", args=[e.pk])).content.decode()

    assert "2 April 2028" in page
    assert "your reinstatement counted the hours up to 1 April 2028" in page

"""The demo's credential histories (`demo.credential_histories`): consistent with what the
transition services write, and agreeing with the reports and the bare SQL on any date."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from applicants.models import ApplicantProfile
from bench.reports import raw_group_by, report_rows
from demo.credential_histories import demo_endorsements
from endorsements.models import Endorsement, EndorsementEvent
from endorsements.reports.selectors import endorsed_by_region
from endorsements.reports.tests.factories import person

pytestmark = pytest.mark.django_db


def test_demo_endorsements_build_consistent_history():
    users = [person(county=c) for c in ("Hartford", "New Haven", "New London") * 10]
    today = timezone.localdate()

    events = demo_endorsements(user_ids=[u.pk for u in users], rng=random.Random(7))

    endorsements = list(Endorsement.objects.all())
    assert len(endorsements) > 0 and events == EndorsementEvent.objects.count()
    for e in endorsements:
        history = list(e.events.order_by("effective_on", "pk"))
        assert history[0].effective_on == e.issued_on and history[0].from_status == ""
        assert history[-1].to_status == e.status
        assert all(x.effective_on <= today for x in history)
        assert all(a.to_status == b.from_status for a, b in zip(history, history[1:], strict=False))
    # The report agrees with the live status today and with the bare SQL on any date.
    current = {e.holder_id for e in endorsements if e.status in ("active", "emerging")}
    assert endorsed_by_region(as_of=today).totals.total == len(current)
    for day in (today - timedelta(days=3650), today - timedelta(days=400), today):
        assert report_rows(day) == raw_group_by(day)
    # Some current RSC providers are accepting supervisees.
    assert ApplicantProfile.objects.filter(accepting_supervisees=True).exists() or not any(
        e.category.code in {"IFRS", "IMHS", "IMHM-C", "ECFRS", "ECMHS", "ECMHM-C"}
        and e.status in ("active", "emerging")
        for e in endorsements
    )


def test_demo_renewals_for_2024_to_2026_deadlines_move_onto_the_three_year_grid():
    # A renewal for a 2024 deadline is next due 31 Dec 2027 [Florida, Pennsylvania and
    # First3Years associations].
    users = [person(county=c) for c in ("Hartford", "New Haven") * 15]

    demo_endorsements(user_ids=[u.pk for u in users], rng=random.Random(3))

    renewals = EndorsementEvent.objects.filter(
        from_status="active",
        to_status="active",
        effective_on__range=(date(2024, 11, 1), date(2026, 12, 31)),
    )
    assert renewals.exists()
    assert set(renewals.values_list("valid_through", flat=True)) == {date(2027, 12, 31)}


def test_demo_endorsements_skip_people_who_already_hold_one():
    from django.db.models import Count

    ids = [person(county="Hartford").pk for _ in range(10)]
    demo_endorsements(user_ids=ids, rng=random.Random(1))
    before = dict(Endorsement.objects.values_list("holder_id").annotate(n=Count("pk")).order_by())

    demo_endorsements(user_ids=ids, rng=random.Random(2))

    after = dict(Endorsement.objects.values_list("holder_id").annotate(n=Count("pk")).order_by())
    assert before and all(after[holder] == n for holder, n in before.items())

"""The renewal page shows the right deadline, cycle and pro-rated hours for the four holders
the 3-year model has to get right.

The 3-year model: deadlines on a grid anchored on 31 December 2027 and every three years after;
holders renewed under the annual model move onto it (a renewal for a 2024 deadline is next due
31 December 2027); mid-cycle endorsees owe a pro-rated share [Florida, Pennsylvania and
First3Years associations]. Shipped: pro-rated by days, no first-renewal skip in the 3-year model,
the annual model skipping it (domain notes, "After endorsement").
"""

import re
from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from endorsements.models import Endorsement

from ..models import RenewalStatus
from ..services import renewals
from .factories import endorsement, evidence_for_renewal

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/New_York")


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=TZ), tick=False)


def page_text(client, e: Endorsement) -> str:
    client.force_login(e.holder)
    html = client.get(reverse("credentials:renew", args=[e.pk])).content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_endorsed_long_ago_owes_the_whole_three_year_cycle(client):
    with at(date(2012, 5, 1)):
        e = endorsement(issued_on=date(2012, 5, 1))
    Endorsement.objects.filter(pk=e.pk).update(valid_through=date(2027, 12, 31))
    e.refresh_from_db()

    with at(date(2027, 6, 1)):
        text = page_text(client, e)

    assert "Renewal cycle 1 January 2025 to 31 December 2027" in text
    assert "Renewal deadline 31 December 2027" in text
    assert "Hours count from 1 January 2025" in text
    assert "All of them: the whole cycle." in text
    assert "0.0 of 45 training hours between 1 January 2025 and 31 December 2027." in text
    assert "Once renewed, valid through 31 December 2030" in text


def test_endorsed_mid_cycle_owes_the_pro_rated_share(client):
    with at(date(2026, 6, 1)):
        e = endorsement(issued_on=date(2026, 6, 1))  # the annual first deadline is skipped

    with at(date(2027, 6, 1)):
        text = page_text(client, e)

    assert e.valid_through == date(2027, 12, 31)
    assert "Renewal cycle 1 January 2025 to 31 December 2027" in text
    assert "Hours count from 1 June 2026 (the day you were endorsed)" in text
    # 579 of the cycle's 1095 days: 45 x 0.529 = 23.8, rounded up to the half hour.
    assert "53%: you are in this cycle for part of it" in text
    assert (
        "0.0 of 24 training hours between 1 June 2026 and 31 December 2027 (pro-rated to 53%"
        in text
    )


@pytest.mark.parametrize(
    ("deadline", "counts_from", "share", "training"),
    [
        (
            date(2024, 12, 31),
            "Hours count from 1 January 2025 Share",  # the cycle's first day
            "All of them: the whole cycle.",
            "0.0 of 45",
        ),
        # Renewed for 2025: its hours are not counted again; two of the three years are left
        # (730 of 1095 days).
        (
            date(2025, 12, 31),
            "Hours count from 1 January 2026 (your last renewal counted the hours up to "
            "31 December 2025)",
            "67%: you are in this cycle",
            "0.0 of 30",
        ),
    ],
)
def test_renewed_under_the_annual_model_moves_onto_the_grid(
    client, django_capture_on_commit_callbacks, deadline, counts_from, share, training
):
    with at(date(2020, 3, 1)):
        e = endorsement(issued_on=date(2020, 3, 1))
    Endorsement.objects.filter(pk=e.pk).update(valid_through=deadline)
    e.refresh_from_db()
    evidence_for_renewal(user=e.holder, on=deadline.replace(month=6, day=1))

    with at(deadline.replace(month=12, day=1)), django_capture_on_commit_callbacks(execute=True):
        renewed = renewals.renewal_submit(endorsement=e, ethics=True, no_sanctions=True)
    e.refresh_from_db()
    with at(date(2027, 6, 1)):
        text = page_text(client, e)

    assert renewed.status == RenewalStatus.APPROVED
    assert e.valid_through == date(2027, 12, 31)  # not the next annual deadline
    assert "Renewal deadline 31 December 2027" in text
    assert counts_from in text
    assert share in text
    assert f"{training} training hours" in text


def test_newly_endorsed_owes_nothing_on_the_day_and_is_due_on_the_next_deadline(client):
    with at(date(2027, 12, 31)):
        e = endorsement(issued_on=date(2027, 12, 31))
        text = page_text(client, e)

    assert e.valid_through == date(2030, 12, 31)
    assert "Renewal deadline 31 December 2030" in text
    assert "Renewal cycle 1 January 2028 to 31 December 2030" in text
    assert "Hours count from 1 January 2028" in text
    assert "Once renewed, valid through 31 December 2033" in text

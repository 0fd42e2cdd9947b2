"""The renewal and reinstatement pages state the fee schedule's amounts in effect on the day
(the same the invoice charges), never a figure of their own: checked either side of the day
a new amount takes effect."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from endorsements.models import EndorsementStatus
from endorsements.services.transitions import endorsement_transition
from fees.models import Fee, FeeKind, Invoice, InvoiceReason

from ..services import requests
from .factories import endorsement, evidence_for_renewal

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("America/New_York")


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZONE)


def two_rows(kind: str, *, before: int, after: int, changes_on: date) -> None:
    """`before` cents up to the day before `changes_on`, `after` cents from it on."""
    Fee.objects.create(
        kind=kind,
        amount_cents=before,
        effective_from=date(2020, 1, 1),
        effective_to=changes_on - timedelta(days=1),
    )
    Fee.objects.create(kind=kind, amount_cents=after, effective_from=changes_on)


@pytest.mark.parametrize(
    ("day", "stated"), [(date(2027, 1, 14), "$25.00"), (date(2027, 1, 15), "$35.00")]
)
def test_the_renewal_page_states_the_late_fee_in_effect_that_day(client, day, stated):
    e = endorsement(issued_on=date(2025, 3, 1))  # deadline 31 Dec 2026, grace to 30 Jan 2027
    two_rows(FeeKind.LATE_RENEWAL, before=2500, after=3500, changes_on=date(2027, 1, 15))
    Fee.objects.create(kind=FeeKind.RENEWAL, amount_cents=3000, effective_from=date(2020, 1, 1))

    with time_machine.travel(noon(day), tick=False):
        client.force_login(e.holder)  # signed in that day (a session made today expires)
        body = client.get(reverse("credentials:renew", args=[e.pk])).content.decode()

    assert f"a late fee of {stated} applies" in body
    assert "$30.00, invoiced when you send the renewal." in body


def test_the_renewal_page_states_no_late_fee_before_the_deadline(client):
    e = endorsement(issued_on=date(2025, 3, 1))
    two_rows(FeeKind.LATE_RENEWAL, before=2500, after=3500, changes_on=date(2027, 1, 15))

    with time_machine.travel(noon(date(2026, 12, 1)), tick=False):
        client.force_login(e.holder)
        body = client.get(reverse("credentials:renew", args=[e.pk])).content.decode()

    assert "late fee" not in body and "Renewal fee" not in body  # no renewal row: no fee


def lapsed_on(day: date):
    e = endorsement(issued_on=date(2024, 3, 1))  # deadline 31 Dec 2025
    return endorsement_transition(endorsement=e, to=EndorsementStatus.LAPSED, effective_on=day)


@pytest.mark.parametrize(
    ("day", "stated", "cents"),
    [(date(2026, 6, 30), "$50.00", 5000), (date(2026, 7, 1), "$75.00", 7500)],
)
def test_the_reinstatement_page_states_what_the_invoice_then_charges(client, day, stated, cents):
    two_rows(FeeKind.REINSTATEMENT, before=5000, after=7500, changes_on=date(2026, 7, 1))
    e = lapsed_on(date(2026, 3, 1))
    client.force_login(e.holder)

    evidence_for_renewal(user=e.holder, on=date(2026, 5, 1), hours="15")

    with time_machine.travel(noon(day), tick=False):
        body = client.get(reverse("credentials:reinstate", args=[e.pk])).content.decode()
        terms = requests.reinstatement_terms(endorsement=e)
        asked = requests.reinstatement_request(endorsement=e, actor=e.holder)

    assert f"{stated}, invoiced when you ask" in body
    assert terms.fee_cents == cents
    invoice = Invoice.objects.get(reason=InvoiceReason.REINSTATEMENT_REQUESTED)
    assert invoice.total_cents == cents and invoice.issued_on == day
    assert asked.fee_amount * 100 == cents


def test_with_no_reinstatement_fee_in_the_schedule_the_page_says_so(client):
    e = lapsed_on(date(2026, 3, 1))
    client.force_login(e.holder)

    with time_machine.travel(noon(date(2026, 6, 30)), tick=False):
        body = client.get(reverse("credentials:reinstate", args=[e.pk])).content.decode()

    assert "No fee." in body
